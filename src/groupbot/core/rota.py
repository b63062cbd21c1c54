"""The on-duty rota: who gets SLA reminders when a ticket has no assignee."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["OnDutyShift", "on_duty_at"]


@dataclass(frozen=True, slots=True)
class OnDutyShift:
    """``person`` (``platform:user_id``) is on duty from ``starts_at`` until ``ends_at``."""

    person: str
    name: str
    starts_at: datetime
    ends_at: datetime
    set_by: str = ""

    def covers(self, moment: datetime) -> bool:
        """True while the shift runs."""
        return self.starts_at <= moment < self.ends_at

    @property
    def user_id(self) -> str:
        """The platform user id part of ``person``."""
        return self.person.partition(":")[2] or self.person


def on_duty_at(shifts: Iterable[OnDutyShift], moment: datetime) -> OnDutyShift | None:
    """The shift covering ``moment``; the most recently started wins when shifts overlap."""
    covering = [shift for shift in shifts if shift.covers(moment)]
    return max(covering, key=lambda shift: shift.starts_at, default=None)
