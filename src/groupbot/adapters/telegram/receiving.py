"""Turning each Telegram update into at most one :class:`IncomingMessage`.

Plain messages and captions, edits that may be new questions, button presses
(as the button's value "replying" to the bot, so pressing "1" and typing "1"
take the same path) and the first message of a group that became a
supergroup. Everything else is logged and dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from telegram import CallbackQuery, Chat, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from groupbot.adapters.telegram.mapping import (
    BotIdentity,
    addressing,
    callback_message,
    ignore_reason,
    incoming_message,
    moved_message,
)
from groupbot.adapters.telegram.recent import Recent
from groupbot.adapters.telegram.roles import MemberRoles
from groupbot.adapters.telegram.sender import TelegramSender
from groupbot.adapters.telegram.validity import update_problem
from groupbot.core.messages import Role
from groupbot.core.ports import MessageSink

__all__ = ["UpdateReceiver"]

_log = logging.getLogger(__name__)


class UpdateReceiver:
    """The PTB handler callback: one update in, the sink called at most once."""

    def __init__(
        self,
        identity: BotIdentity,
        sink: MessageSink,
        sender: TelegramSender,
        roles: MemberRoles | None,
        not_yours: Mapping[str, str] | None = None,
    ) -> None:
        self._identity = identity
        self._not_yours = not_yours or {}
        self._sink = sink
        self._sender = sender
        self._roles = roles
        self._seen: Recent[int, bool] = Recent()

    async def __call__(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Handle ``update`` unless this process already did (webhook retry, re-polled batch)."""
        if not self._seen.add_new(update.update_id, True):
            _log.info("telegram: update %s delivered again; ignored", update.update_id)
            return
        problem = update_problem(update)
        if problem:
            _log.warning("telegram: update %s carries %s; dropped", update.update_id, problem)
            return
        if update.callback_query is not None:
            await self._on_press(update.callback_query)
        elif update.edited_message is not None:
            await self._on_edit(update.edited_message)
        elif update.message is not None:
            await self._on_message(update.message)

    async def _on_message(self, message: Message) -> None:
        if message.migrate_to_chat_id or message.migrate_from_chat_id:
            self._follow_migration(message)
            moved = moved_message(message)
            if moved is not None:
                await self._sink(moved)  # the service carries settings and tickets over
            return
        await self._forward(message)

    async def _on_edit(self, message: Message) -> None:
        if (message.chat.id, message.message_id) in self._sender.answered:
            _log.debug("telegram: edit of an answered question %s ignored", message.message_id)
            return
        # An edit may turn chit-chat into a question; give it its own id so each edit counts once.
        stamp = int((message.edit_date or message.date).timestamp())
        await self._forward(message, message_id=f"{message.message_id}:edit:{stamp}", time=message.edit_date)

    async def _forward(self, message: Message, *, message_id: str | None = None, time: datetime | None = None) -> None:
        reason = ignore_reason(message)
        found = addressing(message, self._identity)
        if reason or found.for_other_bot:
            _log.debug("telegram: message %s ignored: %s", message.message_id, reason or "command for another bot")
            return
        role = await self._role(message.chat, message.from_user.id if message.from_user else None)
        await self._sink(incoming_message(message, found, role, message_id=message_id, time=time))

    async def _on_press(self, query: CallbackQuery) -> None:
        origin = query.message
        asker = _asker(origin)
        if asker is not None and asker != query.from_user.id:
            # Choices and feedback belong to the asker; anyone else gets a pop-up, nothing else.
            await self._acknowledge(query, self._refusal(query.from_user.language_code))
            return
        await self._acknowledge(query)
        if not isinstance(origin, Message):
            return  # too old for Telegram to tell us the message; nothing to answer to
        incoming = callback_message(query, await self._role(origin.chat, query.from_user.id))
        if incoming is None:
            return
        question = origin.reply_to_message.message_id if origin.reply_to_message else origin.message_id
        self._sender.reply_targets.put(incoming.message_id, question)
        await self._sink(incoming)
        await self._sender.remove_keyboard(origin.chat.id, origin.message_id)

    async def _role(self, chat: Chat, user_id: int | None) -> Role:
        if self._roles is None or chat.type == Chat.PRIVATE or user_id is None:
            return Role.CUSTOMER
        return await self._roles.role(chat.id, user_id)

    def _follow_migration(self, message: Message) -> None:
        old, new = message.migrate_from_chat_id or message.chat.id, message.migrate_to_chat_id or message.chat.id
        self._sender.moved_chats.put(old, new)
        if self._roles is not None:
            self._roles.forget_chat(old)
        _log.warning("telegram: group %s became supergroup %s; replies follow it", old, new)

    def _refusal(self, language: str | None) -> str | None:
        wanted = (language or "en").split("-")[0].lower()
        return next((text for locale, text in self._not_yours.items() if locale.lower().startswith(wanted)),
                    self._not_yours.get("en"))

    @staticmethod
    async def _acknowledge(query: CallbackQuery, text: str | None = None) -> None:
        try:
            await query.answer(text)
        except TelegramError as exc:
            # Too late (over ~15 s) or already answered: the press still counts.
            _log.info("telegram: answerCallbackQuery failed: %s", exc)


def _asker(origin: object) -> int | None:
    """Who asked the question the bot's message (with the buttons) replied to, if known."""
    if not isinstance(origin, Message) or origin.reply_to_message is None:
        return None
    author = origin.reply_to_message.from_user
    return author.id if author is not None else None
