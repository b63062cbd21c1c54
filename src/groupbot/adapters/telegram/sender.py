"""Delivering a :class:`Reply` to Telegram: HTML pieces, buttons, retries.

Pacing happens below us (:mod:`.pacing`, as PTB's rate limiter); here we
honour 429 ``retry_after``, retry network errors and 5xx with exponential
backoff, follow a group that became a supergroup, and fall back to plain text
if Telegram ever refuses our HTML. When nothing helps we raise
:class:`DeliveryError` so the failure is recorded, never silently dropped.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import warnings
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from groupbot.adapters.telegram.formatting import render_html
from groupbot.adapters.telegram.recent import Recent
from groupbot.core.delivery import DeliveryError
from groupbot.core.messages import Choice, Reply, SentReceipt

__all__ = ["TelegramSender"]

_log = logging.getLogger(__name__)

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit for callback_data


class TelegramSender:
    """Sends replies through a PTB :class:`Bot`, retrying what can be retried."""

    def __init__(
        self,
        bot: Bot,
        *,
        max_retries: int = 5,
        backoff: float = 0.5,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._bot = bot
        self._max_retries = max_retries
        self._backoff = backoff
        self._sleep = sleep
        self.moved_chats: Recent[int, int] = Recent()
        self.reply_targets: Recent[str, int] = Recent()
        self.answered: Recent[tuple[int, int], bool] = Recent()
        self.sent_count = 0
        self.failed_count = 0
        self.last_failure: str | None = None

    async def send(self, reply: Reply) -> SentReceipt:
        """Deliver ``reply``; the first piece replies to the question, the last carries the buttons."""
        markup, text = _keyboard(reply.choices, reply.choices_per_row), reply.text
        if reply.choices and markup is None:
            text = "\n".join([text, *(choice.label for choice in reply.choices)])
        pieces = render_html(text, reply.mentions)
        reply_to = self._reply_target(reply.reply_to_message_id)
        ids: list[str] = []
        try:
            for index, piece in enumerate(pieces):
                last = index == len(pieces) - 1
                sent = await self._post(reply, piece, reply_to if index == 0 else None, markup if last else None)
                ids.append(str(sent.message_id))
            if reply.image:  # the digest chart, as a photo after the text
                ids.append(str((await self._post_photo(reply, reply.image)).message_id))
        except DeliveryError as exc:
            self._count_failure(exc)
            raise DeliveryError(reply, exc.reason, sent=SentReceipt(tuple(ids)), permanent=exc.permanent) from exc
        except Exception as exc:  # e.g. an answer PTB cannot read (dates in milliseconds): still a failure
            # Telegram may have posted it; sending again could say it twice, so the outbox must not retry.
            failed = DeliveryError(reply, f"the Bot API's answer could not be read ({type(exc).__name__}: {exc})",
                                   sent=SentReceipt(tuple(ids)), permanent=True)
            self._count_failure(failed)
            raise failed from exc
        if reply_to is not None:
            self.answered.put((self.chat_id(reply.chat.chat_id), reply_to), True)
        self.sent_count += len(ids)
        return SentReceipt(tuple(ids))

    async def remove_keyboard(self, chat_id: int, message_id: int) -> None:
        """Take the buttons off a message once one was pressed; failures only logged."""
        try:
            await self._bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        except TelegramError as exc:
            # "message is not modified" (already removed) is the usual, harmless case.
            _log.info("could not remove keyboard from %s/%s: %s", chat_id, message_id, exc)

    def chat_id(self, chat_id: str) -> int:
        """The id to send to, following a group's move to a supergroup."""
        original = int(chat_id)
        return self.moved_chats.get(original) or original

    def _reply_target(self, message_id: str | None) -> int | None:
        if message_id is None:
            return None
        if message_id.isascii() and message_id.isdecimal():
            return int(message_id)
        return self.reply_targets.get(message_id)

    async def _post(
        self, reply: Reply, text: str, reply_to: int | None, markup: InlineKeyboardMarkup | None
    ) -> Message:
        chat_id, parse_mode, attempt = self.chat_id(reply.chat.chat_id), ParseMode.HTML, 0
        while True:
            try:
                return await self._bot.send_message(
                    chat_id,
                    text,
                    parse_mode=parse_mode,
                    reply_parameters=_reply_parameters(reply_to),
                    reply_markup=markup,
                )
            except ChatMigrated as exc:
                self.moved_chats.put(chat_id, exc.new_chat_id)
                chat_id, delay = exc.new_chat_id, 0.0
            except BadRequest as exc:
                if parse_mode is None or "parse entities" not in exc.message.lower():
                    raise DeliveryError(reply, f"Telegram refused the message: {exc.message}", permanent=True) from exc
                _log.error("Telegram could not parse our HTML (%s); sending as plain text", exc.message)
                text, parse_mode, delay = _plain(text), None, 0.0
            except TelegramError as exc:
                delay = self._retry_delay(reply, exc, attempt)
            attempt = await self._next_attempt(reply, attempt, delay)

    async def _post_photo(self, reply: Reply, png: bytes) -> Message:
        attempt = 0
        while True:
            try:
                return await self._bot.send_photo(self.chat_id(reply.chat.chat_id), photo=png)
            except BadRequest as exc:
                raise DeliveryError(reply, f"Telegram refused the picture: {exc.message}", permanent=True) from exc
            except TelegramError as exc:
                delay = self._retry_delay(reply, exc, attempt)
            attempt = await self._next_attempt(reply, attempt, delay)

    async def _next_attempt(self, reply: Reply, attempt: int, delay: float) -> int:
        """Wait ``delay`` before the next attempt; raise once the retries are used up."""
        attempt += 1
        if attempt > self._max_retries:
            raise DeliveryError(reply, f"gave up after {attempt} attempts")
        await self._sleep(delay)
        return attempt

    def _retry_delay(self, reply: Reply, exc: TelegramError, attempt: int) -> float:
        """How long to wait before retrying after ``exc``; raises if retrying cannot help."""
        if isinstance(exc, RetryAfter):
            _log.warning("Telegram asked us to slow down for %ss (429)", _seconds(exc))
            return _seconds(exc)
        if isinstance(exc, NetworkError):  # includes TimedOut and 5xx answers
            _log.warning("sending to %s failed (%s); retry %d", reply.chat.key, exc, attempt + 1)
            return self._backoff * 2**attempt
        raise DeliveryError(reply, f"{type(exc).__name__}: {exc.message}", permanent=True) from exc

    def _count_failure(self, exc: DeliveryError) -> None:
        self.failed_count += 1
        self.last_failure = str(exc)
        _log.error("%s", exc)


def _keyboard(choices: Sequence[Choice], per_row: int) -> InlineKeyboardMarkup | None:
    """Buttons for ``choices``; None if there are none or a value is too long for Telegram."""
    if not choices or any(len(choice.value.encode()) > CALLBACK_DATA_LIMIT for choice in choices):
        return None
    buttons = [InlineKeyboardButton(choice.label, callback_data=choice.value) for choice in choices]
    width = max(per_row, 1)
    return InlineKeyboardMarkup([buttons[start : start + width] for start in range(0, len(buttons), width)])


def _reply_parameters(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    # The question may have been deleted meanwhile; the answer is still worth sending.
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)


def _seconds(exc: RetryAfter) -> float:
    # PTB 22 warns that the int form goes away; accept both forms without the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))
