"""Opening tickets for unanswered questions, or attaching repeats to the open ticket they repeat."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime

from groupbot.core.classification import ClassificationRules, classify, guess_version, is_urgent
from groupbot.core.log_context import note
from groupbot.core.messages import IncomingMessage, Reply
from groupbot.core.ports import Clock, UnitOfWork
from groupbot.core.repeats import RECENT_TEXTS, RepeatCandidate, RepeatFinder, RepeatMatch
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.core.tickets import Ticket, TicketEvent, TicketReport, TicketStatus, change_status
from groupbot.features.texts import one_line
from groupbot.features.tickets.look_alikes import LookAlike, LookAlikes
from groupbot.features.tickets.ops_inbox import OpsInbox
from groupbot.features.tickets.pictures import RecentPictures

__all__ = ["DeskOutcome", "TicketDesk", "reporter_of", "title_of"]

log = logging.getLogger(__name__)
TITLE_CHARS = 80
MERGE_CANDIDATES = 200
MERGE_PHRASINGS = RECENT_TEXTS
"""A ticket's latest distinct report texts compared with a new report: a busy ticket costs no more."""
HEAD_REPORTS = 20
"""Reports loaded with a ticket a new report joins (the counts cover all): enough for quotes and notices."""


def title_of(report: TicketReport) -> str:
    """The title of a ticket ``report`` is the first report on: its text, on one short line."""
    return one_line(report.text, TITLE_CHARS)


def reporter_of(report: TicketReport) -> str:
    """Who made ``report``, as a ticket's ``first_reporter``: ``platform:user id``."""
    return f"{report.chat.platform}:{report.sender.user_id}"


@dataclass(frozen=True, slots=True)
class DeskOutcome:
    """The ticket a report landed on, whether it joined an existing one, and the ops announcements."""

    ticket: Ticket
    merged: bool
    announcements: tuple[Reply, ...] = ()


AutoEscalate = Callable[[UnitOfWork, Ticket, datetime], Awaitable[object]]
"""Escalates a ticket in the same transaction when an automatic rule matches it."""


