"""The transactional outbox: messages waiting to leave, and what happens when sending fails.

A message is written in the same commit as the change that caused it; a sender
later delivers it. ``delivery_id`` is fixed when the message is written, so a
receiver that deduplicates by it sees each message once even when a crash
makes us send it twice.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from groupbot.core.routing import Destination

__all__ = ["Backoff", "OutboxKind", "OutboxMessage", "OutboxStatus", "new_message"]

MAX_ERROR_CHARS = 500


class OutboxKind(enum.StrEnum):
    """Why a message is being sent; receivers may filter on it."""

    ESCALATION = "escalation"
    RESOLUTION = "resolution"
    ANNOUNCEMENT = "announcement"
    DIGEST = "digest"
    REMINDER = "reminder"
    FOLLOW_UP = "follow_up"


class OutboxStatus(enum.StrEnum):
    """Pending until delivered, or dead after too many failures."""

    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential retry delays: ``base * factor**(attempt-1)``, capped; dead after ``max_attempts``."""

    base: timedelta = timedelta(seconds=30)
    factor: float = 2.0
    cap: timedelta = timedelta(hours=1)
    max_attempts: int = 8

    def delay(self, attempts: int) -> timedelta:
        """How long to wait after the ``attempts``-th failure."""
        return min(self.cap, self.base * (self.factor ** max(attempts - 1, 0)))


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """One message to deliver to one destination. ``id`` is 0 until stored."""

    id: int
    delivery_id: str
    kind: OutboxKind
    destination: Destination
    payload: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    last_error: str = ""
    delivered_at: datetime | None = None
    ticket_number: int | None = None
    attachment: bytes | None = field(default=None, repr=False)

    def delivered(self, now: datetime) -> OutboxMessage:
        """This message, marked as delivered at ``now``."""
        return replace(self, status=OutboxStatus.DELIVERED, attempts=self.attempts + 1, delivered_at=now)

    def failed(self, error: str, now: datetime, backoff: Backoff, *, permanent: bool = False) -> OutboxMessage:
        """This message after a failed attempt: rescheduled, or dead when out of attempts or ``permanent``."""
        attempts = self.attempts + 1
        error = error[:MAX_ERROR_CHARS]
        if permanent or attempts >= backoff.max_attempts:
            return replace(self, status=OutboxStatus.DEAD, attempts=attempts, last_error=error)
        return replace(self, attempts=attempts, last_error=error, next_attempt_at=now + backoff.delay(attempts))

    def retried(self, now: datetime) -> OutboxMessage:
        """A dead message given a fresh set of attempts, due at ``now``; same delivery id."""
        if self.status is not OutboxStatus.DEAD:
            raise ValueError(f"outbox message {self.id} is {self.status}, only dead messages can be retried")
        return replace(self, status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now)


def new_message(
    kind: OutboxKind,
    destination: Destination,
    payload: dict[str, Any],
    now: datetime,
    *,
    ticket_number: int | None = None,
    attachment: bytes | None = None,
) -> OutboxMessage:
    """A pending message due now with a fresh delivery id."""
    return OutboxMessage(
        id=0,
        delivery_id=str(uuid.uuid4()),
        kind=kind,
        destination=destination,
        payload=payload,
        created_at=now,
        next_attempt_at=now,
        ticket_number=ticket_number,
        attachment=attachment,
    )
