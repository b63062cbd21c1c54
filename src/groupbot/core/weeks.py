"""ISO weeks (Monday to Sunday) in a timezone: what the digest reports on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = ["IsoWeek"]

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class IsoWeek:
    """An ISO week such as ``2026-W47`` (Monday to Sunday)."""

    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Read ``YYYY-Www``; ValueError with a clear message otherwise."""
        found = _WEEK.match(text.strip())
        if not found:
            raise ValueError(f"week {text!r} must look like 2026-W07")
        year, week = int(found[1]), int(found[2])
        date.fromisocalendar(year, week, 1)  # raises for week 53 of a 52-week year
        return cls(year, week)

    @classmethod
    def containing(cls, moment: datetime, timezone: str) -> IsoWeek:
        """The week ``moment`` falls in, in ``timezone``."""
        year, week, _ = moment.astimezone(ZoneInfo(timezone)).isocalendar()
        return cls(year, week)

    def start(self, timezone: str) -> datetime:
        """Monday 00:00 of this week in ``timezone``."""
        monday = date.fromisocalendar(self.year, self.week, 1)
        return datetime.combine(monday, time(0), tzinfo=ZoneInfo(timezone))

    def end(self, timezone: str) -> datetime:
        """Monday 00:00 of the next week (exclusive end)."""
        return self.next().start(timezone)

    def has_started(self, now: datetime, timezone: str) -> bool:
        """Whether ``now`` is at or past this week's Monday 00:00 in ``timezone``."""
        return self.start(timezone) <= now

    def previous(self) -> IsoWeek:
        """The week before."""
        return self._shift(-7)

    def next(self) -> IsoWeek:
        """The week after."""
        return self._shift(7)

    def _shift(self, days: int) -> IsoWeek:
        year, week, _ = (date.fromisocalendar(self.year, self.week, 1) + timedelta(days=days)).isocalendar()
        return IsoWeek(year, week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"
