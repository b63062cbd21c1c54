"""Service-level targets counted in business hours.

A :class:`BusinessCalendar` knows the working days, the daily window, the
holidays and the timezone; :class:`SlaPolicy` turns a ticket's severity into
first-response and resolution due times and says, at a given ``now``, whether
each target is fine, near, breached, met or missed.

All arithmetic is done in UTC: subtracting two aware datetimes that share a
zoneinfo tzinfo compares wall clocks, which is wrong across DST changes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from groupbot.core.tickets import Severity, Ticket

__all__ = ["BusinessCalendar", "SlaCheck", "SlaKind", "SlaPolicy", "SlaState", "SlaTargets"]

_MAX_DAYS = 3 * 366  # a target longer than this is a configuration mistake, not a loop


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """When people work: ``workdays`` are ISO weekdays (1 = Monday)."""

    timezone: str = "Asia/Shanghai"
    workdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    start: time = time(9, 0)
    end: time = time(18, 0)
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.workdays or not self.workdays <= set(range(1, 8)):
            raise ValueError("workdays must be a non-empty set of ISO weekdays 1..7")
        if self.start >= self.end:
            raise ValueError("the business day must start before it ends")
        ZoneInfo(self.timezone)  # fail early on an unknown zone name

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` is a workday and not a holiday."""
        return day.isoweekday() in self.workdays and day not in self.holidays

    def windows(self, since: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Business windows (UTC start, UTC end) from the local day of ``since`` on."""
        zone = ZoneInfo(self.timezone)
        day = since.astimezone(zone).date()
        for offset in range(_MAX_DAYS):
            current = day + timedelta(days=offset)
            if self.is_working_day(current):
                opens = datetime.combine(current, self.start, tzinfo=zone).astimezone(UTC)
                closes = datetime.combine(current, self.end, tzinfo=zone).astimezone(UTC)
                yield opens, closes

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment ``duration`` of business time after ``start``."""
        cursor = start.astimezone(UTC)
        remaining = duration
        for opens, closes in self.windows(cursor):
            cursor = max(cursor, opens)
            if cursor >= closes:
                continue
            available = closes - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
        raise ValueError(f"{duration} of business time does not fit in {_MAX_DAYS} days")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Business time elapsed from ``start`` to ``end`` (zero if end is earlier)."""
        lower, upper = start.astimezone(UTC), end.astimezone(UTC)
        total = timedelta()
        for opens, closes in self.windows(lower):
            if opens >= upper:
                break
            overlap = min(closes, upper) - max(opens, lower)
            total += max(overlap, timedelta())
        return total


@dataclass(frozen=True, slots=True)
class SlaTargets:
    """Business-time targets for one severity."""

    first_response: timedelta
    resolution: timedelta


class SlaKind(enum.StrEnum):
    """Which target a check is about."""

    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


class SlaState(enum.StrEnum):
    """Where a target stands at the time of the check."""

    PENDING = "pending"
    NEAR = "near"
    BREACHED = "breached"
    MET = "met"
    MISSED = "missed"

    @property
    def needs_reminder(self) -> bool:
        """True while the target is still open and close to or past its due time."""
        return self in (SlaState.NEAR, SlaState.BREACHED)

    @property
    def is_breach(self) -> bool:
        """True when the target was or is being missed."""
        return self in (SlaState.BREACHED, SlaState.MISSED)


@dataclass(frozen=True, slots=True)
class SlaCheck:
    """One target of one ticket, evaluated at some moment."""

    ticket_number: int
    kind: SlaKind
    state: SlaState
    due: datetime
    remaining: timedelta
    """Business time left (negative once breached); zero for met or missed targets."""


DEFAULT_TARGETS: Mapping[Severity, SlaTargets] = {
    Severity.CRITICAL: SlaTargets(timedelta(minutes=30), timedelta(hours=4)),
    Severity.HIGH: SlaTargets(timedelta(hours=1), timedelta(hours=9)),
    Severity.NORMAL: SlaTargets(timedelta(hours=4), timedelta(hours=27)),
    Severity.LOW: SlaTargets(timedelta(hours=9), timedelta(hours=45)),
}


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """Targets per severity on a calendar; ``near`` is the fraction of a target after which we warn."""

    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
    targets: Mapping[Severity, SlaTargets] = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    near: float = 0.75

    def targets_for(self, severity: Severity) -> SlaTargets:
        """The targets for ``severity``, falling back to the normal ones."""
        return self.targets.get(severity) or self.targets.get(Severity.NORMAL) or DEFAULT_TARGETS[Severity.NORMAL]

    def budget(self, severity: Severity, kind: SlaKind) -> timedelta:
        """The business time allowed for ``kind`` at ``severity``."""
        targets = self.targets_for(severity)
        return targets.first_response if kind is SlaKind.FIRST_RESPONSE else targets.resolution

    def due(self, ticket: Ticket, kind: SlaKind) -> datetime:
        """When ``kind`` is due for ``ticket``."""
        return self.calendar.add(ticket.created_at, self.budget(ticket.severity, kind))

    def check(self, ticket: Ticket, now: datetime) -> tuple[SlaCheck, SlaCheck]:
        """Both targets of ``ticket`` as they stand at ``now``."""
        return (
            self._check(ticket, SlaKind.FIRST_RESPONSE, ticket.first_response_at or ticket.resolved_at, now),
            self._check(ticket, SlaKind.RESOLUTION, ticket.resolved_at, now),
        )

    def _check(self, ticket: Ticket, kind: SlaKind, done_at: datetime | None, now: datetime) -> SlaCheck:
        due = self.due(ticket, kind)
        if done_at is not None:
            state = SlaState.MET if done_at <= due else SlaState.MISSED
            return SlaCheck(ticket.number, kind, state, due, timedelta())
        if now >= due:
            return SlaCheck(ticket.number, kind, SlaState.BREACHED, due, -self.calendar.between(due, now))
        budget = self.budget(ticket.severity, kind)
        used = self.calendar.between(ticket.created_at, now)
        state = SlaState.NEAR if used >= budget * self.near else SlaState.PENDING
        return SlaCheck(ticket.number, kind, state, due, budget - used)
