"""Did-you-mean offers waiting for the asker to reply with a number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from groupbot.core.messages import IncomingMessage
from groupbot.features.answering.expiring import ExpiringMap, asker_key

__all__ = ["Offer", "PendingChoices"]


@dataclass(frozen=True, slots=True)
class Offer:
    """The entries offered in answer to ``question``; ``text`` is what the asker typed (cleaned)."""

    question: IncomingMessage
    text: str
    entry_ids: tuple[str, ...]


class PendingChoices:
    """Remembers, per asker and chat, the entries last offered and the question they answer."""

    def __init__(self, ttl: timedelta = timedelta(minutes=10)) -> None:
        self._offers: ExpiringMap[tuple[str, str], Offer] = ExpiringMap(ttl)

    def offer(self, question: IncomingMessage, text: str, entry_ids: tuple[str, ...]) -> None:
        """Remember that ``entry_ids`` were offered for ``question`` (asked as ``text``)."""
        self._offers.put(asker_key(question), Offer(question, text, entry_ids), question.received)

    def pending(self, message: IncomingMessage) -> Offer | None:
        """The offer still open to this sender in this chat, if any."""
        return self._offers.get(asker_key(message), message.received)

    def take(self, message: IncomingMessage) -> None:
        """Forget the sender's offer once it has been answered."""
        self._offers.pop(asker_key(message))