class TicketDesk:
    """Every report becomes part of exactly one ticket, and every change an event."""

    def __init__(
        self,
        clock: Clock,
        rules: ClassificationRules,
        repeats: RepeatFinder,
        inbox: OpsInbox,
        auto_escalate: AutoEscalate | None = None,
        telemetry: Telemetry = NO_TELEMETRY,
        pictures: RecentPictures | None = None,
        look_alikes: LookAlikes | None = None,
    ) -> None:
        self._look_alikes = look_alikes
        self._pictures = pictures
        self._telemetry = telemetry
        self._auto_escalate = auto_escalate
        self._clock = clock
        self._rules = rules
        self._repeats = repeats
        self._inbox = inbox

    def is_urgent(self, text: str) -> bool:
        """Whether ``text`` reports a failure at high severity or above (an outage, "all users"): such a
        report goes to the team even when the FAQ answers it."""
        return is_urgent(text, self._rules)

    async def open_or_merge(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> DeskOutcome:
        """Attach ``message`` to the open ticket it repeats, or open a new ticket for it.

        Pictures its sender posted without words a moment before come with it (:mod:`.pictures`).
        """
        report = TicketReport.of(message, text)
        earlier = await self._pictures.take(message, uow) if self._pictures is not None else ()
        if earlier:
            report = replace(report, images=(*earlier, *report.images))
        searched = await self._candidates(uow)
        outcome = await self._join_repeated(report, uow, searched)
        if outcome is None:
            # Looked for before the lock below: encoding must not keep other reports (other instances') waiting.
            alike = await self._look_alike(report, searched)
            # About to open one: a simultaneous report of the same new problem (on any instance) is
            # being decided too. Whoever holds the lock second searches again and finds the first's.
            await uow.tickets.hold_repeats()
            # Only a ticket opened or joined since the first search can hold a repeat it missed.
            seen = set(searched)
            changed = [candidate for candidate in await self._candidates(uow) if candidate not in seen]
            outcome = await self._join_repeated(report, uow, changed) or await self._open(report, uow, locale, alike)
        note(ticket=str(outcome.ticket.number))
        self._telemetry.ticket("merged" if outcome.merged else "opened")
        return outcome

    async def repeats_another(self, text: str, number: int, uow: UnitOfWork) -> bool:
        """Whether ``text`` repeats an open ticket other than ``number``: a known problem of its own."""
        repeat = await self.repeated(text, uow)
        return repeat is not None and repeat.number != number

    async def repeated(self, text: str, uow: UnitOfWork) -> RepeatMatch | None:
        """The open ticket ``text`` repeats, if any, and why (how close in words, or the error code)."""
        return self._repeats.find(text, await self._candidates(uow))

    @staticmethod
    async def _candidates(uow: UnitOfWork) -> list[RepeatCandidate]:
        return await uow.tickets.merge_candidates(MERGE_CANDIDATES, MERGE_PHRASINGS)

    async def _join_repeated(
        self, report: TicketReport, uow: UnitOfWork, candidates: list[RepeatCandidate]
    ) -> DeskOutcome | None:
        """Add ``report`` to the open ticket among ``candidates`` it repeats, if there is one.

        Joining needs no lock (the ticket's row serializes the reports joining
        it), so only a report that may open a ticket waits for another.
        """
        repeat = self._repeats.find(report.text, candidates)
        ticket = await uow.tickets.head(repeat.number, HEAD_REPORTS) if repeat is not None else None
        if repeat is None or ticket is None or not ticket.is_open:  # it may have been resolved meanwhile
            return None
        if any(r.chat.key == report.chat.key and r.message_id == report.message_id for r in ticket.reports):
            return DeskOutcome(ticket, True)  # this very message is on it already (answered and ticketed, then 👎)
        log.info("report %s joins ticket #%d (%.2f%s)", report.message_id, ticket.number, repeat.score,
                 f", error code {repeat.code}" if repeat.code else "")
        why = {"score": f"{repeat.score:.2f}", **({"code": repeat.code} if repeat.code else {})}
        return await self.add_report(ticket, report, uow, why)

    async def add_report(
        self, ticket: Ticket, report: TicketReport, uow: UnitOfWork, why: dict[str, str] | None = None,
        notice: str = "inbox_report",
    ) -> DeskOutcome:
        """Record ``report`` on ``ticket`` (touching it) and announce it to ops with the text ``notice``;
        ``why`` goes on the event."""
        now = self._clock.now()
        counts = await uow.tickets.add_report(ticket.number, report)
        grown = replace(ticket, reports=(*ticket.reports, report)[-HEAD_REPORTS:], counts=counts, updated_at=now)
        await uow.tickets.save(grown)
        data = {"chat": report.chat.key, "user": report.sender.user_id, "message": report.message_id, **(why or {})}
        await uow.tickets.add_event(TicketEvent(ticket.number, "bot", now, "report", report.text[:200], data))
        await self._maybe_escalate(uow, grown, now)
        return DeskOutcome(grown, True, await self._inbox.new_report(uow, grown, report, notice))

    async def reopen(self, ticket: Ticket, report: TicketReport, uow: UnitOfWork) -> DeskOutcome:
        """An asker says the answer did not solve it: ``ticket`` opens again, with ``report`` (their words) on it."""
        actor = reporter_of(report)
        reopened, event = change_status(ticket, TicketStatus.OPEN, actor, self._clock.now(), "asker: not solved")
        await uow.tickets.save(reopened)
        await uow.tickets.add_event(event)
        log.info("ticket #%d reopened: %s says it is not solved", ticket.number, actor)
        return await self.add_report(reopened, report, uow, {"reopens": "not solved"}, "inbox_reopened")

    async def open_split(
        self, report: TicketReport, uow: UnitOfWork, locale: str, actor: str, split: dict[str, str]
    ) -> Ticket:
        """A ticket of its own for ``report``, taken off a ticket it did not belong on by ``actor`` (``/split``).

        Classified afresh and escalated by the same rules as a new report, its
        ``split`` event (``split``: where it came from) right after it opened; ops
        made it, so the inbox is not told.
        """
        now = self._clock.now()
        ticket = await self._create(report, uow, locale, actor)
        await uow.tickets.add_event(TicketEvent(ticket.number, actor, now, "split", report.text[:200], split))
        await self._maybe_escalate(uow, ticket, now)
        return ticket

    async def _open(self, report: TicketReport, uow: UnitOfWork, locale: str, alike: LookAlike | None) -> DeskOutcome:
        now = self._clock.now()
        ticket = await self._create(report, uow, locale, "bot")
        if alike is not None:
            seen = {"ticket": str(alike.number), "score": f"{alike.score:.2f}"}
            await uow.tickets.add_event(TicketEvent(ticket.number, "bot", now, "look_alike", alike.phrasing, seen))
        await self._maybe_escalate(uow, ticket, now)
        return DeskOutcome(ticket, False, await self._inbox.new_ticket(uow, ticket, report, alike))

    async def _create(self, report: TicketReport, uow: UnitOfWork, locale: str, actor: str) -> Ticket:
        """A new ticket with ``report`` on it, classified from its text, and its ``opened`` event."""
        now = self._clock.now()
        guess = classify(report.text, self._rules)
        draft = Ticket(
            number=0,
            title=title_of(report),
            category=guess.category,
            status=TicketStatus.OPEN,
            created_at=now,
            updated_at=now,
            first_reporter=reporter_of(report),
            severity=guess.severity,
            version=guess_version(report.text),
            locale=locale,
            reports=(report,),
        )
        ticket = await uow.tickets.create(draft)
        data = {"category": guess.category.value, "severity": guess.severity.value, "rules": ", ".join(guess.reasons)}
        await uow.tickets.add_event(TicketEvent(ticket.number, actor, now, "opened", "", data))
        return ticket

    async def _look_alike(self, report: TicketReport, others: list[RepeatCandidate]) -> LookAlike | None:
        """The open ticket told in the other language that may be this one's problem (a hint for ops)."""
        if self._look_alikes is None:
            return None
        try:
            return await self._look_alikes.find(report.text, others)
        except Exception:  # a hint is not worth a lost report
            log.exception("could not look for tickets like report %s", report.message_id)
            return None

    async def _maybe_escalate(self, uow: UnitOfWork, ticket: Ticket, now: datetime) -> None:
        """Let the escalation rules marked ``auto`` take a new or grown ticket straight to R&D/PM."""
        if self._auto_escalate is not None:
            await self._auto_escalate(uow, ticket, now)
