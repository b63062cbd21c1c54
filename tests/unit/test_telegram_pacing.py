"""Send pacing: 1/s per chat, 20/min per group, 30/s overall, without real waiting."""

from __future__ import annotations

import asyncio

import pytest

from groupbot.adapters.telegram.config import TelegramLimitSettings
from groupbot.adapters.telegram.pacing import SendWindow, TelegramRateLimiter
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


class Posts:
    """Sends through a limiter on virtual time; records when each request went out."""

    def __init__(self, **limits: float) -> None:
        self.clock = VirtualTime()
        self.start = self.clock.now
        settings = TelegramLimitSettings.model_validate(limits)
        self.limiter = TelegramRateLimiter(settings, monotonic=self.clock.monotonic, sleep=self.clock.sleep)
        self.sent: list[tuple[int, float]] = []

    async def post(self, chat_id: int, endpoint: str = "sendMessage") -> None:
        async def request() -> bool:
            self.sent.append((chat_id, self.clock.now - self.start))
            return True

        assert await self.limiter.process_request(request, (), {}, endpoint, {"chat_id": chat_id}, None)

    def times(self, chat_id: int) -> list[float]:
        return [at for chat, at in self.sent if chat == chat_id]


async def test_one_message_per_second_per_chat() -> None:
    posts = Posts()
    for _ in range(3):
        await posts.post(PERSON)
    assert posts.times(PERSON) == [0.0, 1.0, 2.0]


async def test_twenty_per_minute_in_a_group() -> None:
    posts = Posts()
    for _ in range(21):
        await posts.post(GROUP)
    times = posts.times(GROUP)
    assert times[:20] == [float(n) for n in range(20)]
    assert times[20] == 60.0, "the 21st waits until the first leaves the minute"


async def test_chats_do_not_wait_for_each_other() -> None:
    posts = Posts()
    await asyncio.gather(posts.post(GROUP), posts.post(GROUP), posts.post(OTHER_GROUP))
    assert [chat for chat, _at in posts.sent] == [GROUP, OTHER_GROUP, GROUP]
    assert posts.clock.slept == [1.0], "only the group's second message waited"


async def test_thirty_per_second_overall() -> None:
    posts = Posts()
    await asyncio.gather(*(posts.post(-1000 - n) for n in range(31)))
    times = sorted(at for _chat, at in posts.sent)
    assert times[:30] == [0.0] * 30 and times[30] == 1.0


@pytest.mark.parametrize("endpoint", ["getChatMember", "answerCallbackQuery"])
async def test_reads_and_acknowledgements_are_not_paced(endpoint: str) -> None:
    posts = Posts()
    for _ in range(3):
        await posts.post(PERSON, endpoint)
    assert posts.times(PERSON) == [0.0, 0.0, 0.0]
