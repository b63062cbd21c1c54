"""The small interfaces the domain needs from the outside world.

``db`` implements the stores, ``adapters`` implement :class:`ChatGateway`,
bootstrap supplies a :class:`Clock`. Services depend only on these.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol

from groupbot.core.chats import ChatSettings
from groupbot.core.digest import DigestInput, IsoWeek
from groupbot.core.faq import FaqEntry
from groupbot.core.faq_revisions import FaqRevision
from groupbot.core.follow_ups import FollowUp, FollowUpAnswer
from groupbot.core.messages import ChatRef, IncomingMessage, Picture, Reply, SentReceipt
from groupbot.core.outbox import OutboxMessage, OutboxStatus
from groupbot.core.repeats import RepeatCandidate
from groupbot.core.reply_streams import ReplyStream
from groupbot.core.rota import OnDutyShift
from groupbot.core.sla import SlaCheck
from groupbot.core.tickets import ReportSummary, Severity, Ticket, TicketEvent, TicketReport

__all__ = [
    "AuditLog",
    "ChatGateway",
    "ChatStore",
    "Clock",
    "DigestStore",
    "FaqStore",
    "FollowUpStore",
    "MessageLog",
    "MessageSink",
    "OutboxStore",
    "PictureCopies",
    "ReplyStreamStore",
    "RotaStore",
    "ShortMemory",
    "SlaStore",
    "StoreUnavailable",
    "TicketStore",
    "UnitOfWork",
    "UnitOfWorkFactory",
]

MessageSink = Callable[[IncomingMessage], Awaitable[bool | None]]
"""What an adapter calls for each incoming message; returns once it is handled.

