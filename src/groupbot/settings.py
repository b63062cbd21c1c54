"""Configuration: ``GROUPBOT_`` environment variables (``__`` nests) and ``groupbot.toml``.

Environment variables win over the toml file, which wins over the defaults.
The defaults alone run the bot on the console with SQLite and the bundled FAQ.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from groupbot.adapters.onebot.config import OneBotSettings
from groupbot.adapters.wecom.config import WeComSettings

__all__ = ["ConfigError", "OneBotSettings", "Settings", "WeComSettings", "load_settings"]

DEFAULT_TOML = "groupbot.toml"


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ThresholdSettings(_Part):
    """Confidence cut-offs for answering and suggesting (0..1)."""

    answer: float = Field(0.80, ge=0, le=1)
    suggest: float = Field(0.55, ge=0, le=1)
    margin: float = Field(0.0, ge=0, le=1)


class MatchingSettings(_Part):
    """How questions are matched; ``categories`` overrides thresholds per FAQ category."""

    answer: float = Field(0.80, ge=0, le=1)
    suggest: float = Field(0.55, ge=0, le=1)
    margin: float = Field(0.0, ge=0, le=1)
    categories: dict[str, ThresholdSettings] = Field(default_factory=dict)


class OpsSettings(_Part):
    """Who may triage: ids are ``platform:user_id`` (``console:ops``, ``telegram:42``)."""

    users: list[str] = Field(default_factory=list)
    admins: list[str] = Field(default_factory=list)
    chat_admins_are_ops: bool = False
    chat: str | None = Field(None, description="ops inbox as platform:chat_id")


class TicketSettings(_Part):
    """Ticket triage: merging repeats, classification rules, feedback and cool-down."""

    merge_threshold: float = Field(0.75, ge=0, le=1, description="similarity at which a report joins a ticket")
    classification_file: Path | None = Field(None, description="rules YAML; None: the bundled rules")
    cooldown_seconds: int = Field(300, ge=0, description="per chat: identical questions answered once per window")
    feedback: bool = Field(True, description='ask "was this helpful?" after answers')


class ConsoleSettings(_Part):
    """The console chat: a simulated group on stdin/stdout."""

    enabled: bool | None = Field(None, description="None: on when no other adapter is configured")
    chat: str = "demo-group"
    default_user: str = "customer"
    mode: Literal["mention", "questions", "all"] = Field("all", description="a trial chat answers every line")
    ops_users: list[str] = Field(default_factory=lambda: ["ops"])
    echo: bool = Field(False, description="print each piped input line with its speaker, for transcripts")


class WebSettings(_Part):
    """The aiohttp server for webhooks and /healthz."""

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)


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


class Settings(BaseSettings):
    """Everything groupbot reads from its environment."""

    model_config = SettingsConfigDict(
        env_prefix="GROUPBOT_",
        env_nested_delimiter="__",
        extra="forbid",
        toml_file=DEFAULT_TOML,
    )

    database_url: str = Field("sqlite+aiosqlite:///data/groupbot.db", repr=False, description="may hold a password")
    faq_dir: Path = Path("faq")
    locale: Literal["auto", "zh-CN", "en"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = Field(
        None, description="None: WARNING when only the console runs (keeps the chat readable), else INFO"
    )
    matching: MatchingSettings = Field(default_factory=MatchingSettings)
    ops: OpsSettings = Field(default_factory=OpsSettings)
    tickets: TicketSettings = Field(default_factory=TicketSettings)
    console: ConsoleSettings = Field(default_factory=ConsoleSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    onebot: OneBotSettings = Field(default_factory=OneBotSettings)
    wecom: WeComSettings = Field(default_factory=WeComSettings)

    def platforms(self) -> tuple[str, ...]:
        """The chat platforms configured to run (the console is on when this is empty)."""
        wecom = self.wecom
        configured = {
            "telegram": self.telegram.token is not None,
            "qq": self.onebot.enabled,
            "wecom": bool((wecom.token and wecom.encoding_aes_key) or wecom.webhooks),
        }
        return tuple(name for name, on in configured.items() if on)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = os.environ.get("GROUPBOT_CONFIG", DEFAULT_TOML)
        toml = TomlConfigSettingsSource(settings_cls, toml_file=Path(toml_path))
        return init_settings, env_settings, toml


class ConfigError(Exception):
    """Configuration that cannot be used; the message names the offending key."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one clear :class:`ConfigError`."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}") from None


def _describe(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(root)"
        env = "GROUPBOT_" + "__".join(str(part) for part in error["loc"]).upper()
        lines.append(f"invalid configuration: {key} ({env}): {error['msg']}")
    return "\n".join(lines)
