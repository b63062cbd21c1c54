"""The weekly digest: build it on demand, and post it once a week on schedule.

Posting means writing outbox messages in the same transaction as the week's
``digest_runs`` row; whichever instance commits that row posted the digest,
every other instance (and every restart) finds the week taken.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from groupbot.core.digest import Digest, IsoWeek, build_digest
from groupbot.core.escalation import chat_payload
from groupbot.core.matching.decision import DecisionKind
from groupbot.core.outbox import OutboxKind, OutboxMessage, new_message
from groupbot.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from groupbot.core.routing import Destination, DestinationKind
from groupbot.features.chats.language import spoken_in
from groupbot.features.digest.chart import render_chart
from groupbot.features.digest.render import as_dict, render_markdown, render_text
from groupbot.features.knowledge.catalog import FaqCatalog

__all__ = ["DigestJob", "DigestPublication", "DigestSchedule", "build_week", "would_answer"]

log = logging.getLogger(__name__)
WouldAnswer = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class DigestSchedule:
    """Post on ISO ``weekday`` at ``at`` in ``timezone``, about the week before."""

    weekday: int = 1
    at: time = time(9, 0)
    timezone: str = "Asia/Shanghai"

    def due_week(self, now: datetime) -> IsoWeek | None:
        """The week whose digest is due at ``now``, or None before this week's posting time."""
        this_week = IsoWeek.containing(now, self.timezone)
        day = this_week.start(self.timezone).date() + timedelta(days=self.weekday - 1)
        moment = datetime.combine(day, self.at, tzinfo=ZoneInfo(self.timezone))
        return this_week.previous() if now >= moment else None

    def last_complete_week(self, now: datetime) -> IsoWeek:
        """The most recent week that has ended at ``now``."""
        return IsoWeek.containing(now, self.timezone).previous()


def would_answer(catalog: FaqCatalog) -> WouldAnswer:
    """Whether today's FAQ answers a question outright (the digest's coverage number)."""
    return lambda text: catalog.decide(text).kind is DecisionKind.ANSWER


async def build_week(uow: UnitOfWork, week: IsoWeek, timezone: str, would_answer: WouldAnswer) -> Digest:
    """The digest of ``week`` from the database."""
    return build_digest(await uow.digest.gather(week, timezone), would_answer)


@dataclass(frozen=True, slots=True)
class DigestPublication:
    """Where and how the digest goes out."""

    destinations: Sequence[Destination]
    locale: str = "zh-CN"
    chart: bool = True


class DigestJob:
    """Steppable: :meth:`run_once` posts the due digest at the clock's time if nobody has."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        schedule: DigestSchedule,
        publication: DigestPublication,
        would_answer: WouldAnswer,
        instance: str,
        on_posted: Callable[[], None] = lambda: None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._schedule = schedule
        self._publication = publication
        self._would_answer = would_answer
        self._instance = instance
        self._on_posted = on_posted

    async def run_once(self) -> IsoWeek | None:
        """Post the due week's digest; the week when this call posted it, else None."""
        now = self._clock.now()
        week = self._schedule.due_week(now)
        if week is None or not self._publication.destinations:
            return None  # with nowhere to post, keep the week unclaimed for when there is
        async with self._uow_factory() as uow:
            if not await uow.digest.claim_week(week, self._instance, now):
                return None
            if not await uow.digest.active_before(week.end(self._schedule.timezone)):
                # A fresh install: the bot heard nothing that week, so it has nothing to report on it.
                await uow.commit()
                log.info("weekly digest %s skipped: the bot had heard no message by the end of that week", week)
                return None
            digest = await build_week(uow, week, self._schedule.timezone, self._would_answer)
            charts: dict[str, bytes | None] = {}  # one drawing per language, however many destinations
            for destination in self._publication.destinations:
                locale = await spoken_in(uow, destination, self._publication.locale)
                if locale not in charts:
                    charts[locale] = render_chart(digest, locale) if self._publication.chart else None
                await uow.outbox.add(self._message(digest, destination, locale, charts[locale], now))
            await uow.commit()
        log.info("weekly digest %s queued for %d destination(s)", week, len(self._publication.destinations))
        self._on_posted()
        return week

    def _message(
        self, digest: Digest, destination: Destination, locale: str, chart: bytes | None, now: datetime
    ) -> OutboxMessage:
        """The digest for one destination, in that chat's language (what /lang set, else the configured one)."""
        if destination.kind is DestinationKind.CHAT:
            payload = chat_payload(render_text(digest, locale), kind="announcement")
        else:
            payload = {"event": "digest", "week": str(digest.week), "text": render_markdown(digest, locale),
                       "digest": as_dict(digest)}
        return new_message(OutboxKind.DIGEST, destination, payload, now, attachment=chart)
