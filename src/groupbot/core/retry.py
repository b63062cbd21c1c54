"""How long to keep trying when the database is unavailable, and the waits in between."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

__all__ = ["Sleep", "StoreRetry"]

Sleep = Callable[[float], Awaitable[None]]
"""Waits that many seconds (``asyncio.sleep``; tests pass one that moves a fake clock)."""


@dataclass(frozen=True, slots=True)
class StoreRetry:
    """Exponential waits from ``first`` to ``longest`` seconds, until they add up to ``patience``.

    The defaults ride out a stall of a couple of minutes (a long migration, a
    failover) before a message is given up on and the asker gets an apology.
    """

    first: float = 0.5
    factor: float = 2.0
    longest: float = 15.0
    patience: float = 180.0

    def waits(self) -> Iterator[float]:
        """The waits before each further attempt; they end when the next would exceed the patience."""
        wait, total = self.first, 0.0
        while total + wait <= self.patience:
            yield wait
            total += wait
            wait = min(self.longest, wait * self.factor)
