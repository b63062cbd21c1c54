"""Send pacing, so a bot account does not look like a spammer to its platform.

QQ flags accounts that post bursts into a group, and a WeCom group robot accepts
20 messages a minute. :class:`SendPacer` spaces sends per key (a group, a
webhook) and keeps their order. Time comes from injectable ``monotonic`` and
``sleep`` so tests never wait for real.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

__all__ = ["SendPacer"]

WINDOW = 60.0


class SendPacer:
    """At most ``per_minute`` sends in any 60 s per key, and ``interval`` seconds apart."""

    def __init__(
        self,
        interval: float,
        per_minute: int,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = interval
        self._per_minute = per_minute
        self._monotonic = monotonic
        self._sleep = sleep
        self._locks: dict[str, asyncio.Lock] = {}
        self._sent: dict[str, deque[float]] = {}

    @asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        """Wait until ``key`` may send, then hold its turn while the caller sends."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            while (delay := self._delay(key)) > 0:
                await self._sleep(delay)
            self._sent.setdefault(key, deque()).append(self._monotonic())
            yield

    def _delay(self, key: str) -> float:
        sent = self._sent.get(key)
        if not sent:
            return 0.0
        now = self._monotonic()
        while sent and now - sent[0] >= WINDOW:
            sent.popleft()
        if not sent:
            return 0.0
        delay = sent[-1] + self._interval - now
        if len(sent) >= self._per_minute:
            delay = max(delay, sent[0] + WINDOW - now)
        return delay
