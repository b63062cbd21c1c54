"""Send pacing: 1/s per chat, 20/min per group, 30/s overall, without real waiting."""

from __future__ import annotations

import pytest

from groupbot.adapters.telegram.pacing import SendSchedule, SendWindow, TelegramRateLimiter
from groupbot.settings import TelegramLimitSettings
from tests.adapters.support import VirtualTime

GROUP, OTHER_GROUP, PERSON = -100, -200, 42


def test_window_allows_count_then_waits_for_the_oldest_to_expire() -> None:
    window = SendWindow(3, 10.0)
    times = []
    for _ in range(5):
        at = window.earliest(0.0)
        window.book(at)
        times.append(at)
    assert times == [0.0, 0.0, 0.0, 10.0, 10.0]


def test_one_message_per_second_per_chat() -> None:
    schedule = SendSchedule(TelegramLimitSettings())
    assert [schedule.book_chat(PERSON, 0.0) for _ in range(3)] == [0.0, 1.0, 2.0]


def test_twenty_per_minute_in_a_group() -> None:
    schedule = SendSchedule(TelegramLimitSettings())
    slots = [schedule.book_chat(GROUP, 0.0) for _ in range(21)]
    assert slots[:20] == [float(n) for n in range(20)]
    assert slots[20] == 60.0, "the 21st waits until the first leaves the minute"


def test_chats_do_not_wait_for_each_other() -> None:
    schedule = SendSchedule(TelegramLimitSettings())
    schedule.book_chat(GROUP, 0.0)
    schedule.book_chat(GROUP, 0.0)
    assert schedule.book_chat(OTHER_GROUP, 0.0) == 0.0


def test_thirty_per_second_overall() -> None:
    schedule = SendSchedule(TelegramLimitSettings())
    slots = [schedule.book_overall(0.5) for _ in range(31)]
    assert slots[:30] == [0.5] * 30 and slots[30] == 1.5


@pytest.mark.parametrize(("endpoint", "paced"), [("sendMessage", True), ("getChatMember", False)])
async def test_rate_limiter_waits_only_before_posting(endpoint: str, paced: bool) -> None:
    clock = VirtualTime()
    start = clock.now
    limiter = TelegramRateLimiter(TelegramLimitSettings(), monotonic=clock.monotonic, sleep=clock.sleep)
    calls = []

    async def request() -> bool:
        calls.append(clock.now)
        return True

    for _ in range(3):
        assert await limiter.process_request(request, (), {}, endpoint, {"chat_id": PERSON}, None)

    assert calls == ([start, start + 1, start + 2] if paced else [start] * 3)
