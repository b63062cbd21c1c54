"""The answer flow: answer, offer a few entries, or open a ticket."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

import numpy as np

from groupbot.core.addressing import is_explicit
from groupbot.core.language import follow_up_locale
from groupbot.core.matching import DecisionKind, MatchDecision
from groupbot.core.messages import Choice, IncomingMessage, Reply, ReplyKind
from groupbot.core.picks import picked_number, sounds_like_a_pick
from groupbot.core.ports import UnitOfWork
from groupbot.core.question_split import split_questions
from groupbot.core.ticket_queries import asked_ticket_number
from groupbot.features.answering.choices import Offer, PendingChoices
from groupbot.features.answering.cooldown import QuestionCooldown
from groupbot.features.answering.feedback import FeedbackDesk, is_human_request, is_unhelpful_remark
from groupbot.features.handled import Handled, Remember
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.features.texts import render
from groupbot.features.tickets.customer_replies import Awaited, CustomerReplies
from groupbot.features.tickets.desk import TicketDesk
from groupbot.features.tickets.pictures import RecentPictures
from groupbot.features.tickets.status_questions import TicketStatusQuestions

__all__ = ["AnswerFlow"]

log = logging.getLogger(__name__)

MAX_FILED_CHARS = 20_000
"""A long message filed on an awaiting ticket is kept up to this many characters (a pasted log's head)."""
PICTURE_ONLY = "🖼"  # the text of a report that is a picture alone
NONE_OF_THESE = 0  # the did-you-mean's last line: none fits, so the question goes to the support team
# Small talk the bot answers when spoken to; "ok", "收到", "哈哈" get no reply at all.
SMALL_TALK_REPLIES = {
    "greeting": "small_talk_greeting",
    "presence": "small_talk_presence",
    "thanks": "small_talk_thanks",
    "goodbye": "small_talk_goodbye",
    "resolved": "small_talk_resolved",
}


def _about_an_offer(text: str) -> bool:
    """Whether ``text`` could answer a did-you-mean: a number, or (like 0) "none of these": a request for
    a human, "not what I asked"."""
    return picked_number(text) is not None or is_human_request(text) or is_unhelpful_remark(text)


def _key(message: IncomingMessage) -> tuple[str, str]:
    return message.chat.key, message.message_id


class AnswerFlow:
    """Answers a question addressed to the bot; never more than one reply.

    An identical question that would get the same reply in the same chat within
    the cool-down is not answered again (a repeat still counts on its ticket).
    """

    def __init__(
        self,
        catalog: FaqCatalog,
        desk: TicketDesk,
        choices: PendingChoices,
        feedback: FeedbackDesk,
        cooldown: QuestionCooldown,
        replies: CustomerReplies | None = None,
        pictures: RecentPictures | None = None,
        status: TicketStatusQuestions | None = None,
    ) -> None:
        self._catalog = catalog
        self._status = status
        self._replies = replies
        self._pictures = pictures
        # Embeddings started before a message's unit of work, by (chat, message id): see foresee().
        self._foreseen: dict[tuple[str, str], asyncio.Future[np.ndarray]] = {}
        self._desk = desk
        self._choices = choices
        self._feedback = feedback
        self._cooldown = cooldown

    def foresee(self, message: IncomingMessage, text: str) -> None:
        """Reserve ``text`` a place in the next batch of questions before ``message``'s unit of work opens.

        Units of work take turns on the database (SQLite has one connection),
        so questions are matched one at a time; those waiting share one
        encoder call. :meth:`settle` must follow, handled or not.
        """
        reserved = self._catalog.foresee(text)
        if reserved is not None:
            self._foreseen[_key(message)] = reserved

    async def foreseen(self, message: IncomingMessage) -> None:
        """Wait until what :meth:`foresee` reserved for ``message`` is embedded (a failure is the question's).

        Awaited before the unit of work opens, so a question waiting for the
        encoder does not hold the database (SQLite's one connection): the
        others go on meanwhile, and those that arrive join the next batch.
        """
        reserved = self._foreseen.get(_key(message))
        if reserved is not None:
            with contextlib.suppress(Exception):  # raised again where the question is matched
                await self._catalog.embedded(reserved)

    def settle(self, message: IncomingMessage) -> None:
        """Drop what :meth:`foresee` started for ``message`` if no question used it."""
        reserved = self._foreseen.pop(_key(message), None)
        if reserved is not None and not reserved.done():
            reserved.cancel()  # not encoded yet, and now never will be
        elif reserved is not None and not reserved.cancelled():
            reserved.exception()  # retrieved, so an unused failure is not reported as lost

    async def expects(
        self, message: IncomingMessage, text: str, uow: UnitOfWork, addressed: bool | None = None
    ) -> bool:
        """True when ``text`` answers something the bot asked this sender (a number, 👍/👎, 人工).

        ``addressed`` says whether the chat's mode takes ``message`` as said to
        the bot; by default only a private chat, a mention or a reply does.
        """
        if _about_an_offer(text) and await self._choices.pending(message, uow) is not None:
            return True
        said_to_bot = is_explicit(message) if addressed is None else addressed
        return await self._feedback.expects(message, text, said_to_bot, uow)

    async def handle(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> Handled:
        """Handle ``text`` (the cleaned message text) from ``message``, which the chat's mode addressed to the bot.

        What the bot remembers (offers, cool-downs, pending feedback) is written
        with the message's outcome, through :attr:`Handled.remember`.
        """
        offer = await self._choices.pending(message, uow) if _about_an_offer(text) or sounds_like_a_pick(text) else None
        if offer is not None:
            return await self._answer_offer(message, text, offer, uow, locale)
        if await self._feedback.expects(message, text, True, uow):
            return await self._feedback.handle(message, text, uow, locale)
        if self._status is not None and (asked_about := asked_ticket_number(text)) is not None:
            return await self._status.answer(message, asked_about, uow, locale)  # "any update on #1?": no ticket
        handled = await self._question(message, text, uow, locale)
        if handled.outcome == "answer":
            return handled  # the new answer's feedback question replaces any earlier one
        if handled.outcome == "cooldown" and not any(r.chat.key == message.chat.key for r in handled.replies):
            return handled  # the asker repeated the question just answered: its answer still awaits feedback
        return replace(handled, remember=(self._feedback.forget(message), *handled.remember))

    async def unaddressed(
        self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str, *, question: bool = True,
    ) -> Handled | None:
        """Words not said to the bot from an asker a ticket awaits early in the wait ("5.2.1" under "which
        version?" in a group where the bot answers mentions only; a pasted log, when not ``question``):
        filed on that ticket, unless the FAQ answers them or they are small talk; None otherwise (the
        message is left alone)."""
        if self._replies is None:
            return None
        awaited = await self._replies.awaiting(message, uow)
        if awaited is None or not awaited.takes_unaddressed(message.received):
            return None
        if not question:
            return await self._file(message, text, awaited, uow, locale)
        if is_human_request(text):  # "人工" said to the room: the ticket already has the team's attention
            return None
        decision = await self._catalog.ask(text)
        if decision.entry_id is not None or decision.kind is DecisionKind.SMALL_TALK:
            return None  # a question of their own (or chat), not said to the bot: not for the ticket
        return await self._replies.take(message, text, uow, locale, awaited)

    async def not_a_question(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> Handled | None:
        """A message that is no question (a pasted log, a long description, a bare link) from an asker a
        ticket awaits: filed on that ticket, cut at :data:`MAX_FILED_CHARS`; None when no ticket awaits them."""
        if self._replies is None:
            return None
        awaited = await self._replies.awaiting(message, uow)
        return None if awaited is None else await self._file(message, text, awaited, uow, locale)

    async def _file(self, message: IncomingMessage, text: str, awaited: Awaited, uow: UnitOfWork, locale: str
                    ) -> Handled:
        """``text`` on the ``awaited`` ticket as it is, cut at :data:`MAX_FILED_CHARS`."""
        assert self._replies is not None
        if len(text) > MAX_FILED_CHARS:
            log.info("%s %s: %d characters filed as the first %d", message.chat.key, message.message_id, len(text),
                     MAX_FILED_CHARS)
            text = text[:MAX_FILED_CHARS] + " …"
        return await self._replies.file(message, text, awaited, uow, locale)

    async def picture(
        self, message: IncomingMessage, uow: UnitOfWork, locale_of: Callable[[], Awaitable[str]], hint: Handled
    ) -> Handled:
        """A message of pictures and no words: the asker's answer to an update if one awaits them, else
        kept for their next report (with ``hint``, what the router says to wordless messages)."""
        if self._replies is not None:
            awaited = await self._replies.awaiting(message, uow)
            if awaited is not None:
                return await self._replies.file(message, PICTURE_ONLY, awaited, uow, await locale_of())
        return hint if self._pictures is None else hint.then(self._pictures.keep(message))

    async def _question(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> Handled:
        decision = await self._catalog.ask(text, self._foreseen.pop(_key(message), None))
        if decision.kind is not DecisionKind.SMALL_TALK:
            answers = await self._answers_to_each(text, decision)
            if len(answers) > 1:
                return await self._answered(message, text, answers, min(s for _e, s in answers), locale, uow)
        if decision.entry_id is not None:  # answered outright
            return await self._answered(message, text, [(decision.entry_id, decision.score)], decision.score, locale,
                                        uow)
        if decision.kind is DecisionKind.SMALL_TALK:
            return await self._small_talk(message, decision.talk or "", locale, uow)
        # Not an FAQ answer: from an asker the support team wrote to, it is their answer, for the ticket.
        taken = await self._replies.take(message, text, uow, locale) if self._replies is not None else None
        if taken is not None:
            return replace(taken, score=decision.score)
        if decision.kind is DecisionKind.SUGGEST and decision.candidates and (
                await self._feedback.answered_with(message, uow) == decision.candidates[0].entry_id):
            # "导出的PDF是空白的" right after the PDF answer: more on what it missed, not a question to offer it for
            return await self._feedback.missed(message, text, uow, locale)
        if decision.kind is DecisionKind.SUGGEST and not self._desk.is_urgent(text):  # an outage does not wait
            # The error code of an open ticket's failure ("E1042 here too"): its ticket tells more than a
            # guess at the FAQ. A repeat in words is offered the entries first, as its first asker was.
            repeat = await self._desk.repeated(text, uow)
            if repeat is None or not repeat.code:
                return self._suggest(message, text, decision, locale)
            return await self._ticket(message, text, uow, locale, decision.score)
        offer = await self._choices.pending(message, uow)
        if offer is not None:  # their reply to a did-you-mean, neither a pick nor a question the FAQ knows
            return await self._after_offer(message, text, offer, uow, locale, decision.score)
        return await self._ticket(message, text, uow, locale, decision.score)

    async def _answers_to_each(self, text: str, whole: MatchDecision) -> list[tuple[str, float]]:
        """For a message of several questions, each one the FAQ answers outright, as (entry, score).

        Fewer than two different entries: the message is decided whole (``[]``).
        """
        parts = split_questions(text)
        if len(parts) < 2:
            return []
        answers: dict[str, float] = {}
        for part in parts:
            decision = await self._catalog.ask(part)
            if decision.entry_id is not None:  # answered outright
                answers.setdefault(decision.entry_id, decision.score)
        if len(answers) < 2 or (whole.entry_id is not None and whole.entry_id not in answers):
            return []
        return list(answers.items())

    async def _answered(
        self, message: IncomingMessage, text: str, answers: list[tuple[str, float]], score: float, locale: str,
        uow: UnitOfWork,
    ) -> Handled:
        """The answer to each question of ``text`` in one reply, unless this chat just got it (cool-down)."""
        entry_ids = [entry_id for entry_id, _score in answers]
        reply_key = "answer:" + "+".join(entry_ids)
        note, announcements = await self._urgent(message, text, uow, locale)
        askers = await self._cooldown.askers(message, text, reply_key, uow)
        if askers is not None:
            above = self._answered_above(message, text, reply_key, entry_ids[0], score, locale, askers, note)
            return replace(above, replies=(*above.replies, *announcements))
        answered = self._answer(message, entry_ids, score, locale, (message, text), note=note)
        answered = replace(answered, replies=(*answered.replies, *announcements))
        return answered.then(self._cooldown.remember(message, text, reply_key))

    async def _urgent(
        self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str
    ) -> tuple[str, tuple[Reply, ...]]:
        """An outage or a failure that hurts many ("all users", 宕机) reaches the team even when the FAQ
        answers it: the line that tells the asker its ticket, and the ops notices ("", () if not urgent).
        Later reports that repeat it join that ticket, so its report count shows how wide it is."""
        if not self._desk.is_urgent(text):
            return "", ()
        outcome = await self._desk.open_or_merge(message, text, uow, locale)
        ticket = outcome.ticket
        line = render("urgent_merged" if outcome.merged else "urgent_opened", locale, number=ticket.number,
                      reports=ticket.summary.reports)
        return line, outcome.announcements

    def _answered_above(
        self, message: IncomingMessage, text: str, reply_key: str, entry_id: str, score: float, locale: str,
        askers: tuple[str, ...], note: str = "",
    ) -> Handled:
        """The same question got this answer in this chat a moment ago: silence for the asker who
        repeats it, one short pointer to it (not the whole answer again) for anyone else, with ``note``
        (the ticket an outage report joined). Their "没用" on it counts as feedback on that answer."""
        entry = self._catalog.entry(entry_id)
        if message.sender.user_id in askers or entry is None:
            return Handled("cooldown", entry_id=entry_id, score=score)
        said = render("answered_above", locale, question=entry.question)
        pointer = self._reply(message, f"{said}\n\n{note}" if note else said, ReplyKind.NOTICE)
        remember = (self._cooldown.remember(message, text, reply_key, askers),
                    self._feedback.remember(message, text, entry_id, locale))
        return Handled("cooldown", (pointer,), entry_id=entry_id, score=score, remember=remember)

    async def _small_talk(self, message: IncomingMessage, talk: str, locale: str, uow: UnitOfWork) -> Handled:
        """No answer, no ticket; said to the bot itself, one short polite reply per chat and kind in the cool-down."""
        key = f"small_talk:{talk}"
        if talk not in SMALL_TALK_REPLIES or not is_explicit(message):
            return Handled("small_talk")
        if await self._cooldown.cooling(message, "", key, uow):
            return Handled("small_talk")
        reply = self._reply(message, render(SMALL_TALK_REPLIES[talk], locale), ReplyKind.NOTICE)
        return Handled("small_talk", (reply,)).then(self._cooldown.remember(message, "", key))

    async def _decline(self, message: IncomingMessage, offer: Offer, uow: UnitOfWork, locale: str) -> Handled:
        """None of the offered entries fits: the question they were offered for becomes a ticket."""
        handled = await self._ticket(offer.question, offer.text, uow, locale, None)
        return handled.then(self._choices.take(message))

    async def _answer_offer(
        self, message: IncomingMessage, text: str, offer: Offer, uow: UnitOfWork, locale: str
    ) -> Handled:
        """The asker's reply to ``offer``: a pick, "none of these" (0, 人工, 不是这个), or a try at a pick the
        bot cannot place ("the blue one"), which is asked again while the offer stays."""
        locale = follow_up_locale(text, locale, offer.locale)
        number = picked_number(text)
        if number is not None and number != NONE_OF_THESE:
            return self._pick(message, offer, number, locale)
        if number is None and not is_human_request(text) and not is_unhelpful_remark(text):
            return self._ask_again(message, offer, locale, "choice_unclear")
        return await self._decline(message, offer, uow, locale)

    async def _after_offer(
        self, message: IncomingMessage, text: str, offer: Offer, uow: UnitOfWork, locale: str, score: float | None
    ) -> Handled:
        """A report from an asker whose did-you-mean is still open: filed with the question it follows, so
        the ticket says what was asked (the offer is done with)."""
        handled = await self._ticket(message, f"{offer.text}\n{text}", uow, locale, score)
        return handled.then(self._choices.take(message))

    def _ask_again(self, message: IncomingMessage, offer: Offer, locale: str, key: str) -> Handled:
        """Ask the asker to reply with one of ``offer``'s numbers (``key``: why); the offer stays."""
        count = len(offer.entry_ids)
        text = render(f"{key}_one" if count == 1 else key, locale, count=count)
        return Handled("choice_invalid", (self._reply(message, text, ReplyKind.NOTICE),))

    def _pick(self, message: IncomingMessage, offer: Offer, number: int, locale: str) -> Handled:
        if not 1 <= number <= len(offer.entry_ids):
            return self._ask_again(message, offer, locale, "choice_unknown")
        entry_id = offer.entry_ids[number - 1]
        # Feedback on this answer concerns the question as first asked, not the number.
        answered = self._answer(message, [entry_id], None, locale, (offer.question, offer.text), outcome="choice")
        return answered.then(self._choices.take(message))

    def _answer(
        self,
        message: IncomingMessage,
        entry_ids: list[str],
        score: float | None,
        locale: str,
        asked: tuple[IncomingMessage, str],
        outcome: str = "answer",
        note: str = "",
    ) -> Handled:
        """One reply with the entries' answers (several: numbered, in the order they were asked), and
        ``note`` after them."""
        entries = [self._catalog.entry(entry_id) for entry_id in entry_ids]
        found = [entry for entry in entries if entry is not None]
        if not found:  # the FAQ was reloaded between offer and pick
            return Handled("choice_stale")
        if len(found) == 1:
            text = f"{found[0].question}\n\n{found[0].answer.strip()}"
        else:
            text = "\n\n".join(f"{i}\ufe0f\u20e3 {e.question}\n\n{e.answer.strip()}" for i, e in enumerate(found, 1))
        if note:
            text = f"{text}\n\n{note}"
        reply = self._feedback.ask(self._reply(message, text, ReplyKind.ANSWER), locale)
        remember = self._feedback.remember(*asked, found[0].id, locale)
        return Handled(outcome, (reply,), entry_id=found[0].id, score=score, remember=(remember,))

    def _suggest(self, message: IncomingMessage, text: str, decision: MatchDecision, locale: str) -> Handled:
        entries = [self._catalog.entry(c.entry_id) for c in decision.candidates]
        found = [entry for entry in entries if entry is not None]
        lines = [render("suggest_intro_one" if len(found) == 1 else "suggest_intro", locale)]
        lines += [render("suggest_line", locale, number=i, question=e.question) for i, e in enumerate(found, 1)]
        none_of_these = render("suggest_none", locale, number=NONE_OF_THESE)
        lines.append(none_of_these)
        choices = tuple(Choice(f"{i}. {e.question}", str(i)) for i, e in enumerate(found, 1))
        choices += (Choice(none_of_these, str(NONE_OF_THESE)),)
        offer = self._choices.offer(message, text, tuple(e.id for e in found), locale)
        reply = self._reply(message, "\n".join(lines), ReplyKind.SUGGEST, choices)
        entry_id = found[0].id if found else None
        return Handled("suggest", (reply,), entry_id=entry_id, score=decision.score, remember=(offer,))

    async def _ticket(
        self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str, score: float | None
    ) -> Handled:
        outcome = await self._desk.open_or_merge(message, text, uow, locale)
        ticket, announcements = outcome.ticket, outcome.announcements
        reply_key = f"ticket:{ticket.number}"
        askers = await self._cooldown.askers(message, text, reply_key, uow)
        if askers is not None and message.sender.user_id in askers:  # the same reporter, repeating
            return Handled("ticket_quiet", announcements, score=score)
        remember = (self._cooldown.remember(message, text, reply_key, askers or ()),
                    *self._await_reporter(message, ticket.number))
        if outcome.merged:
            text = render("ticket_merged", locale, number=ticket.number, reports=ticket.summary.reports)
            replies = (self._reply(message, text, ReplyKind.TICKET), *announcements)
            return Handled("ticket_merged", replies, score=score, remember=remember)
        key = "ticket_opened_urgent" if self._desk.is_urgent(text) else "ticket_opened"  # an outage is not "no answer"
        reply = self._reply(message, render(key, locale, number=ticket.number), ReplyKind.TICKET)
        return Handled("ticket", (reply, *announcements), score=score, remember=remember)

    def _await_reporter(self, message: IncomingMessage, number: int) -> tuple[Remember, ...]:
        """What the reporter adds right after their report joins ticket ``number`` (:mod:`customer_replies`)."""
        return () if self._replies is None else (self._replies.await_reporter(message, number),)

    @staticmethod
    def _reply(message: IncomingMessage, text: str, kind: ReplyKind, choices: tuple[Choice, ...] = ()) -> Reply:
        return Reply(
            message.chat, text, kind, reply_to_message_id=message.message_id, choices=choices, choices_per_row=1
        )
