"""Outbox message life cycle: backoff, dead letters, retry."""

from datetime import UTC, datetime, timedelta

import pytest

from groupbot.core.outbox import Backoff, OutboxKind, OutboxStatus, new_message
from groupbot.core.routing import Destination

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
BACKOFF = Backoff(base=timedelta(seconds=10), factor=2, cap=timedelta(seconds=60), max_attempts=4)


def message():
    return new_message(OutboxKind.ESCALATION, Destination.parse("webhook:jira"), {"ticket": 3}, NOW, ticket_number=3)


def test_new_message_is_due_now_with_a_unique_delivery_id():
    first, second = message(), message()
    assert first.status is OutboxStatus.PENDING and first.next_attempt_at == NOW
    assert first.delivery_id != second.delivery_id


def test_backoff_doubles_and_is_capped():
    assert [BACKOFF.delay(n).total_seconds() for n in range(1, 6)] == [10, 20, 40, 60, 60]


def test_failures_reschedule_then_dead_letter_after_max_attempts():
    msg = message()
    msg = msg.failed("HTTP 500", NOW, BACKOFF)
    assert (msg.status, msg.attempts, msg.next_attempt_at) == (OutboxStatus.PENDING, 1, NOW + timedelta(seconds=10))
    msg = msg.failed("HTTP 500", NOW, BACKOFF).failed("HTTP 500", NOW, BACKOFF)
    assert msg.next_attempt_at == NOW + timedelta(seconds=40)
    msg = msg.failed("timeout", NOW, BACKOFF)
    assert (msg.status, msg.attempts, msg.last_error) == (OutboxStatus.DEAD, 4, "timeout")


def test_errors_are_truncated():
    assert len(message().failed("x" * 10_000, NOW, BACKOFF).last_error) == 500


def test_retry_revives_a_dead_message_with_the_same_delivery_id():
    dead = message()
    for _ in range(4):
        dead = dead.failed("down", NOW, BACKOFF)
    later = NOW + timedelta(hours=2)
    revived = dead.retried(later)
    assert (revived.status, revived.attempts, revived.next_attempt_at) == (OutboxStatus.PENDING, 0, later)
    assert revived.delivery_id == dead.delivery_id


def test_only_dead_messages_can_be_retried():
    with pytest.raises(ValueError, match="only dead"):
        message().retried(NOW)


def test_delivered_records_time_and_attempt():
    done = message().delivered(NOW)
    assert (done.status, done.attempts, done.delivered_at) == (OutboxStatus.DELIVERED, 1, NOW)
