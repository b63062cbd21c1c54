"""Configuration of the WeCom adapter.

The model lives with its adapter so the adapter needs nothing from the
application's settings module; ``groupbot.settings`` nests it under ``wecom``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr

__all__ = ["WeComSettings"]


class WeComSettings(BaseModel):
    """WeCom (WeChat for businesses): a smart robot in API mode, and send-only group robots.

    The smart robot is on when ``token`` and ``encoding_aes_key`` are set.
    ``webhooks`` names group-robot webhook URLs; a reply to chat
    ``webhook:<name>`` is posted there.
    """

    model_config = ConfigDict(extra="forbid")

    token: SecretStr | None = None
    encoding_aes_key: SecretStr | None = None
    callback_path: str = "/wecom/callback"
    robot_name: str = Field("", description="the @name stripped from group messages")
    reply_wait: float = Field(3.0, gt=0, le=4.5, description="seconds to wait for an answer before streaming")
    webhooks: dict[str, SecretStr] = Field(default_factory=dict)
    webhook_per_minute: int = Field(20, ge=1)
    webhook_max_bytes: int = Field(4096, ge=256, le=4096)
    timestamp_tolerance: float = Field(
        300.0, gt=0, description="seconds a callback's signed timestamp may be off from our clock (replays are refused)"
    )
