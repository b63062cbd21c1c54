"""One incoming message, one unit of work: command, question, or silence."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from dataclasses import replace

from groupbot.core.addressing import is_addressed, is_explicit
from groupbot.core.chats import ChatSettings
from groupbot.core.commands import command_arguments, is_command
from groupbot.core.language import EN, conversation_locale, detect_locale, reply_locale
from groupbot.core.log_context import bind
from groupbot.core.matching.smalltalk import small_talk
from groupbot.core.messages import ChatRef, IncomingMessage, Reply, ReplyKind
from groupbot.core.ports import Clock, StoreUnavailable, UnitOfWork, UnitOfWorkFactory
from groupbot.core.retry import Sleep, StoreRetry
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.core.unicode import well_formed
from groupbot.features.answering.flow import AnswerFlow
from groupbot.features.commands.router import CommandRouter
from groupbot.features.escalation.follow_ups import FollowUpDesk
from groupbot.features.handled import Handled
from groupbot.features.outbox.outbound import Outbound
from groupbot.features.outbox.reply_queue import ReplyOutbox
from groupbot.features.texts import render
from groupbot.features.tickets.picture_copies import PictureCopier

__all__ = ["MAX_QUESTION_CHARS", "MessageRouter", "clean_text"]

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 2000
LATEST_MESSAGES = 500  # a wordless command or message looks for its chat's language among the bot's latest messages
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\u200b-\u200f\u2028-\u202e\ufeff]")
_MEANINGFUL = re.compile(r"[^\W\d_]", re.UNICODE)  # a letter or a CJK character: "1" or "?!" is no question
# Links and nothing else (mentions and punctuation aside): something to look at, not a question.
_LINKS = re.compile(r"(?:https?://|www\.)\S+|@\S+", re.IGNORECASE)

ChatDefaults = Callable[[ChatRef], ChatSettings]


def clean_text(text: str) -> str:
    """``text`` without control and invisible characters (lone surrogates among them), trimmed."""
    return _CONTROL.sub(" ", well_formed(text)).strip()


class MessageRouter:
    """The :data:`~groupbot.core.ports.MessageSink` every adapter feeds.

    Each message is logged once (a redelivery is dropped), routed, and its
    outcome committed before any reply is sent.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        commands: CommandRouter,
        answers: AnswerFlow,
        outbound: Outbound,
        chat_defaults: ChatDefaults,
        locale: str = "auto",
        *,
        clock: Clock,
        reply_outbox: ReplyOutbox | None = None,
        follow_ups: FollowUpDesk | None = None,
        pictures: PictureCopier | None = None,
        telemetry: Telemetry = NO_TELEMETRY,
        retry: StoreRetry | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._telemetry = telemetry
        self._clock = clock
        self._retry = retry or StoreRetry()
        self._sleep = sleep
        self._uow_factory = uow_factory
        self._reply_outbox = reply_outbox
        self._follow_ups = follow_ups
        self._pictures = pictures
        self._commands = commands
        self._answers = answers
        self._outbound = outbound
        self._chat_defaults = chat_defaults
        self._locale = locale

    async def __call__(self, message: IncomingMessage) -> bool:
        """Handle ``message`` end to end (its ids on every log line written meanwhile).

        Returns False if it could not be handled: a redelivery will be handled.
        """
        started = time.perf_counter()  # a duration for the metrics; "now" is the clock's
        outcome = "error"
        with bind(message_id=message.message_id, chat=message.chat.key):
            try:
                outcome = await self._handle_and_reply(message)
            finally:
                self._telemetry.message_handled(message.chat.platform, outcome, time.perf_counter() - started)
        return outcome != "error"

    async def _handle_and_reply(self, message: IncomingMessage) -> str:
        message = self._stamp(message)
        text = clean_text(message.text)
        try:
            if is_explicit(message) and not is_command(text):  # likely a question: embed it while it waits
                self._answers.foresee(message, text)
                await self._answers.foreseen(message)  # before the unit of work: not holding the database
            handled, queued = await self._patiently(message)
        except Exception:
            log.exception("failed to handle message %s in %s", message.message_id, message.chat.key)
            if await self._record_failure(message):
                await self._apologize(message)
            return "error"
        finally:
            self._answers.settle(message)
        if handled is None:
            log.info("dropped redelivered message %s in %s", message.message_id, message.chat.key)
            return "duplicate"
        for reply in handled.replies:
            await self._outbound.send(reply)
        self._outbound.answered(message)  # the asker is done; other chats' messages must not hold them up
        if self._reply_outbox is not None:
            await self._reply_outbox.deliver(queued)
        if self._pictures is not None:
            self._pictures.after(message, handled.outcome)
        return handled.outcome

    async def _patiently(self, message: IncomingMessage) -> tuple[Handled | None, list[int]]:
        """:meth:`_handle`, tried again while the database is unavailable, until the patience runs out."""
        waits = self._retry.waits()
        while True:
            try:
                return await self._handle(message)
            except StoreUnavailable as exc:
                wait = next(waits, None)
                if wait is None:
                    raise
                log.warning("database unavailable for message %s (%s); again in %.1f s", message.message_id, exc, wait)
                await self._sleep(wait)

    def _stamp(self, message: IncomingMessage) -> IncomingMessage:
        """Read the clock once: this is "now" for everything decided about ``message``."""
        now = self._clock.now()
        return replace(message, received_at=now, time=message.time or now)

    async def _handle(self, message: IncomingMessage) -> tuple[Handled | None, list[int]]:
        async with self._uow_factory() as uow:
            if not await uow.messages.record(message):
                return None, []
            if message.moved_from is not None:
                await uow.chats.move(message.moved_from, message.chat)
            chat = await uow.chats.get(message.chat) or self._chat_defaults(message.chat)
            handled = await self._route(message, clean_text(message.text), chat, uow)
            direct, queued = await self._divert(uow, message, handled)
            for remember in handled.remember:
                await remember(uow)
            await uow.messages.set_outcome(message, handled.outcome, handled.entry_id, handled.score)
            await uow.commit()
        log.info("%s %s -> %s", message.chat.key, message.message_id, handled.outcome)
        return replace(handled, replies=direct), queued

    async def _divert(
        self, uow: UnitOfWork, message: IncomingMessage, handled: Handled
    ) -> tuple[tuple[Reply, ...], list[int]]:
        """Replies for other chats go to the outbox in this transaction; the rest are sent after it."""
        if self._reply_outbox is None:
            return handled.replies, []
        return await self._reply_outbox.divert(uow, message, handled.replies)

    async def _route(self, message: IncomingMessage, text: str, chat: ChatSettings, uow: UnitOfWork) -> Handled:
        if is_command(text):
            if not self._commands.wants(message, text):
                return Handled("ignored")
            locale = await self._locale_of(text, message, chat, uow)
            return await self._commands.handle(message, text, uow, chat, locale)
        locale = self._locale_for(text, chat)
        if await self._answers.expects(message, text, uow):  # a reply to the bot's own question (number, 👍/👎, 人工)
            return await self._answers.handle(message, text, uow, locale)
        if self._follow_ups is not None:  # an asker's answer to "solved?"
            answered = await self._follow_ups.handle(message, text, uow, locale)
            if answered is not None:
                return answered
        if message.images and not _MEANINGFUL.search(text):  # a screenshot on its own, addressed or not
            explicit = is_explicit(message)
            hint = await self._ask_me(message, text, chat, uow, "picture_hint") if explicit else Handled("picture")
            return await self._answers.picture(message, uow, lambda: self._locale_of(text, message, chat, uow), hint)
        if not is_addressed(message, chat.mode):
            if _MEANINGFUL.search(text) and small_talk(text) is None:  # "5.2.1" under "which version?"
                taken = await self._answers.unaddressed(message, text, uow, locale,
                                                        question=len(text) <= MAX_QUESTION_CHARS)
                if taken is not None:
                    return taken
            return Handled("ignored")
        if not _MEANINGFUL.search(_LINKS.sub(" ", text)) and _MEANINGFUL.search(text):  # a bare link
            filed = await self._answers.not_a_question(message, text, uow, locale)  # what an awaited asker sends
            if filed is not None:
                return filed
            return await self._ask_me(message, text, chat, uow) if is_explicit(message) else Handled("ignored")
        if not _MEANINGFUL.search(text):
            if small_talk(text) is not None:  # 👍, 666, "1" with nothing pending: an acknowledgement
                return Handled("small_talk")
            if not is_explicit(message):
                return Handled("ignored")
            return await self._ask_me(message, text, chat, uow)
        if len(text) > MAX_QUESTION_CHARS:  # not a question: the details or the answer a ticket awaits, if any
            filed = await self._answers.not_a_question(message, text, uow, locale)
            if filed is not None:
                return filed
            return _notice(message, "too_long", render("too_long", locale, length=len(text), limit=MAX_QUESTION_CHARS))
        return await self._answers.handle(message, text, uow, locale)

    async def _ask_me(
        self, message: IncomingMessage, text: str, chat: ChatSettings, uow: UnitOfWork, key: str = "ask_me"
    ) -> Handled:
        """The hint (``key``) for a message said to the bot with no words in it: ask in a sentence."""
        return _notice(message, "ask_me", render(key, await self._locale_of(text, message, chat, uow)))

    async def _locale_of(self, text: str, message: IncomingMessage, chat: ChatSettings, uow: UnitOfWork) -> str:
        """The reply language for ``text`` that may have no words ("/mytickets", "@bot 🙂"):
        :func:`reply_locale`; in a chat without a language, a command's arguments, else what
        the sender and the chat said last."""
        locale = reply_locale(text, self._chat_locale(chat))
        # A command's name is English whatever the chat speaks ("/mytickets" in a Chinese group).
        words = command_arguments(text) if is_command(text) else text
        if locale or detect_locale(words, default=""):
            return locale or detect_locale(words)
        latest = await uow.messages.latest(LATEST_MESSAGES)
        # Commands do not count: their arguments are often words for someone else (a /resolve
        # text for the customers); a chat of commands only, like the ops room, sets its /lang.
        here = message.chat.key
        spoken = [(sender, said) for where, sender, said in latest if where == here and not is_command(said)]
        return conversation_locale(spoken, message.sender.user_id)

    def _locale_for(self, text: str, chat: ChatSettings) -> str:
        return reply_locale(text, self._chat_locale(chat)) or EN

    def _chat_locale(self, chat: ChatSettings) -> str | None:
        """What /lang set for ``chat``, else the configured locale: the default, for what has no words."""
        return chat.locale or (self._locale if self._locale != "auto" else None)

    async def _apologize(self, message: IncomingMessage) -> None:
        text = clean_text(message.text)
        if is_explicit(message) or is_command(text):
            locale = reply_locale(text, self._locale if self._locale != "auto" else None) or EN
            await self._outbound.send(_notice(message, "error", render("internal_error", locale)).replies[0])

    async def _record_failure(self, message: IncomingMessage) -> bool:
        """Log ``message`` as failed; True if that is what it was, so an apology is due.

        False when it had been handled after all (a redelivery of an answered
        message must not get an apology as a second reply), and when not even the
        failure can be written: then nobody can tell, and its redelivery will be
        handled instead.
        """
        try:
            async with self._uow_factory() as uow:
                failed = await uow.messages.record(message)
                if failed:
                    await uow.messages.set_outcome(message, "error")
                await uow.commit()
        except Exception:
            log.exception("could not record failed message %s; no apology sent", message.message_id)
            return False
        return failed


def _notice(message: IncomingMessage, outcome: str, text: str) -> Handled:
    return Handled(outcome, (Reply(message.chat, text, ReplyKind.NOTICE, reply_to_message_id=message.message_id),))
