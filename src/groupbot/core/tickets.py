"""Tickets: what the bot could not answer, and what ops do about it."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from groupbot.core.messages import ChatRef, IncomingMessage, Sender

__all__ = [
    "ALLOWED_TRANSITIONS",
    "OPEN_STATUSES",
    "Category",
    "ReportSummary",
    "Severity",
    "Team",
    "Ticket",
    "TicketEvent",
    "TicketReport",
    "TicketStatus",
    "TransitionError",
    "change_status",
    "check_transition",
    "summarize",
]


class TicketStatus(enum.StrEnum):
    """Where a ticket is in its life."""

    OPEN = "open"
    TRIAGED = "triaged"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED = "closed"
    DUPLICATE = "duplicate"
    WONTFIX = "wontfix"


class Category(enum.StrEnum):
    """What kind of problem a ticket is about."""

    FAILURE = "failure"
    HOWTO = "howto"
    FEATURE = "feature"
    ACCOUNT = "account"
    OTHER = "other"


class Severity(enum.StrEnum):
    """How badly customers are hurt."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL = "critical"


class Team(enum.StrEnum):
    """Who owns a ticket: operations, R&D or product management."""

    OPS = "ops"
    RD = "rd"
    PM = "pm"


_S = TicketStatus
ALLOWED_TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    _S.OPEN: frozenset({_S.TRIAGED, _S.ESCALATED, _S.RESOLVED, _S.CLOSED, _S.DUPLICATE, _S.WONTFIX}),
    _S.TRIAGED: frozenset({_S.ESCALATED, _S.RESOLVED, _S.CLOSED, _S.DUPLICATE, _S.WONTFIX}),
    _S.ESCALATED: frozenset({_S.TRIAGED, _S.RESOLVED, _S.CLOSED, _S.DUPLICATE, _S.WONTFIX}),
    _S.RESOLVED: frozenset({_S.CLOSED, _S.OPEN}),
    _S.CLOSED: frozenset({_S.OPEN}),
    _S.DUPLICATE: frozenset({_S.OPEN}),
    _S.WONTFIX: frozenset({_S.OPEN}),
}
OPEN_STATUSES = frozenset({_S.OPEN, _S.TRIAGED, _S.ESCALATED})


class TransitionError(ValueError):
    """A status change the ticket life cycle does not allow."""

    def __init__(self, current: TicketStatus, wanted: TicketStatus) -> None:
        super().__init__(f"cannot go from {current} to {wanted}")
        self.current = current
        self.wanted = wanted


def check_transition(current: TicketStatus, wanted: TicketStatus) -> None:
    """Raise :class:`TransitionError` unless ``current -> wanted`` is allowed."""
    if wanted not in ALLOWED_TRANSITIONS[current]:
        raise TransitionError(current, wanted)


@dataclass(frozen=True, slots=True)
class TicketReport:
    """One customer message that reported the problem."""

    chat: ChatRef
    sender: Sender
    message_id: str
    text: str
    time: datetime
    images: tuple[str, ...] = ()
    """Links to the pictures that came with the report (a screenshot of the error)."""

    @classmethod
    def of(cls, message: IncomingMessage, text: str) -> TicketReport:
        """``message`` (its cleaned ``text``) as a report, dated when the bot took it in."""
        return cls(message.chat, message.sender, message.message_id, text, message.received, message.images)


@dataclass(frozen=True, slots=True)
class TicketEvent:
    """One change to a ticket, for the audit trail."""

    ticket_number: int
    actor: str
    time: datetime
    kind: str
    note: str = ""
    data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """How widely a problem was reported: reports, distinct askers, distinct chats."""

    reports: int
    askers: int
    groups: int


@dataclass(frozen=True, slots=True)
class Ticket:
    """A problem being worked on. ``number`` is 0 until the store assigns one."""

    number: int
    title: str
    category: Category
    status: TicketStatus
    created_at: datetime
    updated_at: datetime
    first_reporter: str
    severity: Severity = Severity.NORMAL
    team: Team = Team.OPS
    assignee: str | None = None
    product: str | None = None
    version: str | None = None
    locale: str | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None
    duplicate_of: int | None = None
    reports: tuple[TicketReport, ...] = ()
    # The store's running counts over every report, when ``reports`` holds only the latest few.
    # Derived data, so not compared: a ticket equals itself however many reports were loaded.
    counts: ReportSummary | None = field(default=None, compare=False)

    @property
    def is_open(self) -> bool:
        """True while someone still has to act on it."""
        return self.status in OPEN_STATUSES

    @property
    def summary(self) -> ReportSummary:
        """Counts over all reports (the store's, or over ``reports``); askers are per platform."""
        return self.counts if self.counts is not None else summarize(self.reports)

    def reported_by(self, platform: str, user_id: str, chat_key: str | None = None) -> bool:
        """True when ``user_id`` on ``platform`` made one of the reports (in the chat ``chat_key``, if given)."""
        return any(
            r.chat.platform == platform and r.sender.user_id == user_id and chat_key in (None, r.chat.key)
            for r in self.reports
        )

    def with_report(self, report: TicketReport) -> Ticket:
        """This ticket with one more report, touched at the report's time."""
        return replace(self, reports=(*self.reports, report), updated_at=max(self.updated_at, report.time))


def summarize(reports: Sequence[TicketReport]) -> ReportSummary:
    """Reports, distinct askers and distinct chats among ``reports``; askers are per platform, so ids cannot collide."""
    askers = {(r.chat.platform, r.sender.user_id) for r in reports}
    groups = {r.chat.key for r in reports}
    return ReportSummary(len(reports), len(askers), len(groups))


def change_status(
    ticket: Ticket, wanted: TicketStatus, actor: str, time: datetime, note: str = ""
) -> tuple[Ticket, TicketEvent]:
    """Move ``ticket`` to ``wanted`` if the life cycle allows it, with the event that records it.

    Resolving stamps ``resolved_at`` (and ``resolution`` from ``note``); reopening
    clears both, so resolution times measure the last resolution.
    """
    check_transition(ticket.status, wanted)
    changed = replace(ticket, status=wanted, updated_at=time)
    if wanted is TicketStatus.RESOLVED:
        changed = replace(changed, resolved_at=time, resolution=note or ticket.resolution)
    elif wanted is TicketStatus.OPEN:
        changed = replace(changed, resolved_at=None, resolution=None, duplicate_of=None)
    event = TicketEvent(ticket.number, actor, time, "status", note, {"from": ticket.status, "to": wanted})
    return changed, event
