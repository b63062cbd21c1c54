"""Console actions run as chat commands of the signed-in user: the same use case, rules and audit trail.

A button in the console becomes the command an ops user would type
(``/resolve 12 text``) and goes through the bot's own command router: the
same permission check, the same handler, the same ticket events; answers for
the groups go out through the outbox exactly as from the chat.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Sender
from groupbot.core.ports import Clock, UnitOfWorkFactory
from groupbot.features.commands.router import CommandRouter
from groupbot.features.outbox.reply_queue import ReplyOutbox
from groupbot.web.sessions import Session

__all__ = ["CONSOLE_CHAT", "CommandOutcome", "ConsoleCommands"]

CONSOLE_CHAT = "web"
"""The chat id console actions carry in events and audit records."""


@dataclass(frozen=True, slots=True)
class CommandOutcome:
    """What the command answered (shown to the user) and whether it went through."""

    text: str
    done: bool


class ConsoleCommands:
    """Runs one command for a console user in its own unit of work."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, commands: CommandRouter, clock: Clock, reply_outbox: ReplyOutbox
    ) -> None:
        self._uow_factory = uow_factory
        self._commands = commands
        self._clock = clock
        self._outbox = reply_outbox

    async def run(self, session: Session, text: str, locale: str) -> CommandOutcome:
        """Run ``text`` as ``session``'s user; replies for other chats are queued and sent after the commit."""
        message = self._message(session, text)
        async with self._uow_factory() as uow:
            chat = ChatSettings(message.chat, AddressMode.MENTION, locale)
            handled = await self._commands.handle(message, text, uow, chat, locale)
            own, queued = await self._outbox.divert(uow, message, handled.replies)
            for remember in handled.remember:  # written with the command's work, as the router does
                await remember(uow)
            await uow.commit()
        await self._outbox.deliver(queued)
        said = "\n".join(reply.text for reply in own)
        return CommandOutcome(said, _done(handled.outcome))

    def _message(self, session: Session, text: str) -> IncomingMessage:
        chat = ChatRef(session.platform, CONSOLE_CHAT, ChatKind.PRIVATE, "web console")
        # Named as in chat, so "/assign N me" here and "/tickets mine" there mean the same person.
        sender = Sender(session.user_id, session.handle, session.role)
        now = self._clock.now()
        message_id = f"web-{secrets.token_hex(8)}"
        return IncomingMessage(chat, sender, text, message_id, now, mentions_bot=True, received_at=now)


# Outcomes of a command that changed nothing: a refusal, a wrong call, or a CommandRefused.
_REFUSALS = frozenset({
    "refused", "usage", "unknown_command", "bad_transition", "bad_destination", "dup_chain", "dup_self",
    "faq_no_entry", "faq_reload_failed", "faq_write_failed", "learn_unresolved", "no_ticket", "reopen_duplicate",
    "reply_not_open", "split_duplicate", "split_no_report", "split_not_open", "split_single",
})


def _done(outcome: str) -> bool:
    return outcome.removeprefix("command:") not in _REFUSALS
