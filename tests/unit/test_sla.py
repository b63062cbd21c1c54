"""Business-hours arithmetic and SLA states, with fixed instants (no clock, no sleeping)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from groupbot.core.sla import BusinessCalendar, SlaKind, SlaPolicy, SlaState, SlaTargets
from groupbot.core.tickets import Category, Severity, Ticket, TicketStatus

SH = ZoneInfo("Asia/Shanghai")
# 2026-10-01..07 is China's National Day holiday week; 2026-09-30 is a Wednesday
HOLIDAYS = frozenset(date(2026, 10, d) for d in range(1, 8))
CAL = BusinessCalendar("Asia/Shanghai", start=time(9), end=time(18), holidays=HOLIDAYS)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def ticket(created: datetime, severity: Severity = Severity.HIGH, **fields: object) -> Ticket:
    return Ticket(
        number=7, title="login broken", category=Category.FAILURE, status=TicketStatus.OPEN,
        created_at=created, updated_at=created, first_reporter="telegram:1", severity=severity, **fields,
    )


def test_add_inside_business_hours_stays_on_the_same_day():
    assert CAL.add(local(2026, 9, 28, 10, 0), timedelta(hours=2)) == local(2026, 9, 28, 12, 0)


def test_add_started_at_night_begins_counting_next_morning():
    assert CAL.add(local(2026, 9, 28, 22, 30), timedelta(hours=1)) == local(2026, 9, 29, 10, 0)


def test_add_on_friday_evening_rolls_over_the_weekend():
    # Fri 2026-09-25 17:00 + 2h business = Mon 10:00
    assert CAL.add(local(2026, 9, 25, 17, 0), timedelta(hours=2)) == local(2026, 9, 28, 10, 0)


def test_add_skips_a_holiday_week():
    # Wed 30 Sep 17:00 + 3h: 1h on Wednesday, then Oct 1-7 is a holiday, Oct 8 is Thursday
    assert CAL.add(local(2026, 9, 30, 17, 0), timedelta(hours=3)) == local(2026, 10, 8, 11, 0)


def test_between_counts_only_business_time_across_the_holiday():
    assert CAL.between(local(2026, 9, 30, 17, 0), local(2026, 10, 8, 11, 0)) == timedelta(hours=3)
    assert CAL.between(local(2026, 10, 2, 10, 0), local(2026, 10, 3, 10, 0)) == timedelta()


def test_between_is_zero_when_end_precedes_start():
    assert CAL.between(local(2026, 9, 29, 12, 0), local(2026, 9, 29, 10, 0)) == timedelta()


def test_results_are_utc_instants_whatever_the_input_zone():
    start_utc = local(2026, 9, 28, 10, 0).astimezone(UTC)
    assert CAL.add(start_utc, timedelta(hours=1)) == local(2026, 9, 28, 11, 0)


def test_dst_day_is_counted_in_real_hours():
    berlin = BusinessCalendar("Europe/Berlin", workdays=frozenset(range(1, 8)), start=time(0), end=time(23, 59))
    # 2026-03-29 loses an hour at 02:00; 00:00 -> 12:00 local is 11 real hours
    zone = ZoneInfo("Europe/Berlin")
    elapsed = berlin.between(datetime(2026, 3, 29, 0, tzinfo=zone), datetime(2026, 3, 29, 12, tzinfo=zone))
    assert elapsed == timedelta(hours=11)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"workdays": frozenset()}, "workdays"), ({"start": time(18), "end": time(9)}, "start before")],
)
def test_calendar_rejects_nonsense(kwargs, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(**kwargs)


def test_unknown_timezone_fails_at_configuration_time():
    with pytest.raises(Exception, match="Mars"):
        BusinessCalendar("Mars/Olympus")


POLICY = SlaPolicy(CAL, {Severity.HIGH: SlaTargets(timedelta(hours=2), timedelta(hours=8))}, near=0.75)


def test_first_response_pending_then_near_then_breached_in_business_time():
    t = ticket(local(2026, 9, 30, 17, 0))
    first, _ = POLICY.check(t, local(2026, 9, 30, 17, 30))
    assert (first.state, first.remaining) == (SlaState.PENDING, timedelta(hours=1, minutes=30))
    assert first.due == local(2026, 10, 8, 10, 0)
    # during the holiday no business time passes: still only 1h used of 2h
    first, _ = POLICY.check(t, local(2026, 10, 5, 12, 0))
    assert first.state is SlaState.PENDING
    first, _ = POLICY.check(t, local(2026, 10, 8, 9, 40))
    assert first.state is SlaState.NEAR
    first, _ = POLICY.check(t, local(2026, 10, 8, 10, 30))
    assert (first.state, first.remaining) == (SlaState.BREACHED, -timedelta(minutes=30))
    assert first.state.is_breach and first.state.needs_reminder


def test_done_targets_are_met_or_missed():
    t = ticket(local(2026, 9, 28, 10, 0), first_response_at=local(2026, 9, 28, 11, 0),
               resolved_at=local(2026, 9, 29, 18, 0))
    first, resolution = POLICY.check(t, local(2026, 10, 20, 10, 0))
    assert first.state is SlaState.MET
    assert resolution.state is SlaState.MISSED and resolution.kind is SlaKind.RESOLUTION
    assert resolution.due == local(2026, 9, 28, 18, 0)


def test_resolving_without_a_response_counts_as_the_first_response():
    t = ticket(local(2026, 9, 28, 10, 0), resolved_at=local(2026, 9, 28, 10, 30))
    first, resolution = POLICY.check(t, local(2026, 9, 28, 11, 0))
    assert first.state is SlaState.MET and resolution.state is SlaState.MET


def test_unknown_severity_falls_back_to_default_targets():
    t = ticket(local(2026, 9, 28, 10, 0), severity=Severity.LOW)
    assert POLICY.due(t, SlaKind.FIRST_RESPONSE) == local(2026, 9, 28, 14, 0)  # default normal: 4h
