"""After an answer: "was this helpful?", and the asker's way to a human (👎, 人工, human, 转人工)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

from groupbot.core.language import follow_up_locale
from groupbot.core.matching.smalltalk import SmallTalk, small_talk
from groupbot.core.messages import Choice, IncomingMessage, Reply, ReplyKind
from groupbot.core.ports import UnitOfWork
from groupbot.core.tickets import OPEN_STATUSES, Ticket, TicketEvent
from groupbot.features.answering.recall import asker_key, question_from_data, question_to_data
from groupbot.features.handled import Handled, Remember
from groupbot.features.texts import label, render
from groupbot.features.tickets.desk import TicketDesk

__all__ = ["FeedbackDesk", "is_human_request"]

HELPFUL = frozenset({"1", "👍", "+1", "有用", "有帮助", "yes"})
UNHELPFUL = frozenset({"2", "👎", "-1", "没用", "没帮助", "no"})
# What the answer asks for ("send 1 or 2, or 👍/👎"): from the waiting asker these count without a
# mention. "yes"/"no" are everyday words in a group and still need one.
BARE = frozenset({"1", "2", "👍", "👎", "+1", "-1"})
_HUMAN = re.compile(
    r"^\s*(?:转?人工(?:客服|服务)?|找?真人|human|agent|real person|talk to (?:a )?human)\s*[!！.。]*\s*$", re.I
)
_EMOJI_VARIANTS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f]")  # skin tones and emoji presentation


def is_human_request(text: str) -> bool:
    """True for a short request to talk to a person: 人工, 转人工, human..."""
    return bool(_HUMAN.match(text))


@dataclass(frozen=True, slots=True)
class _Asked:
    question: IncomingMessage
    text: str
    entry_id: str
    locale: str | None  # the answer's language; None in answers stored before it was kept


class FeedbackDesk:
    """Asks for feedback after answers and acts on the reply.

    A 👍 is recorded quietly (no extra message in the group); a 👎 or a request
    for a human opens a ticket for the original question at once, or adds to
    the open ticket it repeats.
    """

    def __init__(self, desk: TicketDesk, ttl: timedelta = timedelta(minutes=30), enabled: bool = True) -> None:
        self._desk = desk
        self._enabled = enabled
        self._ttl = ttl

    def ask(self, reply: Reply, locale: str) -> Reply:
        """``reply`` (an answer) with the helpful/unhelpful choices, when feedback is on."""
        if not self._enabled:
            return reply
        choices = (Choice(render("feedback_yes", locale), "1"), Choice(render("feedback_no", locale), "2"))
        return replace(reply, text=f"{reply.text}\n\n{render('feedback_ask', locale)}", choices=choices)

    def remember(self, question: IncomingMessage, text: str, entry_id: str, locale: str) -> Remember:
        """The step that waits for the asker's feedback on the answer (in ``locale``) to ``question``."""
        value = {"question": question_to_data(question), "text": text, "entry": entry_id, "locale": locale}

        async def keep(uow: UnitOfWork) -> None:
            if self._enabled:
                await uow.memory.keep(asker_key("feedback", question), value, question.received + self._ttl)

        return keep

    def forget(self, message: IncomingMessage) -> Remember:
        """The step that drops the sender's pending question: they have moved on to another one."""

        async def forget(uow: UnitOfWork) -> None:
            await uow.memory.forget(asker_key("feedback", message))

        return forget

    async def expects(self, message: IncomingMessage, text: str, addressed: bool, uow: UnitOfWork) -> bool:
        """True when ``text`` is this sender's feedback or a request for a human.

        Only the asker's own reply counts, and only while their answer waits for
        feedback in this chat: then a bare 1/2, 👍/👎 or "thanks" counts without
        a mention (the answer asks for just that); "yes"/"no" need one. Anybody
        else's "2" is chat.
        人工 counts when said to the bot, or from a waiting asker.
        """
        human = is_human_request(text)
        word = _word(text)
        could_be_feedback = word in BARE or _is_thanks(text) or (addressed and word in HELPFUL | UNHELPFUL)
        if not human and not could_be_feedback:
            return False  # no look-up for the everyday case
        if human and addressed:
            return True
        return await self._pending(message, uow) is not None

    async def handle(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> Handled:
        """Act on a reply that :meth:`expects` accepted."""
        asked = await self._pending(message, uow)
        locale = follow_up_locale(text, locale, asked.locale if asked else None)
        word = _word(text)
        if asked is not None and (word in HELPFUL or _is_thanks(text)):
            await _audit(uow, message, "helpful", asked.entry_id)
            return Handled("feedback:helpful", entry_id=asked.entry_id).then(self.forget(message))
        if asked is not None:
            await _audit(uow, message, "unhelpful" if word in UNHELPFUL else "human", asked.entry_id)
            handled = await self._to_ticket(message, asked, uow, locale)
            return handled.then(self.forget(message))
        return await self._human_without_question(message, uow, locale)

    async def _to_ticket(self, message: IncomingMessage, asked: _Asked, uow: UnitOfWork, locale: str) -> Handled:
        outcome = await self._desk.open_or_merge(asked.question, asked.text, uow, locale)
        key = "feedback_ticket_merged" if outcome.merged else "feedback_ticket"
        reply = _reply(message, render(key, locale, number=outcome.ticket.number))
        return Handled("feedback:ticket", (reply, *outcome.announcements))

    async def _human_without_question(self, message: IncomingMessage, uow: UnitOfWork, locale: str) -> Handled:
        ticket = await _latest_open_ticket_of(message, uow)
        if ticket is None:
            return Handled("human:describe", (_reply(message, render("human_describe", locale)),))
        await uow.tickets.add_event(
            TicketEvent(ticket.number, f"{message.platform}:{message.sender.user_id}", message.received, "human", "")
        )
        await _audit(uow, message, "human", str(ticket.number))
        status = label("status", ticket.status, locale)
        reply = _reply(message, render("human_ticket", locale, number=ticket.number, status=status))
        return Handled("human:ticket", (reply,))

    async def _pending(self, message: IncomingMessage, uow: UnitOfWork) -> _Asked | None:
        key = asker_key("feedback", message)
        value = (await uow.memory.recall([key], message.received)).get(key)
        if value is None:
            return None
        return _Asked(question_from_data(value["question"]), value["text"], value["entry"], value.get("locale"))


async def _latest_open_ticket_of(message: IncomingMessage, uow: UnitOfWork) -> Ticket | None:
    for ticket in await uow.tickets.find(statuses=tuple(OPEN_STATUSES), limit=200):
        if ticket.reported_by(message.platform, message.sender.user_id, message.chat.key):
            return ticket
    return None


async def _audit(uow: UnitOfWork, message: IncomingMessage, outcome: str, detail: str) -> None:
    await uow.audit.record(
        time=message.received,
        platform=message.platform,
        chat_id=message.chat.chat_id,
        actor=f"{message.platform}:{message.sender.user_id}",
        action="feedback",
        outcome=outcome,
        detail=detail,
    )


def _reply(message: IncomingMessage, text: str) -> Reply:
    return Reply(message.chat, text, ReplyKind.NOTICE, reply_to_message_id=message.message_id)


def _is_thanks(text: str) -> bool:
    return small_talk(text) is SmallTalk.THANKS


def _word(text: str) -> str:
    return _EMOJI_VARIANTS.sub("", text).strip().casefold()
