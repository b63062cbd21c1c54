"""Replies that could not be delivered: recorded, and announced to ops.

A lost reply must not vanish: each one becomes an audit record, and when an
ops chat is configured (and the lost reply was not headed there) ops are told
who missed what, so they can answer by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from groupbot.core.delivery import DeliveryError
from groupbot.core.messages import ChatRef, Reply, ReplyKind, SentReceipt
from groupbot.core.ports import Clock, UnitOfWorkFactory
from groupbot.features.chats.language import spoken_in
from groupbot.features.texts import one_line, render

__all__ = ["DeliveryFailures"]

log = logging.getLogger(__name__)
QUOTE_CHARS = 200
Send = Callable[[Reply], Awaitable[SentReceipt | None]]


class DeliveryFailures:
    """The ``on_failure`` hook of :class:`~groupbot.features.outbox.outbound.Outbound`."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ops_chat: ChatRef | None, locale: str) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._ops_chat = ops_chat
        self._locale = locale
        self.send: Send | None = None

    async def __call__(self, error: DeliveryError) -> None:
        """Record ``error`` and tell the ops chat about it."""
        locale = await self._record(error)
        notice = self._notice(error.reply, error.reason, locale)
        if notice is not None and self.send is not None:
            await self.send(notice)

    async def _record(self, error: DeliveryError) -> str:
        """Audit the failure; returns the ops chat's language for the notice."""
        reply = error.reply
        detail = f"{reply.kind.value} reply to message {reply.reply_to_message_id}: {error.reason}"
        async with self._uow_factory() as uow:
            await uow.audit.record(
                time=self._clock.now(),
                platform=reply.chat.platform,
                chat_id=reply.chat.chat_id,
                actor="bot",
                action="deliver",
                outcome="failed",
                detail=f"{detail} | {reply.text[:QUOTE_CHARS]}",
            )
            locale = await spoken_in(uow, self._ops_chat, self._locale)
            await uow.commit()
        return locale

    def _notice(self, reply: Reply, reason: str, locale: str) -> Reply | None:
        if self._ops_chat is None or reply.chat.key == self._ops_chat.key:
            return None  # a failed notice to the ops chat itself would only fail again
        text = render(
            "delivery_failed",
            locale,
            chat=reply.chat.title or reply.chat.chat_id,
            platform=reply.chat.platform,
            reason=reason,
            quote=one_line(reply.text, QUOTE_CHARS),
        )
        return Reply(self._ops_chat, text, ReplyKind.NOTICE)
