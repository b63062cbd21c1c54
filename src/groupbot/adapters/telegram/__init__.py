"""Telegram adapter: python-telegram-bot, by long polling or by webhook (docs/telegram.md)."""

from groupbot.adapters.telegram.gateway import BotCommands, CommandMenu, PollingConflict, TelegramGateway
from groupbot.adapters.telegram.webhook import SECRET_HEADER, delete_webhook, set_webhook

__all__ = [
    "SECRET_HEADER",
    "BotCommands",
    "CommandMenu",
    "PollingConflict",
    "TelegramGateway",
    "delete_webhook",
    "set_webhook",
]
