"""Did-you-mean offers waiting for the asker to reply with a number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from groupbot.core.messages import IncomingMessage

__all__ = ["PendingChoices"]

_MAX_PENDING = 10_000


@dataclass(frozen=True, slots=True)
class _Offer:
    entry_ids: tuple[str, ...]
    expires: datetime


class PendingChoices:
    """Remembers, per asker and chat, the entries last offered and until when."""

    def __init__(self, ttl: timedelta = timedelta(minutes=10)) -> None:
        self._ttl = ttl
        self._offers: dict[tuple[str, str], _Offer] = {}

    def offer(self, message: IncomingMessage, entry_ids: tuple[str, ...]) -> None:
        """Remember that ``entry_ids`` were offered to the sender of ``message``."""
        if len(self._offers) >= _MAX_PENDING:
            self._drop_expired(message.time)
        self._offers[_key(message)] = _Offer(entry_ids, message.time + self._ttl)

    def pending(self, message: IncomingMessage) -> tuple[str, ...]:
        """The entries still offered to this sender in this chat, if any."""
        offer = self._offers.get(_key(message))
        if offer is None or offer.expires < message.time:
            return ()
        return offer.entry_ids

    def take(self, message: IncomingMessage) -> None:
        """Forget the sender's offer once it has been answered."""
        self._offers.pop(_key(message), None)

    def _drop_expired(self, now: datetime) -> None:
        for key in [key for key, offer in self._offers.items() if offer.expires < now]:
            del self._offers[key]
        while len(self._offers) >= _MAX_PENDING:
            del self._offers[next(iter(self._offers))]


def _key(message: IncomingMessage) -> tuple[str, str]:
    return message.chat.key, message.sender.user_id
