"""Did-you-mean offers waiting for the asker to reply with a number."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from groupbot.core.messages import IncomingMessage
from groupbot.core.ports import UnitOfWork
from groupbot.features.answering.recall import asker_key, question_from_data, question_to_data
from groupbot.features.handled import Remember

__all__ = ["OFFER", "Offer", "PendingChoices"]

log = logging.getLogger(__name__)
OFFER_KIND = "offer"
OFFER = f"{OFFER_KIND}:"
"""The short-memory keys of offers start with this."""


@dataclass(frozen=True, slots=True)
class Offer:
    """The entries offered in answer to ``question``; ``text`` is what the asker typed (cleaned)."""

    question: IncomingMessage
    text: str
    entry_ids: tuple[str, ...]
    locale: str | None = None  # the offer's language; None in offers stored before it was kept


class PendingChoices:
    """Remembers, per asker and chat, the entries last offered and the question they answer."""

    def __init__(self, ttl: timedelta = timedelta(minutes=10)) -> None:
        self._ttl = ttl

    def offer(self, question: IncomingMessage, text: str, entry_ids: tuple[str, ...], locale: str) -> Remember:
        """The step that remembers ``entry_ids`` were offered, in ``locale``, for ``question`` (asked as ``text``)."""
        value = {"question": question_to_data(question), "text": text, "entries": list(entry_ids), "locale": locale}

        async def keep(uow: UnitOfWork) -> None:
            await uow.memory.keep(asker_key(OFFER_KIND, question), value, question.received + self._ttl)

        return keep

    async def pending(self, message: IncomingMessage, uow: UnitOfWork) -> Offer | None:
        """The offer still open to this sender in this chat, if any."""
        key = asker_key(OFFER_KIND, message)
        value = (await uow.memory.recall([key], message.received)).get(key)
        return None if value is None else _offer(value)

    async def lapsed(self, uow: UnitOfWork, now: datetime, limit: int) -> list[Offer | None]:
        """Take at most ``limit`` offers that expired by ``now`` with no reply, oldest first; None for one
        that cannot be read (logged: it is dropped)."""
        offers: list[Offer | None] = []
        for key, value in await uow.memory.lapse(OFFER, now, limit):
            try:
                offers.append(_offer(value))
            except (KeyError, TypeError, ValueError):  # not an offer this version wrote
                log.warning("dropped an expired offer that cannot be read: %s", key)
                offers.append(None)
        return offers

    def take(self, message: IncomingMessage) -> Remember:
        """The step that forgets the sender's offer once it has been answered."""

        async def forget(uow: UnitOfWork) -> None:
            await uow.memory.forget(asker_key(OFFER_KIND, message))

        return forget


def _offer(value: dict[str, Any]) -> Offer:
    return Offer(question_from_data(value["question"]), value["text"], tuple(value["entries"]), value.get("locale"))
