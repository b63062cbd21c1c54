"""Tickets: what the bot could not answer, and what ops do about it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from groupbot.core.messages import ChatRef, Sender

__all__ = [
    "Category",
    "Severity",
    "Team",
    "Ticket",
    "TicketEvent",
    "TicketReport",
    "TicketStatus",
    "TransitionError",
    "check_transition",
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

    @property
    def is_open(self) -> bool:
        """True while someone still has to act on it."""
        return self.status in OPEN_STATUSES
