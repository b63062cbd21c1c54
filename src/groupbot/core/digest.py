"""The weekly failure digest, built from plain data.

The database layer gathers a :class:`DigestInput` (tickets, answer counts,
breaches, unanswered questions for the week and the week before);
:func:`build_digest` turns it into a :class:`Digest` of numbers that the
renderers in :mod:`groupbot.features.digest.render` print.
"""

from __future__ import annotations

import enum
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from groupbot.core.tickets import Category, Severity, Ticket, TicketStatus
from groupbot.core.weeks import IsoWeek

__all__ = [
    "AnswerStats",
    "Breach",
    "Digest",
    "DigestInput",
    "IsoWeek",
    "Metric",
    "Recurring",
    "Trend",
    "build_digest",
]


@dataclass(frozen=True, slots=True)
class AnswerStats:
    """How the FAQ did in a week: questions asked, answered, and feedback."""

    questions: int = 0
    answered: int = 0
    helpful: int = 0
    unhelpful: int = 0

    @property
    def answer_rate(self) -> float | None:
        """Answered / asked, or None when nobody asked."""
        return self.answered / self.questions if self.questions else None

    @property
    def helpful_rate(self) -> float | None:
        """Helpful / all feedback, or None without feedback."""
        votes = self.helpful + self.unhelpful
        return self.helpful / votes if votes else None


@dataclass(frozen=True, slots=True)
class Breach:
    """A recorded SLA breach."""

    ticket_number: int
    kind: str
    due: datetime
    severity: Severity = Severity.NORMAL
    title: str = ""


@dataclass(frozen=True, slots=True)
class DigestInput:
    """Raw facts for a week and the week before it."""

    week: IsoWeek
    timezone: str
    tickets: Sequence[Ticket]
    """Tickets created, answered or resolved in either week, and every still-escalated one."""
    answers: AnswerStats
    previous_answers: AnswerStats
    breaches: Sequence[Breach] = ()
    previous_breaches: int = 0
    unanswered: Sequence[str] = ()
    """Texts of this week's questions the bot could not answer, for the coverage number."""


class Trend(enum.StrEnum):
    """Direction against the previous week."""

    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"


@dataclass(frozen=True, slots=True)
class Metric:
    """A number this week and last week (``None``: not measurable)."""

    current: float | None
    previous: float | None

    @property
    def trend(self) -> Trend:
        """Up, down, same, or new when last week had no value."""
        if self.current is None or self.previous is None:
            return Trend.NEW
        if abs(self.current - self.previous) < 1e-9:
            return Trend.SAME
        return Trend.UP if self.current > self.previous else Trend.DOWN


