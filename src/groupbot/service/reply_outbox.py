"""Replies that go to other chats (ops announcements, answers posted to the groups that asked)
wait in the outbox, written in the same commit as the change that caused them.

The reply to the message's own chat is still sent right after the commit: the
person is waiting for it, and if it is lost they simply ask again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from groupbot.core.escalation import reply_payload
from groupbot.core.messages import IncomingMessage, Reply, ReplyKind
from groupbot.core.outbox import OutboxKind, new_message
from groupbot.core.ports import Clock, UnitOfWork
from groupbot.core.routing import Destination, DestinationKind

__all__ = ["ReplyOutbox"]

_KINDS = {ReplyKind.ANNOUNCEMENT: OutboxKind.ANNOUNCEMENT, ReplyKind.ANSWER: OutboxKind.RESOLUTION}


class ReplyOutbox:
    """Diverts replies for other chats into the outbox; :meth:`wake` nudges the sender after the commit."""

    def __init__(self, clock: Clock, wake: Callable[[], None] = lambda: None) -> None:
        self._clock = clock
        self.wake = wake

    async def divert(self, uow: UnitOfWork, message: IncomingMessage, replies: Sequence[Reply]) -> tuple[Reply, ...]:
        """Queue the replies meant for other chats; return the ones to send now."""
        now, direct = self._clock.now(), []
        for reply in replies:
            if reply.chat.key == message.chat.key:
                direct.append(reply)
                continue
            target = Destination(DestinationKind.CHAT, f"{reply.chat.platform}:{reply.chat.chat_id}")
            ticket = reply.meta.get("ticket", "")
            kind = _KINDS.get(reply.kind, OutboxKind.ANNOUNCEMENT)
            await uow.outbox.add(new_message(kind, target, reply_payload(reply), now,
                                             ticket_number=int(ticket) if ticket.isdigit() else None))
        return tuple(direct)
