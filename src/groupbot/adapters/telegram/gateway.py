"""The Telegram :class:`ChatGateway`: polling or webhook in, replies out.

Each update becomes at most one :class:`IncomingMessage` for the sink: plain
messages and captions, edits that are new questions, and button presses
(as the button's value, "replying" to the bot, so pressing "1" and typing "1"
take the same path). Everything else is logged and dropped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from telegram import BotCommand, CallbackQuery, Chat, Message, Update
from telegram.error import Conflict, TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler

from groupbot.adapters.telegram.application import ALLOWED_UPDATES, build_application
from groupbot.adapters.telegram.mapping import (
    PLATFORM,
    BotIdentity,
    addressing,
    callback_message,
    ignore_reason,
    incoming_message,
    moved_message,
)
from groupbot.adapters.telegram.pacing import TelegramRateLimiter
from groupbot.adapters.telegram.recent import Recent
from groupbot.adapters.telegram.redaction import redact_in_logs
from groupbot.adapters.telegram.roles import MemberRoles
from groupbot.adapters.telegram.sender import TelegramSender
from groupbot.adapters.telegram.webhook import MalformedUpdate, NotReceiving, TelegramWebhook
from groupbot.core.messages import Reply, Role, SentReceipt
from groupbot.core.ports import MessageSink
from groupbot.settings import TelegramSettings

__all__ = ["BotCommands", "PollingConflict", "TelegramGateway"]

_log = logging.getLogger(__name__)

BotCommands = Mapping[str, Sequence[tuple[str, str]]]
"""Command menus by Telegram language code (``""`` is the default): ``[(command, description), ...]``."""

ONE_POLLER = (
    "Telegram says another process is already polling this bot (409 Conflict). Only one groupbot "
    "instance may poll a bot token; stop the other one, or run several instances in webhook mode."
)


class PollingConflict(RuntimeError):
    """Polling cannot start or go on: another poller or a webhook owns this bot's updates."""


