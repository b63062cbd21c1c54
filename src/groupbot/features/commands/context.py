"""What a command handler gets: the message, its transaction, the chat, the language and the sender's role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from groupbot.core.chats import ChatSettings
from groupbot.core.commands import Command
from groupbot.core.messages import IncomingMessage, Reply, ReplyKind, Role
from groupbot.core.ports import UnitOfWork
from groupbot.features.handled import Handled
from groupbot.features.texts import render

__all__ = ["CommandContext", "CommandHandler", "CommandRefused"]


class CommandRefused(Exception):
    """A command that cannot go ahead (no such ticket, a forbidden transition).

    Raised from deep inside a handler; the command router turns it into a reply
    with the text ``key`` and changes nothing (the transaction is not committed
    with partial changes because nothing was written before the check).
    """

    def __init__(self, outcome: str, key: str, **params: object) -> None:
        super().__init__(f"{outcome}: {key} {params}")
        self.outcome = outcome
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class CommandContext:
    """One command call in progress; ``now`` comes from the bot's clock."""

    message: IncomingMessage
    uow: UnitOfWork
    chat: ChatSettings
    locale: str
    role: Role
    now: datetime
    zone: ZoneInfo
    """The time zone every time shown to ops is in (``sla.timezone``); replies name it."""

    @property
    def actor(self) -> str:
        """The sender as ``platform:user_id``, for events and audit records."""
        return f"{self.message.platform}:{self.message.sender.user_id}"

    @property
    def handle(self) -> str:
        """How the sender is named in assignments: their display name, else their id."""
        return self.message.sender.name or self.message.sender.user_id

    def text(self, key: str, **params: object) -> str:
        """A user-visible text in the command's language."""
        return render(key, self.locale, **params)

    def reply(self, outcome: str, text: str, *extra: Reply) -> Handled:
        """A reply to the command message, plus any other replies (posted answers, announcements)."""
        own = Reply(self.message.chat, text, ReplyKind.COMMAND, reply_to_message_id=self.message.message_id)
        return Handled(f"command:{outcome}", (own, *extra))

    def say(self, outcome: str, key: str, **params: object) -> Handled:
        """Reply with the text ``key``."""
        return self.reply(outcome, self.text(key, **params))


CommandHandler = Callable[[CommandContext, Command], Awaitable[Handled]]
