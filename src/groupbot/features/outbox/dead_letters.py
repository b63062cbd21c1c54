"""Tell the ops chat when an outbox message is parked as dead, so someone fixes it and sends /retry."""

from __future__ import annotations

from groupbot.core.escalation import chat_payload
from groupbot.core.outbox import OutboxKind, OutboxMessage, new_message
from groupbot.core.ports import Clock, UnitOfWork
from groupbot.core.routing import Destination
from groupbot.features.chats.language import spoken_in
from groupbot.features.texts import render

__all__ = ["DeadLetterNotice"]

ERROR_CHARS = 200


class DeadLetterNotice:
    """The sender's ``on_dead`` hook: one notice per dead message, never about notices to the ops chat itself."""

    def __init__(self, ops_chat: Destination | None, clock: Clock, locale: str = "zh-CN") -> None:
        self._ops_chat = ops_chat
        self._clock = clock
        self._locale = locale

    async def __call__(self, uow: UnitOfWork, dead: OutboxMessage) -> None:
        """Queue the notice in the transaction that records ``dead``."""
        if self._ops_chat is None or dead.destination == self._ops_chat:
            return  # a notice to a chat we cannot reach would only die too
        locale = await spoken_in(uow, self._ops_chat, self._locale)
        text = render("outbox_dead_notice", locale, id=dead.id, kind=dead.kind.value,
                      destination=str(dead.destination), attempts=dead.attempts, error=dead.last_error[:ERROR_CHARS])
        notice = new_message(OutboxKind.ANNOUNCEMENT, self._ops_chat, chat_payload(text), self._clock.now(),
                             ticket_number=dead.ticket_number)
        await uow.outbox.add(notice)
