"""The small interfaces the domain needs from the outside world.

``db`` implements the stores, ``adapters`` implement :class:`ChatGateway`,
bootstrap supplies a :class:`Clock`. Services depend only on these.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol

from groupbot.core.chats import ChatSettings
from groupbot.core.faq import FaqEntry
from groupbot.core.messages import ChatRef, IncomingMessage, Reply, SentReceipt
from groupbot.core.tickets import Ticket, TicketEvent, TicketReport

__all__ = [
    "AuditLog",
    "ChatGateway",
    "ChatStore",
    "Clock",
    "FaqStore",
    "MessageLog",
    "MessageSink",
    "TicketStore",
    "UnitOfWork",
    "UnitOfWorkFactory",
]

MessageSink = Callable[[IncomingMessage], Awaitable[None]]
"""What an adapter calls for each incoming message; returns once it is handled."""


class Clock(Protocol):
    """The current time, timezone-aware (UTC). Tests use a settable one."""

    def now(self) -> datetime: ...


class ChatGateway(Protocol):
    """A chat platform, seen from the domain: start, stop, send."""

    platform: str

    async def start(self, sink: MessageSink) -> None:
        """Begin receiving; each message is passed to ``sink``."""
        ...

    async def stop(self) -> None:
        """Stop receiving and release connections."""
        ...

    async def send(self, reply: Reply) -> SentReceipt:
        """Deliver ``reply``; raise on a failure that retrying will not fix."""
        ...


class FaqStore(Protocol):
    """The database's working copy of the FAQ files."""

    async def all(self) -> list[FaqEntry]: ...

    async def get(self, entry_id: str) -> FaqEntry | None: ...

    async def replace_all(self, entries: Sequence[FaqEntry]) -> None:
        """Make the working copy exactly ``entries``."""
        ...


class MessageLog(Protocol):
    """Every message the bot handled, unique per (platform, chat, message id)."""

    async def record(self, message: IncomingMessage) -> bool:
        """Log ``message``; False if it was already logged (a redelivery)."""
        ...

    async def set_outcome(
        self, message: IncomingMessage, outcome: str, entry_id: str | None = None, score: float | None = None
    ) -> None:
        """Remember what the bot did with ``message`` (answer, suggest, ticket, ...)."""
        ...


class ChatStore(Protocol):
    """Per-chat settings."""

    async def get(self, chat: ChatRef) -> ChatSettings | None: ...

    async def save(self, settings: ChatSettings) -> None: ...

    async def move(self, old: ChatRef, new: ChatRef) -> None:
        """Carry ``old``'s settings and ticket reports over to ``new`` (the chat changed its id)."""
        ...


class TicketStore(Protocol):
    """Tickets with their reports and events."""

    async def create(self, ticket: Ticket) -> Ticket:
        """Store a new ticket (with its reports); returns it with its number."""
        ...

    async def get(self, number: int) -> Ticket | None: ...

    async def save(self, ticket: Ticket) -> None:
        """Update a ticket's fields (not its reports)."""
        ...

    async def add_report(self, number: int, report: TicketReport) -> None: ...

    async def add_event(self, event: TicketEvent) -> None: ...

    async def events(self, number: int) -> list[TicketEvent]: ...

    async def find(
        self,
        *,
        statuses: Sequence[str] = (),
        category: str | None = None,
        team: str | None = None,
        assignee: str | None = None,
        limit: int = 50,
    ) -> list[Ticket]:
        """Tickets matching every given filter, newest first."""
        ...


class AuditLog(Protocol):
    """Who tried to do what, and whether it was allowed (e.g. refused commands)."""

    async def record(
        self,
        *,
        time: datetime,
        platform: str,
        chat_id: str,
        actor: str,
        action: str,
        outcome: str,
        detail: str = "",
    ) -> None: ...


class UnitOfWork(Protocol):
    """One transaction over all stores; rolled back unless committed."""

    faq: FaqStore
    messages: MessageLog
    chats: ChatStore
    tickets: TicketStore
    audit: AuditLog

    async def commit(self) -> None: ...

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
