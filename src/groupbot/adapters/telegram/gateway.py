"""The Telegram :class:`ChatGateway`: its lifecycle in both modes, and replies out.

Polling runs PTB's Updater (one poller per token: a 409 from getUpdates
stops ours politely); webhook mode has no Updater and gets updates pushed
from our aiohttp route. Updates are turned into messages by
:mod:`.receiving`, replies are delivered by :mod:`.sender`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from telegram import Bot, BotCommand, BotCommandScope, BotCommandScopeAllChatAdministrators, Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler

from groupbot.adapters.telegram.application import ALLOWED_UPDATES, DEFAULT_BASE_URL, build_application
from groupbot.adapters.telegram.config import TelegramSettings
from groupbot.adapters.telegram.mapping import PLATFORM, BotIdentity
from groupbot.adapters.telegram.pacing import TelegramRateLimiter
from groupbot.adapters.telegram.pictures import fetch_picture
from groupbot.adapters.telegram.receiving import UpdateReceiver
from groupbot.adapters.telegram.roles import MemberRoles
from groupbot.adapters.telegram.sender import TelegramSender
from groupbot.adapters.telegram.validity import update_problem
from groupbot.adapters.telegram.webhook import MalformedUpdate, NotReceiving, TelegramWebhook
from groupbot.core.messages import Picture, Reply, SentReceipt
from groupbot.core.ports import ChatGateway, MessageSink
from groupbot.core.startup import Misconfigured, StartupFailure, Unreachable

__all__ = ["BotCommands", "CommandMenu", "PollingConflict", "TelegramGateway", "read_update"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CommandMenu:
    """``(command, description)`` lines for everyone, and extra ones group administrators also see."""

    everyone: Sequence[tuple[str, str]]
    admins: Sequence[tuple[str, str]] = ()


BotCommands = Mapping[str, CommandMenu]
"""Command menus by Telegram language code (``""`` is the default)."""

ONE_POLLER = (
    "Telegram says another process is already polling this bot (409 Conflict). Only one groupbot "
    "instance may poll a bot token; stop the other one, or run several instances in webhook mode."
)


def read_update(data: dict[str, Any], bot: Bot | None) -> Update:
    """PTB's Update for ``data``; raises :class:`MalformedUpdate` for anything PTB cannot build."""
    try:
        update = Update.de_json(data, bot)
    # OverflowError and OSError (EOVERFLOW): a date no datetime can hold; RecursionError: deep nesting
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError, RecursionError) as exc:
        raise MalformedUpdate(f"{type(exc).__name__}: {exc}") from exc
    problem = update_problem(update)
    if problem:
        raise MalformedUpdate(problem)
    return update


class PollingConflict(RuntimeError):
    """Polling cannot start or go on: another poller or a webhook owns this bot's updates."""


