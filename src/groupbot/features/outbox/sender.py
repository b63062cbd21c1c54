"""Delivers the outbox: claim due messages, send each, record the outcome.

Claiming and recording are separate short transactions around the network
call, so a slow receiver never holds database locks. If the process dies after
sending but before recording, the claim expires and the message is sent again
with the same delivery id, which receivers use to drop the repeat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from groupbot.core.outbox import Backoff, OutboxMessage, OutboxStatus
from groupbot.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from groupbot.core.routing import DestinationKind
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.features.outbox.delivery import Delivery, SendFailure

__all__ = ["OnDead", "OutboxSender", "SendRound"]

log = logging.getLogger(__name__)
OnDead = Callable[[UnitOfWork, OutboxMessage], Awaitable[None]]
"""Called in the transaction that records a message as dead (to tell ops, through the outbox)."""


@dataclass(frozen=True, slots=True)
class SendRound:
    """What one round did."""

    delivered: int = 0
    retrying: int = 0
    dead: int = 0

    @property
    def attempted(self) -> int:
        """Messages tried in this round."""
        return self.delivered + self.retrying + self.dead


class OutboxSender:
    """Steppable sender: :meth:`run_once` does one round at the clock's time; :meth:`run` loops."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        deliveries: Mapping[DestinationKind, Delivery],
        clock: Clock,
        backoff: Backoff,
        *,
        batch: int = 20,
        claim_for: timedelta = timedelta(minutes=2),
        on_dead: OnDead | None = None,
        telemetry: Telemetry = NO_TELEMETRY,
    ) -> None:
        self._telemetry = telemetry
        self._on_dead = on_dead
        self._uow_factory = uow_factory
        self._deliveries = dict(deliveries)
        self._clock = clock
        self._backoff = backoff
        self._batch = batch
        self._claim_for = claim_for
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Ask for a round now (called after a commit that added messages)."""
        self._wake.set()

    async def run_once(self, ids: Sequence[int] | None = None) -> SendRound:
        """Claim what is due now (only ``ids``, if given), try each message once, record the results."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            claimed = await uow.outbox.claim_due(now, now + self._claim_for, self._batch, ids)
            await uow.commit()
        outcomes = [await self._attempt(message) for message in claimed]
        for outcome in outcomes:
            self._telemetry.outbox_attempt(str(outcome.destination), outcome.status.value)
        async with self._uow_factory() as uow:
            for outcome in outcomes:
                await uow.outbox.save(outcome)
                if outcome.status is OutboxStatus.DEAD and self._on_dead is not None:
                    await self._on_dead(uow, outcome)
            await uow.commit()
        statuses = [o.status for o in outcomes]
        return SendRound(
            delivered=statuses.count(OutboxStatus.DELIVERED),
            retrying=statuses.count(OutboxStatus.PENDING),
            dead=statuses.count(OutboxStatus.DEAD),
        )

    async def _attempt(self, message: OutboxMessage) -> OutboxMessage:
        delivery = self._deliveries.get(message.destination.kind)
        try:
            if delivery is None:
                raise SendFailure(f"no delivery for {message.destination.kind} destinations", permanent=True)
            await delivery.deliver(message)
        except SendFailure as exc:
            return self._failed(message, str(exc), exc.permanent)
        except Exception as exc:  # a bug in one delivery must not stop the others
            log.exception("outbox message %s: unexpected delivery error", message.id)
            return self._failed(message, f"{exc.__class__.__name__}: {exc}", False)
        log.info("outbox message %s delivered to %s", message.id, message.destination)
        return message.delivered(self._clock.now())

    def _failed(self, message: OutboxMessage, error: str, permanent: bool) -> OutboxMessage:
        outcome = message.failed(error, self._clock.now(), self._backoff, permanent=permanent)
        level = logging.ERROR if outcome.status is OutboxStatus.DEAD else logging.WARNING
        log.log(level, "outbox message %s to %s failed (%s, attempt %d): %s",
                message.id, message.destination, outcome.status, outcome.attempts, error)
        return outcome

    async def run(self, interval: float) -> None:
        """Rounds until cancelled: immediately after :meth:`wake`, else every ``interval`` seconds."""
        while True:
            try:
                result = await self.run_once()
            except Exception:  # the database may be briefly away; try again next round
                log.exception("outbox round failed")
                result = SendRound()
            if result.attempted >= self._batch:
                continue  # more may be waiting
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=interval)
