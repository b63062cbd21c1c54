"""Outgoing pacing inside Telegram's limits: per chat, per group and overall.

Telegram answers 429 to a bot that sends more than about one message a second
to a chat, twenty a minute to a group, or thirty a second overall. Rather than
provoke 429s we book a send slot before each request. Slots per chat are booked
in time order (each after the previous one), and the overall slot is booked at
the moment the chat slot arrives, so every window's bookings stay sorted and a
window is simply "the last N bookings". A slow chat never blocks other chats.

Time comes from injectable ``monotonic`` and ``sleep`` so tests do not wait.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.ext import BaseRateLimiter

from groupbot.settings import TelegramLimitSettings

__all__ = ["SendSchedule", "SendWindow", "TelegramRateLimiter"]

# Methods that post into a chat; reads (getMe, getChatMember, ...) are not paced.
PACED_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument"})
_IDLE_AFTER = 60.0


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

    @property
    def last(self) -> float:
        """The latest booking, or -inf when none."""
        return self._booked[-1] if self._booked else float("-inf")


class SendSchedule:
    """Books send slots; pure arithmetic over the times it is given."""

    def __init__(self, limits: TelegramLimitSettings) -> None:
        self._limits = limits
        self._chats: dict[int, tuple[SendWindow, ...]] = {}
        self._overall = SendWindow(limits.overall_per_second, 1.0)

    def book_chat(self, chat_id: int, now: float) -> float:
        """Book the next slot for ``chat_id``; returns when it may send."""
        windows = self._chats.get(chat_id) or self._new_chat(chat_id, now)
        at = max(window.earliest(now) for window in windows)
        for window in windows:
            window.book(at)
        return at

    def book_overall(self, now: float) -> float:
        """Book a slot against the overall limit; call when the chat slot arrived."""
        at = self._overall.earliest(now)
        self._overall.book(at)
        return at

    def _new_chat(self, chat_id: int, now: float) -> tuple[SendWindow, ...]:
        if len(self._chats) >= 1024:
            self._forget_idle(now)
        windows = (SendWindow(1, 1.0 / self._limits.per_chat_per_second),)
        if chat_id < 0:  # groups, supergroups and channels have negative ids
            windows += (SendWindow(self._limits.per_group_per_minute, 60.0),)
        self._chats[chat_id] = windows
        return windows

    def _forget_idle(self, now: float) -> None:
        idle = [chat for chat, windows in self._chats.items() if windows[0].last < now - _IDLE_AFTER]
        for chat in idle:
            del self._chats[chat]


class TelegramRateLimiter(BaseRateLimiter[None]):
    """PTB rate limiter that waits for a :class:`SendSchedule` slot before posting.

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
        self._schedule = SendSchedule(limits)
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
        """Wait for the chat's and the overall slot, then make the request."""
        chat_id = _int_or_none(data.get("chat_id"))
        if endpoint in PACED_METHODS and chat_id is not None:
            await self._wait_until(self._schedule.book_chat(chat_id, self._monotonic()))
            await self._wait_until(self._schedule.book_overall(self._monotonic()))
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
