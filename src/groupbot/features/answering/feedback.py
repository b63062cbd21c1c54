"""After an answer: "was this helpful?", and the asker's way to a human (👎, 人工, human, 转人工)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from groupbot.core.language import follow_up_locale
from groupbot.core.matching.smalltalk import SmallTalk, small_talk
from groupbot.core.messages import Choice, IncomingMessage, Reply, ReplyKind
from groupbot.core.ports import UnitOfWork
from groupbot.core.tickets import OPEN_STATUSES, Ticket, TicketEvent, TicketReport, TicketStatus
from groupbot.features.answering.recall import asker_key, question_from_data, question_to_data
from groupbot.features.handled import Handled, Remember
from groupbot.features.texts import label, render
from groupbot.features.tickets.desk import TicketDesk

__all__ = ["FeedbackDesk", "is_human_request", "is_unhelpful_remark"]

HELPFUL = frozenset({"1", "👍", "+1", "有用", "有帮助", "yes"})
UNHELPFUL = frozenset({"2", "👎", "-1", "没用", "没帮助", "no"})
# What the answer asks for ("send 1 or 2, or 👍/👎"): from the waiting asker these count without a
# mention. "yes"/"no" are everyday words in a group and still need one.
BARE = frozenset({"1", "2", "👍", "👎", "+1", "-1"})
_POLITE = r"(?:please|pls|plz|thanks|thx)"
_HUMAN = re.compile(
    r"^\s*(?:"
    # 人工, 转人工吧, 我要人工客服, 请帮我转人工, 有人工吗, 找真人
    r"(?:请|麻烦)?(?:帮我)?(?:我要|我想|要|有)?(?:转|找|接|转接)?(?:人工(?:客服|服务)?|真人)(?:吧|呢|啊|呀|一下|吗|在吗)?(?:谢谢)?"
    # human, agent please, I want a human, can I talk to a real person, speak with an agent
    rf"|(?:{_POLITE}\s+)?(?:(?:can|could|may)\s+i\s+|i\s+(?:want|need|would like)\s+(?:to\s+)?)?"
    r"(?:(?:talk|speak|chat)\s+(?:to|with)\s+)?(?:a\s+|an\s+)?(?:human|agent|real person|live agent|operator)"
    rf"(?:\s*,?\s*{_POLITE})?"
    r"|(?:can|could|may)\s+i\s+(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+)?(?:person|someone|somebody)(?:\s+please)?"
    r")\s*[!！.。?？]*\s*$",
    re.I,
)
# What an asker says when the answer (or every entry offered) missed: "that didn't help", "none of these",
# 还是不行, 答非所问, 都不是.
# Whole short messages, or one that goes on to say what is wrong after a comma or a stop (below).
_UNHELPFUL_WORDS = (
    r"(?:"
    r"(?:(?:that|this|it)(?:'s|\s+is|\s+was)?\s+)?(?:(?:still\s+)?(?:didn'?t|did\s+not|doesn'?t|does\s+not)\s+"
    r"(?:help|work|solve\s+(?:it|my\s+problem)|answer\s+my\s+question)|not\s+(?:helpful|useful|it|right|"
    r"what\s+i\s+(?:asked|meant|need(?:ed)?))|(?:the\s+)?wrong\s+(?:answer|article)|useless|unhelpful)"
    r"|(?:still\s+)?(?:not\s+working|no\s+luck)|nope,?\s+(?:still\s+)?(?:broken|not\s+working)"
    r"|none(?:\s+of\s+(?:these|them|those))?|neither(?:\s+of\s+them)?"
    r"|(?:还是|依然|仍然)?(?:没用|没有用|没什么用|不管用|不好使|没帮助|没有帮助|不行|不可以|没解决|没有解决)(?:啊|呀|哦|呢)?"
    r"|(?:不是这个|不是我要的|不是我问的|答非所问|回答不对|说的不对|都不是|都不对)"
    r")"
)
_UNHELPFUL = re.compile(rf"^\s*{_UNHELPFUL_WORDS}\s*[!！.。…~～]*\s*$", re.I)
# "不行啊，导出的PDF是空白的", "didn't work: the pdf is blank": the answer missed, and here is how. Without
# the comma or stop it may be a report of its own ("it didn't help to restart, the export still fails").
_UNHELPFUL_THEN = re.compile(rf"^\s*{_UNHELPFUL_WORDS}\s*[,，.。!！:：;；…~～]+\s*\S", re.I)
REOPEN_WINDOW = timedelta(days=1)
"""How long after the support team's answer an asker's "still not working" reopens the ticket."""
_EMOJI_VARIANTS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f]")  # skin tones and emoji presentation


def is_human_request(text: str) -> bool:
    """True for a short request to talk to a person: 人工, 转人工吧, human please, can I talk to an agent..."""
    return bool(_HUMAN.match(text))


def is_unhelpful_remark(text: str) -> bool:
    """True for a short remark that an answer missed: "that didn't help", "not what I asked", 还是不行, 答非所问."""
    return bool(_UNHELPFUL.match(text))


def says_what_missed(text: str) -> bool:
    """True for such a remark followed by what is wrong: "不行啊，导出的PDF是空白的", "didn't work: blank page"."""
    return bool(_UNHELPFUL_THEN.match(text))


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
        # Said to the bot, "that didn't help" is about its answer, or (none pending) a wish for a person.
        human = is_human_request(text) or (addressed and is_unhelpful_remark(text))
        word = _word(text)
        could_be_feedback = (word in BARE or _is_thanks(text) or says_what_missed(text)
                             or (addressed and word in HELPFUL | UNHELPFUL))
        if not human and not could_be_feedback:
            return False  # no look-up for the everyday case
        if human and addressed:
            return True
        return await self._pending(message, uow) is not None

    async def answered_with(self, message: IncomingMessage, uow: UnitOfWork) -> str | None:
        """The entry the sender's answer in this chat gave them, while it awaits their feedback."""
        asked = await self._pending(message, uow)
        return None if asked is None else asked.entry_id

    async def missed(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> Handled:
        """The asker's ``text`` says what is still wrong after their answer: a 👎, with ``text`` as details."""
        asked = await self._pending(message, uow)
        assert asked is not None, "missed() needs an answer awaiting this sender's feedback"
        await _audit(uow, message, "unhelpful", asked.entry_id)
        handled = await self._to_ticket(message, asked, uow, follow_up_locale(text, locale, asked.locale), text)
        return handled.then(self.forget(message))

    async def handle(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> Handled:
        """Act on a reply that :meth:`expects` accepted."""
        asked = await self._pending(message, uow)
        locale = follow_up_locale(text, locale, asked.locale if asked else None)
        word = _word(text)
        if asked is not None and (word in HELPFUL or _is_thanks(text)):
            await _audit(uow, message, "helpful", asked.entry_id)
            return Handled("feedback:helpful", entry_id=asked.entry_id).then(self.forget(message))
        if asked is not None and says_what_missed(text):
            return await self.missed(message, text, uow, locale)
        if asked is not None:
            unhelpful = word in UNHELPFUL or is_unhelpful_remark(text)
            await _audit(uow, message, "unhelpful" if unhelpful else "human", asked.entry_id)
            handled = await self._to_ticket(message, asked, uow, locale)
            return handled.then(self.forget(message))
        if is_unhelpful_remark(text):
            answered = await _recently_answered_ticket_of(message, uow, message.received - REOPEN_WINDOW)
            if answered is not None:  # "还是不行" after the support team's answer: back to them
                return await self._reopen(message, answered, text, uow, locale)
        return await self._human_without_question(message, uow, locale)

    async def _reopen(
        self, message: IncomingMessage, ticket: Ticket, text: str, uow: UnitOfWork, locale: str
    ) -> Handled:
        """The asker's "still not working" after the team's answer: the ticket opens again with their words."""
        outcome = await self._desk.reopen(ticket, TicketReport.of(message, text), uow)
        await _audit(uow, message, "not_solved", str(ticket.number))
        reply = _reply(message, render("ticket_reopened_by_asker", locale, number=ticket.number))
        return Handled("ticket_reopened", (reply, *outcome.announcements))

    async def _to_ticket(
        self, message: IncomingMessage, asked: _Asked, uow: UnitOfWork, locale: str, details: str = ""
    ) -> Handled:
        """The asked question to a ticket, with ``details``: what the asker said was wrong with the answer."""
        outcome = await self._desk.open_or_merge(asked.question, asked.text, uow, locale)
        announcements = outcome.announcements
        if details:
            added = await self._desk.add_report(
                outcome.ticket, TicketReport.of(message, details), uow, {"adds": "details"}, "inbox_details")
            announcements = (*announcements, *added.announcements)
        key = "feedback_ticket_merged" if outcome.merged else "feedback_ticket"
        reply = _reply(message, render(key, locale, number=outcome.ticket.number))
        return Handled("feedback:ticket", (reply, *announcements))

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


async def _recently_answered_ticket_of(message: IncomingMessage, uow: UnitOfWork, since: datetime) -> Ticket | None:
    """The ticket ``message``'s sender reported in this chat that was resolved since ``since``, latest first."""
    resolved = await _tickets_of(message, uow, (TicketStatus.RESOLVED.value,))
    answered = [ticket for ticket in resolved if ticket.resolved_at is not None and ticket.resolved_at >= since]
    return max(answered, key=lambda ticket: ticket.resolved_at or since, default=None)


async def _latest_open_ticket_of(message: IncomingMessage, uow: UnitOfWork) -> Ticket | None:
    return next(iter(await _tickets_of(message, uow, tuple(OPEN_STATUSES))), None)


async def _tickets_of(message: IncomingMessage, uow: UnitOfWork, statuses: tuple[str, ...]) -> list[Ticket]:
    """The recent tickets in ``statuses`` that ``message``'s sender reported in its chat, newest first."""
    sender, here = message.sender.user_id, message.chat.key
    found = await uow.tickets.find(statuses=statuses, limit=200)
    return [ticket for ticket in found if ticket.reported_by(message.platform, sender, here)]


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