@dataclass(frozen=True, slots=True)
class Recurring:
    """A question or failure many people hit: ticket number, title, distinct askers and groups."""

    number: int
    title: str
    askers: int
    groups: int
    status: TicketStatus
    severity: Severity


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything the weekly digest says."""

    week: IsoWeek
    timezone: str
    opened: Metric
    resolved: Metric
    opened_by_category: dict[str, tuple[int, int]]
    """category -> (this week, last week)"""
    opened_by_severity: dict[str, tuple[int, int]]
    resolved_by_category: dict[str, tuple[int, int]]
    top_questions: list[Recurring]
    top_failures: list[Recurring]
    open_escalations: list[Recurring]
    breaches: list[Breach]
    breach_count: Metric
    answer_rate: Metric
    helpful_rate: Metric
    median_first_response: Metric
    """seconds"""
    median_resolution: Metric
    """seconds"""
    coverage: tuple[int, int]
    """(unanswered questions the FAQ now answers, unanswered questions)"""


def _within(moment: datetime | None, start: datetime, end: datetime) -> bool:
    return moment is not None and start <= moment < end


def _by(tickets: Iterable[Ticket], key: Callable[[Ticket], str]) -> Counter[str]:
    return Counter(key(ticket) for ticket in tickets)


def _paired(current: Counter[str], previous: Counter[str], order: Iterable[str]) -> dict[str, tuple[int, int]]:
    return {name: (current[name], previous[name]) for name in order if current[name] or previous[name]}


def _median_seconds(spans: Iterable[timedelta]) -> float | None:
    seconds = [span.total_seconds() for span in spans]
    return statistics.median(seconds) if seconds else None


def _recurring(ticket: Ticket) -> Recurring:
    # a ticket without stored reports still has the person who opened it
    askers = {f"{report.chat.platform}:{report.sender.user_id}" for report in ticket.reports} or {ticket.first_reporter}
    groups = {report.chat.key for report in ticket.reports}
    return Recurring(ticket.number, ticket.title, len(askers), max(len(groups), 1), ticket.status, ticket.severity)


def _top(tickets: Iterable[Ticket], limit: int) -> list[Recurring]:
    rows = [_recurring(ticket) for ticket in tickets]
    rows.sort(key=lambda row: (-row.askers, -row.groups, row.number))
    return rows[:limit]


class _Week:
    """One week's slice of the tickets."""

    def __init__(self, tickets: Sequence[Ticket], start: datetime, end: datetime) -> None:
        self.opened = [t for t in tickets if _within(t.created_at, start, end)]
        self.resolved = [t for t in tickets if _within(t.resolved_at, start, end)]
        self.responded = [t for t in tickets if _within(t.first_response_at, start, end)]

    def first_response(self) -> float | None:
        return _median_seconds(t.first_response_at - t.created_at for t in self.responded if t.first_response_at)

    def resolution(self) -> float | None:
        return _median_seconds(t.resolved_at - t.created_at for t in self.resolved if t.resolved_at)


def build_digest(data: DigestInput, would_answer: Callable[[str], bool], top: int = 5) -> Digest:
    """Count, rank and compare; ``would_answer`` says whether today's FAQ answers a question."""
    zone = data.timezone
    now = _Week(data.tickets, data.week.start(zone), data.week.end(zone))
    before = _Week(data.tickets, data.week.previous().start(zone), data.week.start(zone))
    categories, severities = [c.value for c in Category], [s.value for s in Severity]
    unanswered = [t for t in now.opened if t.is_open and t.category is not Category.FAILURE]
    failures = [t for t in now.opened if t.category is Category.FAILURE]
    # Still with R&D/PM now, and already there by the week's end: a past week's digest names no later ticket.
    escalated = [t for t in data.tickets if t.status is TicketStatus.ESCALATED and t.created_at < data.week.end(zone)]
    return Digest(
        week=data.week,
        timezone=zone,
        opened=Metric(len(now.opened), len(before.opened)),
        resolved=Metric(len(now.resolved), len(before.resolved)),
        opened_by_category=_paired(_by(now.opened, _category), _by(before.opened, _category), categories),
        opened_by_severity=_paired(_by(now.opened, _severity), _by(before.opened, _severity), severities),
        resolved_by_category=_paired(_by(now.resolved, _category), _by(before.resolved, _category), categories),
        top_questions=_top(unanswered, top),
        top_failures=_top(failures, top),
        open_escalations=_top(escalated, top * 2),
        breaches=sorted(data.breaches, key=lambda b: (b.due, b.ticket_number)),
        breach_count=Metric(len(data.breaches), data.previous_breaches),
        answer_rate=Metric(data.answers.answer_rate, data.previous_answers.answer_rate),
        helpful_rate=Metric(data.answers.helpful_rate, data.previous_answers.helpful_rate),
        median_first_response=Metric(now.first_response(), before.first_response()),
        median_resolution=Metric(now.resolution(), before.resolution()),
        coverage=_coverage(data.unanswered, would_answer),
    )


def _coverage(unanswered: Sequence[str], would_answer: Callable[[str], bool]) -> tuple[int, int]:
    """(questions the FAQ now answers, questions); each distinct text is matched once, however often it was asked."""
    verdicts = {text: would_answer(text) for text in dict.fromkeys(unanswered)}
    return sum(1 for text in unanswered if verdicts[text]), len(unanswered)


def _category(ticket: Ticket) -> str:
    return ticket.category.value


def _severity(ticket: Ticket) -> str:
    return ticket.severity.value
