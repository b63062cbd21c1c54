"""A sliding-window rate limit per key (a user, an address), on the caller's clock."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

__all__ = ["RateLimit"]


class RateLimit:
    """At most ``limit`` events per ``window`` for each key; time is passed in, never read here."""

    def __init__(self, limit: int, window: timedelta, max_keys: int = 10_000) -> None:
        self._limit = limit
        self._window = window
        self._max_keys = max_keys
        self._events: dict[str, deque[datetime]] = {}

    def allow(self, key: str, now: datetime) -> bool:
        """Record an event for ``key`` at ``now`` unless it would exceed the limit; True if allowed."""
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self._window:
            events.popleft()
        if len(events) >= self._limit:
            return False
        events.append(now)
        if len(self._events) > self._max_keys:  # keep memory bounded under a spray of keys
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: datetime) -> None:
        idle = [key for key, events in self._events.items() if not events or events[-1] <= now - self._window]
        for key in idle:
            del self._events[key]
