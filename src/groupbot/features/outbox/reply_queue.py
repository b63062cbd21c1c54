"""Replies that go to other chats (ops announcements, answers posted to the groups that asked)
wait in the outbox, written in the same commit as the change that caused them.

The reply to the message's own chat is still sent right after the commit: the
person is waiting for it, and if it is lost they simply ask again. So is a reply
marked ``deliver: direct`` (a sign-in link in a direct message: never stored).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from groupbot.core.escalation import reply_payload
from groupbot.core.messages import IncomingMessage, Reply, ReplyKind
from groupbot.core.outbox import OutboxKind, new_message
from groupbot.core.ports import Clock, UnitOfWork
from groupbot.core.routing import Destination, DestinationKind

__all__ = ["ReplyOutbox"]

log = logging.getLogger(__name__)

_KINDS = {ReplyKind.ANNOUNCEMENT: OutboxKind.ANNOUNCEMENT, ReplyKind.ANSWER: OutboxKind.RESOLUTION}


class ReplyOutbox:
    """Diverts replies for other chats into the outbox; :meth:`deliver` sends them once committed."""

    def __init__(self, clock: Clock, send: Callable[[Sequence[int]], Awaitable[object]]) -> None:
        self._clock = clock
        self._send = send

    async def deliver(self, message_ids: Sequence[int]) -> None:
        """Send the diverted messages now, after the commit, keeping the conversation in order.

        A failure leaves them to the background sender's retries.
        """
        if not message_ids:
            return
        try:
            await self._send(message_ids)
        except Exception:  # they are committed; the background sender picks them up
            log.exception("could not send outbox messages %s right away", list(message_ids))

    async def divert(
        self, uow: UnitOfWork, message: IncomingMessage, replies: Sequence[Reply]
    ) -> tuple[tuple[Reply, ...], list[int]]:
        """Queue the replies meant for other chats; return the ones to send now and the queued ids."""
        direct: list[Reply] = []
        elsewhere: list[Reply] = []
        for reply in replies:
            here = reply.chat.key == message.chat.key or reply.meta.get("deliver") == "direct"
            (direct if here else elsewhere).append(reply)
        return tuple(direct), await self.queue(uow, elsewhere)

    async def queue(self, uow: UnitOfWork, replies: Sequence[Reply]) -> list[int]:
        """Put ``replies`` in the outbox with ``uow``; their ids, for :meth:`deliver` once committed."""
        now, queued = self._clock.now(), []
        for reply in replies:
            target = Destination(DestinationKind.CHAT, f"{reply.chat.platform}:{reply.chat.chat_id}")
            ticket = reply.meta.get("ticket", "")
            number = int(ticket) if ticket.isascii() and ticket.isdecimal() else None
            kind = _KINDS.get(reply.kind, OutboxKind.ANNOUNCEMENT)
            stored = await uow.outbox.add(new_message(kind, target, reply_payload(reply), now, ticket_number=number))
            queued.append(stored.id)
        return queued