It returns False when the message could not be handled (the database stayed
unavailable): an adapter that drops redeliveries must then let the next copy
of that message through, since it will be handled then."""


class StoreUnavailable(Exception):
    """The database could not do its part just now (a lock wait ran out, a connection dropped, no
    connection free): nothing was committed, and the same work may succeed when tried again."""


class Clock(Protocol):
    """The current time, timezone-aware (UTC). Tests use a settable one."""

    def now(self) -> datetime: ...


class ChatGateway(Protocol):
    """A chat platform, seen from the rest of the bot: the one contract every adapter implements.

    ``start``, ``stop`` and ``send`` are each adapter's own; the rest have
    defaults an adapter inherits by subclassing this protocol: no web routes,
    healthy, and never closing by itself.
    """

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

    def web_routes(self) -> Sequence[Any]:
        """Routes to mount on the bot's web server (the web layer's route objects); none by default."""
        return ()

    def health(self) -> Mapping[str, Any]:
        """A JSON-able state for ``/healthz``; ``ok`` false marks the bot unhealthy."""
        return {"ok": True}

    async def wait_closed(self) -> None:
        """Return when the gateway can no longer receive (console input ended, polling refused).

        By default a gateway runs until it is stopped.
        """
        await asyncio.get_running_loop().create_future()

    async def picture(self, ref: str) -> Picture | None:
        """The picture ``ref`` (one of an :class:`IncomingMessage`'s ``images`` that is no link) names, for
        the support console; None when this platform cannot fetch it (gone, too large, not its own)."""
        return None


class FaqStore(Protocol):
    """The database's working copy of the FAQ files, shared by every instance, and its revision."""

    async def all(self) -> list[FaqEntry]: ...

    async def get(self, entry_id: str) -> FaqEntry | None: ...

    async def replace_all(self, entries: Sequence[FaqEntry]) -> FaqRevision:
        """Make the working copy exactly ``entries``; returns the new revision (one more than before)."""
        ...

    async def revision(self) -> FaqRevision:
        """The working copy's revision (:data:`~groupbot.core.faq_revisions.NO_REVISION` if never written); cheap."""
        ...

    async def hold(self) -> FaqRevision:
        """The revision, locked until the unit of work ends: instances change the copy one at a time."""
        ...


class MessageLog(Protocol):
    """Every message the bot handled, unique per (platform, chat, message id)."""

    async def record(self, message: IncomingMessage) -> bool:
        """Log ``message``; False if it was already logged and handled (a redelivery).

        One logged with the outcome ``error`` was not handled: its redelivery counts as new.
        """
        ...

    async def set_outcome(
        self, message: IncomingMessage, outcome: str, entry_id: str | None = None, score: float | None = None
    ) -> None:
        """Remember what the bot did with ``message`` (answer, suggest, ticket, ...)."""
        ...

    async def latest(self, limit: int) -> list[tuple[str, str, str]]:
        """The (chat key, sender id, text) of the latest ``limit`` messages of every chat, newest first."""
        ...

    async def outcomes_after(self, message: IncomingMessage, limit: int) -> list[str]:
        """What the bot did with the next ``limit`` messages of ``message``'s sender in its chat (logged
        after it), oldest first; messages still being handled are left out."""
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

    async def head(self, number: int, reports: int) -> Ticket | None:
        """Ticket ``number`` with only its ``reports`` latest reports and the counts over all of them."""
        ...

    async def add_report(self, number: int, report: TicketReport) -> ReportSummary:
        """Attach ``report`` to ticket ``number``; the ticket's report counts including it."""
        ...

    async def images_of(self, platform: str, chat_id: str, message_id: str) -> tuple[str, ...]:
        """The pictures on the report the message ``message_id`` became, if any."""
        ...

    async def remove_report(self, number: int, report: TicketReport) -> ReportSummary:
        """Take ``report`` (by its chat and message id) off ticket ``number``; the ticket's counts without it.

        LookupError when the ticket has no such report.
        """
        ...

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

    async def hold_repeats(self) -> None:
        """Until this transaction ends, no other unit of work finds or opens a ticket for a report.

        Without it two simultaneous reports of one new problem each see no open
        ticket and each open one.
        """
        ...

    async def merge_candidates(self, tickets: int, phrasings: int) -> list[RepeatCandidate]:
        """The ``tickets`` newest open tickets, each with its title and ``phrasings`` latest distinct report texts."""
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


class ShortMemory(Protocol):
    """What the bot remembers for minutes (did-you-mean offers, cool-downs, pending feedback).

    In the database, so N instances behind a round-robin proxy share one
    conversation: an offer made through one is taken up through another.
    Values are JSON; expiry is compared with the caller's ``now`` (the router's clock).
    """

    async def recall(self, keys: Sequence[str], now: datetime) -> dict[str, Any]:
        """The unexpired values under ``keys`` (missing keys are left out)."""
        ...

    async def keep(self, key: str, value: Any, until: datetime) -> None:
        """Keep ``value`` under ``key`` until ``until``, replacing any earlier value."""
        ...

    async def forget(self, key: str) -> None: ...

    async def amend(self, key: str, value: Any, now: datetime) -> bool:
        """Replace the value under ``key`` if it has not expired by ``now``, keeping its expiry; whether it did."""
        ...

    async def claim(self, key: str, value: Any, until: datetime, now: datetime) -> bool:
        """Keep ``value`` under ``key`` until ``until`` unless an unexpired value is there already;
        True when this call kept it (of racing callers, on any instance, one wins)."""
        ...

    async def purge(self, now: datetime, spare: str | None = None) -> int:
        """Drop what expired by ``now``, except keys starting with ``spare`` (left to :meth:`lapse`);
        returns how many."""
        ...

    async def lapse(self, prefix: str, now: datetime, limit: int) -> list[tuple[str, Any]]:
        """Take (drop and return) at most ``limit`` of the values under keys starting with ``prefix``
        that expired by ``now``, oldest first; racing callers, on any instance, never take the same one."""
        ...


class ReplyStreamStore(Protocol):
    """Each message's passive reply stream and one-shot reply address (WeCom's stream and response_url).

    Shared by every instance: the callback that opens a stream, the poll that
    reads it, and a later reply that uses the address may each reach another
    instance. Each call is its own transaction; expiry is compared with the
    caller's ``now``.
    """

    async def open(self, stream: ReplyStream, address: str | None, until: datetime) -> tuple[ReplyStream, bool]:
        """Keep ``stream`` (and its message's reply ``address``) until ``until``.

        Returns the stream kept and True; if the message has one already (the
        platform retried its callback), that one and False.
        """
        ...

    async def get(self, message_id: str, now: datetime) -> ReplyStream | None:
        """The live stream of ``message_id``."""
        ...

    async def polled(self, stream_id: str, now: datetime) -> ReplyStream | None:
        """The live stream a poll asks about; None once it was closed."""
        ...

    async def say(self, message_id: str | None, chat_id: str, text: str, now: datetime) -> bool:
        """Add ``text`` to the unfinished stream of ``message_id``, else to the newest unfinished one in
        ``chat_id``; False when there is none (what is finished is never added to)."""
        ...

    async def finish(self, message_id: str) -> None:
        """Nothing more will be said in the stream of ``message_id``."""
        ...

    async def close(self, message_id: str) -> None:
        """The platform has the finished stream: later polls get nothing (the message stays known)."""
        ...

    async def take_address(self, message_id: str | None, chat_id: str, now: datetime) -> str | None:
        """The live reply address of ``message_id``, else the newest one in ``chat_id``; it is used up."""
        ...

    async def purge(self, now: datetime) -> int:
        """Drop what expired by ``now``; returns how many."""
        ...


class PictureCopies(Protocol):
    """Copies of the pictures on ticket reports, by the reference a report keeps (a link, a platform's
    id): a QQ link expires within hours, and the support console shows the copy after."""

    async def get(self, ref: str) -> Picture | None: ...

    async def copied(self, refs: list[str]) -> set[str]:
        """Which of ``refs`` have a copy."""
        ...

    async def keep(self, ref: str, picture: Picture, now: datetime) -> None:
        """Keep ``picture`` as the copy of ``ref``, unless one is kept already."""
        ...

    async def purge(self, kept_before: datetime) -> int:
        """Drop the copies kept before ``kept_before``; how many went."""
        ...


class UnitOfWork(Protocol):
    """One transaction over all stores; rolled back unless committed."""

    faq: FaqStore
    messages: MessageLog
    chats: ChatStore
    tickets: TicketStore
    audit: AuditLog
    outbox: OutboxStore
    digest: DigestStore
    sla: SlaStore
    rota: RotaStore
    follow_ups: FollowUpStore
    memory: ShortMemory
    pictures: PictureCopies

    async def commit(self) -> None: ...

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class OutboxStore(Protocol):
    """Messages waiting to leave; written in the same transaction as the change that caused them."""

    async def add(self, message: OutboxMessage) -> OutboxMessage:
        """Store a new message; returns it with its id."""
        ...

    async def claim_due(
        self, now: datetime, until: datetime, limit: int, ids: Sequence[int] | None = None
    ) -> list[OutboxMessage]:
        """Pending messages due at ``now`` (only ``ids``, if given) that no one else holds, held until ``until``."""
        ...

    async def save(self, message: OutboxMessage) -> None:
        """Record the outcome of an attempt (status, attempts, next attempt, error) and release the claim."""
        ...

    async def get(self, message_id: int) -> OutboxMessage | None: ...

    async def find(self, status: OutboxStatus | None = None, limit: int = 20) -> list[OutboxMessage]:
        """Newest first, optionally only those in ``status``."""
        ...

    async def counts(self) -> dict[OutboxStatus, int]:
        """How many messages are in each status."""
        ...


class DigestStore(Protocol):
    """What the weekly digest reads, and the once-per-week claim."""

    async def claim_week(self, week: IsoWeek, instance: str, now: datetime) -> bool:
        """True for exactly one caller per week; the claim commits with the caller's transaction."""
        ...

    async def gather(self, week: IsoWeek, timezone: str) -> DigestInput:
        """The raw facts for ``week`` and the week before."""
        ...

    async def active_before(self, moment: datetime) -> bool:
        """Whether the bot had heard a message or opened a ticket before ``moment`` (was it running yet?)."""
        ...


class SlaStore(Protocol):
    """Recorded breaches and reminder bookkeeping."""

    async def record_breach(self, check: SlaCheck, severity: Severity, now: datetime) -> bool:
        """Record a breach once per ticket and target; False if already recorded."""
        ...

    async def last_reminder(self, check: SlaCheck) -> datetime | None: ...

    async def reminded(self, check: SlaCheck, now: datetime) -> None: ...


class RotaStore(Protocol):
    """The on-duty rota."""

    async def add(self, shift: OnDutyShift) -> None: ...

    async def upcoming(self, now: datetime, limit: int = 10) -> list[OnDutyShift]: ...

    async def current(self, now: datetime) -> OnDutyShift | None: ...


class FollowUpStore(Protocol):
    """"Solved?" questions after a resolution."""

    async def schedule(self, follow_up: FollowUp) -> None: ...

    async def drop_asker(self, ticket_number: int, chat: ChatRef, user_id: str) -> None:
        """``user_id`` is no longer asked (nor heard) about the ticket in ``chat``; a question left with no
        one to ask goes."""
        ...

    async def due(self, now: datetime, limit: int = 50) -> list[FollowUp]: ...

    async def mark_asked(self, follow_up_id: int, now: datetime) -> None: ...

    async def open_in(self, chat: ChatRef, since: datetime) -> list[FollowUp]: ...

    async def answer(self, follow_up_id: int, answer: FollowUpAnswer, by: str, now: datetime) -> None: ...
