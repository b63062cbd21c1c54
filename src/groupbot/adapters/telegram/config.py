"""Configuration of the Telegram adapter.

The model lives with its adapter so the adapter needs nothing from the
application's settings module; ``groupbot.settings`` nests it under ``telegram``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

__all__ = ["TelegramLimitSettings", "TelegramSettings"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TelegramLimitSettings(_Part):
    """Outgoing message pacing; Telegram answers 429 when a bot exceeds these."""

    enabled: bool = True
    per_chat_per_second: float = Field(1.0, gt=0)
    per_group_per_minute: int = Field(20, ge=1)
    overall_per_second: int = Field(30, ge=1)


class TelegramSettings(_Part):
    """Telegram bot; on when ``token`` is set. See docs/telegram.md."""

    token: SecretStr | None = None
    mode: Literal["polling", "webhook"] = "polling"
    base_url: str | None = Field(None, description="Bot API root, e.g. http://127.0.0.1:8081/bot (token appended)")
    bot_username: str | None = Field(None, description="without @; learned from getMe when unset")
    webhook_url: str | None = Field(None, description="public https URL Telegram posts updates to")
    webhook_path: str = "/telegram/webhook"
    secret_token: SecretStr | None = Field(None, description="X-Telegram-Bot-Api-Secret-Token, 1-256 of A-Za-z0-9_-")
    drop_pending_updates: bool = False
    poll_timeout: int = Field(30, ge=0, le=50)
    request_timeout: float = Field(10.0, gt=0)
    http_client: Literal["aiohttp", "httpx"] = Field("aiohttp", description="httpx: PTB's own transport")
    max_retries: int = Field(5, ge=0)
    retry_backoff: float = Field(0.5, ge=0)
    role_cache_seconds: float = Field(300.0, ge=0)
    concurrent_updates: int = Field(64, ge=1)
    limits: TelegramLimitSettings = Field(default_factory=TelegramLimitSettings)

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> TelegramSettings:
        if self.token is None or self.mode != "webhook":
            return self
        secret = self.secret_token.get_secret_value() if self.secret_token else ""
        if not _SECRET_TOKEN.fullmatch(secret):
            raise ValueError("webhook mode needs secret_token: 1-256 characters of A-Z, a-z, 0-9, _ and -")
        if not self.webhook_path.startswith("/"):
            raise ValueError("webhook_path must start with /")
        return self


_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