class TelegramGateway(ChatGateway):
    """Telegram for the domain: ``start(sink)``, ``stop()``, ``send(reply)``.

    ``commands`` are the menus published with setMyCommands; ``look_up_roles``
    asks getChatMember (cached) whether a group sender is an owner or admin;
    ``not_yours`` is the pop-up (by locale) for someone pressing another's buttons.
    """

    platform = PLATFORM

    def __init__(
        self,
        settings: TelegramSettings,
        *,
        commands: BotCommands | None = None,
        look_up_roles: bool = True,
        not_yours: Mapping[str, str] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._commands = commands or {}
        self._not_yours = not_yours
        limiter = TelegramRateLimiter(settings.limits, monotonic=monotonic, sleep=sleep)
        self.application: Application = build_application(settings, limiter if settings.limits.enabled else None)
        self.application.add_error_handler(self._on_error)
        self._sender = TelegramSender(
            self.application.bot, max_retries=settings.max_retries, backoff=settings.retry_backoff, sleep=sleep
        )
        # Without a use for it (chat admins are not ops here), asking getChatMember only costs API calls.
        roles = MemberRoles(self.application.bot, settings.role_cache_seconds, monotonic=monotonic)
        self._roles = roles if look_up_roles else None
        self._webhook = self._make_webhook()
        self._identity: BotIdentity | None = None
        self.conflict: str | None = None
        self.handler_errors = 0
        self.polling_stopped = asyncio.Event()
        self._started = asyncio.Event()
        self._stopping = False

    async def start(self, sink: MessageSink) -> None:
        """Connect (getMe), publish the command menus, and start receiving.

        Raises :class:`Unreachable` or :class:`Misconfigured` (one sentence, no
        token in it) when getMe fails, with every connection closed.
        """
        await self._connect()
        bot = self.application.bot
        self._identity = BotIdentity(bot.id, self._settings.bot_username or bot.username)
        if not bot.can_read_all_group_messages:
            _log.warning("telegram: privacy mode is on, so in groups where @%s is not an admin it only sees commands, "
                         "mentions and replies; /mode questions|all needs it off (docs/telegram.md)", bot.username)
        receiver = UpdateReceiver(self._identity, sink, self._sender, self._roles, self._not_yours)
        self.application.add_handler(TypeHandler(Update, receiver))
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

    async def _connect(self) -> None:
        where = f"the Telegram Bot API at {self._settings.base_url or DEFAULT_BASE_URL}"
        try:
            await self.application.initialize()
        except InvalidToken:  # its message repeats the token: say nothing of it
            failure: StartupFailure = Misconfigured(f"{where} refused the bot token; check telegram.token")
        except NetworkError as exc:  # TimedOut too
            failure = Unreachable(f"cannot reach {where} ({exc}); check the network, the proxy variables "
                                  "and telegram.base_url")
        except (TelegramError, KeyError, TypeError, ValueError, AttributeError) as exc:
            failure = Misconfigured(f"{where} answered getMe with something that is not a bot "
                                    f"({type(exc).__name__}); check telegram.base_url")
        else:
            return
        await self._close_requests()
        raise failure

    async def _close_requests(self) -> None:
        # PTB only shuts down a bot whose getMe succeeded; its HTTP sessions are open already.
        bot = self.application.bot
        await asyncio.gather(*(request.shutdown() for request in bot._request), return_exceptions=True)

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

    async def picture(self, ref: str) -> Picture | None:
        """A customer's photo (``telegram:<file_id>``) for the support console, fetched through getFile."""
        return await fetch_picture(self.application.bot, ref)

    def web_routes(self) -> Sequence[web.AbstractRouteDef]:
        """The webhook route in webhook mode; nothing when polling."""
        return self._webhook.web_routes() if self._webhook else []

    def health(self) -> dict[str, Any]:
        """State for /healthz: not ok once polling was refused."""
        return {
            "ok": self.conflict is None,
            "mode": self._settings.mode,
            "bot": self._identity.username if self._identity else None,
            "privacy_mode": not self.application.bot.can_read_all_group_messages if self._identity else None,
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
        update = read_update(data, self.application.bot)
        app = self.application
        await app.update_processor.process_update(update, app.process_update(update))

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        self.handler_errors += 1
        _log.error("telegram: handling update %s failed", update_id, exc_info=context.error)

    # -- setup -----------------------------------------------------------------------------------

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
        for language, menu in self._commands.items():
            await self._publish_menu(menu.everyone, language, None)
            if menu.admins:
                # Staff commands only show up for people who can use them.
                scope = BotCommandScopeAllChatAdministrators()
                await self._publish_menu([*menu.everyone, *menu.admins], language, scope)

    async def _publish_menu(
        self, lines: Sequence[tuple[str, str]], language: str, scope: BotCommandScope | None
    ) -> None:
        commands = [BotCommand(name, description) for name, description in lines]
        try:
            await self.application.bot.set_my_commands(commands, scope=scope, language_code=language or None)
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
