"""Ticket figures over a period: volume, spread, and how fast ops respond and resolve."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from groupbot.core.tickets import Ticket

__all__ = ["TicketStats", "ticket_stats"]


@dataclass(frozen=True, slots=True)
class TicketStats:
    """Figures for tickets opened in ``[since, until)``; medians are None when nothing was measured."""

    since: datetime
    until: datetime
    opened: int
    still_open: int
    reports: int
    groups: int
    by_category: dict[str, int]
    by_status: dict[str, int]
    median_first_response: timedelta | None
    median_resolution: timedelta | None


def ticket_stats(tickets: Iterable[Ticket], since: datetime, until: datetime) -> TicketStats:
    """Compute :class:`TicketStats` over the tickets created in the period."""
    period = [t for t in tickets if since <= t.created_at < until]
    responses = [t.first_response_at - t.created_at for t in period if t.first_response_at]
    resolutions = [t.resolved_at - t.created_at for t in period if t.resolved_at]
    return TicketStats(
        since=since,
        until=until,
        opened=len(period),
        still_open=sum(1 for t in period if t.is_open),
        reports=sum(len(t.reports) for t in period),
        groups=len({r.chat.key for t in period for r in t.reports}),
        by_category=dict(Counter(t.category.value for t in period).most_common()),
        by_status=dict(Counter(t.status.value for t in period).most_common()),
        median_first_response=_median(responses),
        median_resolution=_median(resolutions),
    )


def _median(spans: list[timedelta]) -> timedelta | None:
    if not spans:
        return None
    return timedelta(seconds=statistics.median(span.total_seconds() for span in spans))
