"""A bounded memory of recent keys, for the adapter's short-lived bookkeeping.

The adapter remembers a few things only for a while (update ids already seen,
which message a button press answers, questions already answered, migrated
chats); this keeps each of them from growing without bound.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

__all__ = ["Recent"]

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """The ``capacity`` most recently stored keys with their values; older ones fall out."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._items: OrderedDict[K, V] = OrderedDict()

    def put(self, key: K, value: V) -> None:
        """Store ``value`` under ``key`` as the newest entry."""
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def get(self, key: K) -> V | None:
        """The value for ``key``, or None if never stored or forgotten."""
        return self._items.get(key)

    def add_new(self, key: K, value: V) -> bool:
        """Store ``key`` unless present; True if it was new."""
        if key in self._items:
            return False
        self.put(key, value)
        return True

    def __contains__(self, key: object) -> bool:
        return key in self._items
