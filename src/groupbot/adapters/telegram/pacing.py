"""Outgoing pacing inside Telegram's limits: per chat, per group and overall.

Telegram answers 429 to a bot that sends more than about one message a second
to a chat, twenty a minute to a group, or thirty a second overall. Rather than
provoke 429s we wait for a slot before each request: the shared
:class:`~groupbot.adapters.pacing.SendPacer` spaces each chat's sends (and keeps
them in order), then :class:`SendWindow` books a slot under the overall limit
at the moment the chat's turn comes, so its bookings stay in time order and a
slow chat never holds up the others.

Time comes from injectable ``monotonic`` and ``sleep`` so tests do not wait.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.ext import BaseRateLimiter

from groupbot.adapters.pacing import SendPacer
from groupbot.adapters.telegram.config import TelegramLimitSettings

__all__ = ["SendWindow", "TelegramRateLimiter"]

# Methods that post into a chat; reads (getMe, getChatMember, ...) are not paced.
PACED_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument"})
_UNLIMITED_PER_MINUTE = 10**9  # private chats have only the per-second limit


class SendWindow:
    """At most ``count`` sends in any ``period`` seconds; bookings must not go back in time."""

    def __init__(self, count: int, period: float) -> None:
        self._count = count
        self._period = period
        self._booked: deque[float] = deque(maxlen=count)

    def earliest(self, now: float) -> float:
        """The first moment at or after ``now`` with a free slot."""
        if len(self._booked) < self._count:
            return now
        return max(now, self._booked[0] + self._period)

    def book(self, at: float) -> None:
        """Take the slot at ``at`` (from :meth:`earliest`)."""
        self._booked.append(at)


class TelegramRateLimiter(BaseRateLimiter[None]):
    """PTB rate limiter that waits for the chat's turn and an overall slot before posting.

    429s that still happen (another client on the same token, a stricter limit
    than documented) surface as ``RetryAfter`` to the sender, which honours them.
    """

    def __init__(
        self,
        limits: TelegramLimitSettings,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        interval = 1.0 / limits.per_chat_per_second
        self._groups = SendPacer(interval, limits.per_group_per_minute, monotonic=monotonic, sleep=sleep)
        self._people = SendPacer(interval, _UNLIMITED_PER_MINUTE, monotonic=monotonic, sleep=sleep)
        self._overall = SendWindow(limits.overall_per_second, 1.0)
        self._monotonic = monotonic
        self._sleep = sleep

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for the chat's turn and an overall slot, then make the request."""
        chat_id = _int_or_none(data.get("chat_id"))
        if endpoint not in PACED_METHODS or chat_id is None:
            return await callback(*args, **kwargs)
        # Groups, supergroups and channels have negative ids.
        pacer = self._groups if chat_id < 0 else self._people
        async with pacer.turn(str(chat_id)):
            # The chat's clock starts at its turn; a wait for the overall limit (rare: over
            # 30 messages a second) makes the real gap to its next message only longer.
            slot = self._overall.earliest(self._monotonic())
            self._overall.book(slot)
            await self._wait_until(slot)
            return await callback(*args, **kwargs)

    async def _wait_until(self, at: float) -> None:
        delay = at - self._monotonic()
        if delay > 0:
            await self._sleep(delay)


def _int_or_none(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