class TelegramGateway:
    """Telegram for the domain: ``start(sink)``, ``stop()``, ``send(reply)``."""

    platform = PLATFORM

    def __init__(
        self,
        settings: TelegramSettings,
        *,
        commands: BotCommands | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._commands = commands or {}
        redact_in_logs(self._secrets())  # before PTB logs its URLs, which contain the token
        limiter = TelegramRateLimiter(settings.limits, monotonic=monotonic, sleep=sleep)
        self.application: Application = build_application(settings, limiter if settings.limits.enabled else None)
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)
        self._sender = TelegramSender(
            self.application.bot, max_retries=settings.max_retries, backoff=settings.retry_backoff, sleep=sleep
        )
        self._roles = MemberRoles(self.application.bot, settings.role_cache_seconds, monotonic=monotonic)
        self._webhook = self._make_webhook()
        self._seen: Recent[int, bool] = Recent()
        self._sink: MessageSink | None = None
        self._identity: BotIdentity | None = None
        self.conflict: str | None = None
        self.handler_errors = 0
        self.polling_stopped = asyncio.Event()
        self._started = asyncio.Event()
        self._stopping = False

    async def start(self, sink: MessageSink) -> None:
        """Connect (getMe), publish the command menus, and start receiving."""
        self._sink = sink
        await self.application.initialize()
        bot = self.application.bot
        self._identity = BotIdentity(bot.id, self._settings.bot_username or bot.username)
        if self._settings.mode == "polling":
            await self._check_no_webhook()
        await self._publish_commands()
        await self.application.start()
        if self.application.updater is not None:
            await self.application.updater.start_polling(
                timeout=self._settings.poll_timeout,
                allowed_updates=list(ALLOWED_UPDATES),
                drop_pending_updates=self._settings.drop_pending_updates,
                error_callback=self._on_polling_error,
            )
        self._started.set()
        _log.info("telegram: @%s receiving by %s", self._identity.username, self._settings.mode)

    async def stop(self) -> None:
        """Stop receiving, let running handlers finish, close connections."""
        self._stopping = True
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    async def wait_closed(self) -> None:
        """Return when receiving stopped for good (polling refused by a 409 Conflict)."""
        await self.polling_stopped.wait()

    async def send(self, reply: Reply) -> SentReceipt:
        """Deliver ``reply``; raises :class:`~groupbot.core.delivery.DeliveryError` when it cannot."""
        return await self._sender.send(reply)

    def web_routes(self) -> Sequence[web.AbstractRouteDef]:
        """The webhook route in webhook mode; nothing when polling."""
        return self._webhook.web_routes() if self._webhook else []

    def health(self) -> dict[str, Any]:
        """State for /healthz: not ok once polling was refused."""
        return {
            "ok": self.conflict is None,
            "mode": self._settings.mode,
            "bot": self._identity.username if self._identity else None,
            "sent": self._sender.sent_count,
            "failed": self._sender.failed_count,
            "last_failure": self._sender.last_failure,
            "webhook_rejected": self._webhook.rejected if self._webhook else 0,
            "conflict": self.conflict,
            "handler_errors": self.handler_errors,
        }

    async def handle_update_json(self, data: dict[str, Any]) -> None:
        """Handle one update pushed to us (webhook); returns when it is handled."""
        # The web server may be up before start() has finished; early updates wait for it.
        await self._started.wait()
        if self._stopping:
            raise NotReceiving
        try:
            update = Update.de_json(data, self.application.bot)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise MalformedUpdate(f"{type(exc).__name__}: {exc}") from exc
        app = self.application
        await app.update_processor.process_update(update, app.process_update(update))

    # -- receiving -----------------------------------------------------------------------------

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self._seen.add_new(update.update_id, True):
            _log.info("telegram: update %s delivered again; ignored", update.update_id)
            return
        if update.callback_query is not None:
            await self._on_press(update.callback_query)
        elif update.edited_message is not None:
            await self._on_edit(update.edited_message)
        elif update.message is not None:
            await self._on_message(update.message)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        self.handler_errors += 1
        _log.error("telegram: handling update %s failed", update_id, exc_info=context.error)

    async def _on_message(self, message: Message) -> None:
        if message.migrate_to_chat_id or message.migrate_from_chat_id:
            self._follow_migration(message)
            moved = moved_message(message)
            if moved is not None and self._sink is not None:
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
        assert self._identity is not None and self._sink is not None
        found = addressing(message, self._identity)
        if reason or found.for_other_bot:
            _log.debug("telegram: message %s ignored: %s", message.message_id, reason or "command for another bot")
            return
        role = await self._role(message)
        await self._sink(incoming_message(message, found, role, message_id=message_id, time=time))

    async def _on_press(self, query: CallbackQuery) -> None:
        assert self._sink is not None
        await self._acknowledge(query)
        incoming = callback_message(query, await self._roles.role(_chat_of(query), query.from_user.id), _now())
        origin = query.message
        if incoming is None or not isinstance(origin, Message):
            return
        question = origin.reply_to_message.message_id if origin.reply_to_message else origin.message_id
        self._sender.reply_targets.put(incoming.message_id, question)
        await self._sink(incoming)
        await self._sender.remove_keyboard(origin.chat.id, origin.message_id)

    async def _role(self, message: Message) -> Role:
        if message.chat.type == Chat.PRIVATE or message.from_user is None:
            return Role.CUSTOMER
        return await self._roles.role(message.chat.id, message.from_user.id)

    def _follow_migration(self, message: Message) -> None:
        old, new = message.migrate_from_chat_id or message.chat.id, message.migrate_to_chat_id or message.chat.id
        self._sender.moved_chats.put(old, new)
        self._roles.forget_chat(old)
        _log.warning("telegram: group %s became supergroup %s; replies follow it", old, new)

    async def _acknowledge(self, query: CallbackQuery) -> None:
        try:
            await query.answer()
        except TelegramError as exc:
            # Too late (over ~15 s) or already answered: the press still counts.
            _log.info("telegram: answerCallbackQuery failed: %s", exc)

    # -- setup -----------------------------------------------------------------------------------

    def _secrets(self) -> list[str]:
        values = [self._settings.token, self._settings.secret_token]
        return [value.get_secret_value() for value in values if value is not None]

    def _make_webhook(self) -> TelegramWebhook | None:
        if self._settings.mode != "webhook" or self._settings.secret_token is None:
            return None
        return TelegramWebhook(self._settings.webhook_path, self._settings.secret_token, self.handle_update_json)

    async def _check_no_webhook(self) -> None:
        info = await self.application.bot.get_webhook_info()
        if info.url:
            # PTB would silently delete it, cutting off the instance that serves it.
            self.conflict = "a webhook is set for this bot; run `groupbot telegram delete-webhook` to poll instead"
            raise PollingConflict(self.conflict)

    async def _publish_commands(self) -> None:
        for language, commands in self._commands.items():
            menu = [BotCommand(name, description) for name, description in commands]
            try:
                await self.application.bot.set_my_commands(menu, language_code=language or None)
            except TelegramError as exc:
                _log.warning("telegram: setMyCommands (%s) failed: %s", language or "default", exc)

    def _on_polling_error(self, exc: TelegramError) -> None:
        if not isinstance(exc, Conflict):
            _log.warning("telegram: getUpdates failed: %s; retrying", exc)
            return
        if self.conflict is None:
            self.conflict = ONE_POLLER
            _log.error("telegram: %s", ONE_POLLER)
            asyncio.get_running_loop().create_task(self._stop_polling())

    async def _stop_polling(self) -> None:
        if self.application.updater is not None and self.application.updater.running:
            await self.application.updater.stop()
        self.polling_stopped.set()


def _chat_of(query: CallbackQuery) -> int:
    return query.message.chat.id if query.message else query.from_user.id


def _now() -> datetime:
    return datetime.now(UTC)
