"""A small bounded map whose entries expire: the bot's short memory (offers, cool-downs, pending feedback)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from groupbot.core.messages import IncomingMessage

__all__ = ["MAX_ENTRIES", "ExpiringMap", "asker_key"]

MAX_ENTRIES = 10_000
K = TypeVar("K")
V = TypeVar("V")


def asker_key(message: IncomingMessage) -> tuple[str, str]:
    """Who asked where: the sender of ``message`` in its chat."""
    return message.chat.key, message.sender.user_id


@dataclass(frozen=True, slots=True)
class _Kept(Generic[V]):
    value: V
    expires: datetime


class ExpiringMap(Generic[K, V]):
    """Values kept for ``ttl`` after they were put, at most ``max_entries`` of them.

    Times are the messages' own, so tests need no sleeping. Entries are kept
    in the order they were put, so the expired and, when full, the oldest are
    dropped from the front without scanning the rest.
    """

    def __init__(self, ttl: timedelta, max_entries: int = MAX_ENTRIES) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._kept: dict[K, _Kept[V]] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def put(self, key: K, value: V, now: datetime) -> None:
        """Keep ``value`` under ``key`` until ``now + ttl`` (replacing any earlier value)."""
        self._kept.pop(key, None)
        self._drop_front(now)
        self._kept[key] = _Kept(value, now + self._ttl)

    def get(self, key: K, now: datetime) -> V | None:
        """The value under ``key`` if it has not expired by ``now``."""
        kept = self._kept.get(key)
        return kept.value if kept is not None and now < kept.expires else None

    def pop(self, key: K) -> None:
        """Forget ``key``."""
        self._kept.pop(key, None)

    def _drop_front(self, now: datetime) -> None:
        while self._kept:
            key, kept = next(iter(self._kept.items()))
            if kept.expires > now and len(self._kept) < self._max:
                return
            del self._kept[key]
