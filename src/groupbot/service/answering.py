"""The answer flow: answer, offer a few entries, or open a ticket."""

from __future__ import annotations

from groupbot.core.matching import DecisionKind, MatchDecision
from groupbot.core.messages import Choice, IncomingMessage, Reply, ReplyKind
from groupbot.core.ports import UnitOfWork
from groupbot.service.catalog import FaqCatalog
from groupbot.service.choices import PendingChoices
from groupbot.service.handled import Handled
from groupbot.service.texts import render
from groupbot.service.tickets import TicketDesk

__all__ = ["AnswerFlow"]


class AnswerFlow:
    """Answers a question addressed to the bot; never more than one reply."""

    def __init__(self, catalog: FaqCatalog, desk: TicketDesk, choices: PendingChoices) -> None:
        self._catalog = catalog
        self._desk = desk
        self._choices = choices

    async def handle(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> Handled:
        """Handle ``text`` (the cleaned message text) from ``message``."""
        offered = self._choices.pending(message)
        if offered and text.strip().isdigit():
            return self._pick(message, offered, int(text.strip()), locale)
        decision = self._catalog.decide(text)
        if decision.kind is DecisionKind.ANSWER:
            return self._answer(message, decision.candidates[0].entry_id, decision.score)
        if decision.kind is DecisionKind.SUGGEST:
            return self._suggest(message, decision, locale)
        return await self._ticket(message, text, uow, locale, decision.score)

    def _pick(self, message: IncomingMessage, offered: tuple[str, ...], number: int, locale: str) -> Handled:
        if not 1 <= number <= len(offered):
            text = render("choice_unknown", locale, count=len(offered))
            return Handled("choice_invalid", (self._reply(message, text, ReplyKind.NOTICE),))
        self._choices.take(message)
        return self._answer(message, offered[number - 1], None, outcome="choice")

    def _answer(self, message: IncomingMessage, entry_id: str, score: float | None, outcome: str = "answer") -> Handled:
        entry = self._catalog.entry(entry_id)
        if entry is None:  # the FAQ was reloaded between offer and pick
            return Handled("choice_stale")
        reply = self._reply(message, f"{entry.question}\n\n{entry.answer.strip()}", ReplyKind.ANSWER)
        return Handled(outcome, (reply,), entry_id=entry_id, score=score)

    def _suggest(self, message: IncomingMessage, decision: MatchDecision, locale: str) -> Handled:
        entries = [self._catalog.entry(c.entry_id) for c in decision.candidates]
        found = [entry for entry in entries if entry is not None]
        lines = [render("suggest_intro", locale)]
        lines += [render("suggest_line", locale, number=i, question=e.question) for i, e in enumerate(found, 1)]
        choices = tuple(Choice(f"{i}. {e.question}", str(i)) for i, e in enumerate(found, 1))
        self._choices.offer(message, tuple(e.id for e in found))
        reply = self._reply(message, "\n".join(lines), ReplyKind.SUGGEST, choices)
        return Handled("suggest", (reply,), entry_id=found[0].id if found else None, score=decision.score)

    async def _ticket(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str, score: float) -> Handled:
        ticket = await self._desk.open_for(message, text, uow, locale)
        reply = self._reply(message, render("ticket_opened", locale, number=ticket.number), ReplyKind.TICKET)
        return Handled("ticket", (reply,), score=score)

    @staticmethod
    def _reply(message: IncomingMessage, text: str, kind: ReplyKind, choices: tuple[Choice, ...] = ()) -> Reply:
        return Reply(
            message.chat, text, kind, reply_to_message_id=message.message_id, choices=choices, choices_per_row=1
        )
