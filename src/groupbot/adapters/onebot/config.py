"""Configuration of the QQ (OneBot v11) adapter.

The model lives with its adapter so the adapter needs nothing from the
application's settings module; ``groupbot.settings`` nests it under ``onebot``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

__all__ = ["OneBotSettings"]


class OneBotSettings(BaseModel):
    """QQ through a OneBot v11 implementation (NapCat, Lagrange.OneBot, LLOneBot, go-cqhttp).

    ``mode`` says who connects to whom: ``reverse_ws`` (the implementation
    connects to ``ws_path`` on our web server), ``http_post`` (it posts events to
    ``post_path``; we call its HTTP API at ``api_url``) or ``forward_ws`` (we
    connect to its WebSocket at ``ws_url``).
    """

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    mode: Literal["reverse_ws", "http_post", "forward_ws"] = "reverse_ws"
    access_token: SecretStr | None = Field(None, description="the implementation's access_token")
    secret: SecretStr | None = Field(None, description="HTTP POST signing secret (X-Signature)")
    ws_path: str = "/onebot/v11/ws"
    post_path: str = "/onebot/v11/post"
    api_url: str | None = Field(None, description="HTTP API base URL, for http_post mode")
    ws_url: str | None = Field(None, description="the implementation's WebSocket URL, for forward_ws mode")
    message_format: Literal["array", "string"] = "array"
    action_timeout: float = Field(10.0, gt=0)
    reconnect_wait: float = Field(30.0, ge=0, description="how long a send waits for a lost connection")
    backoff_min: float = Field(1.0, gt=0)
    backoff_max: float = Field(60.0, gt=0)
    pace_interval: float = Field(1.5, ge=0, description="seconds between two messages to one group")
    pace_per_minute: int = Field(20, ge=1, description="messages per minute to one group")
    max_chars: int = Field(1500, ge=50, description="longer answers are split")
    workers: int = Field(16, ge=1, description="messages handled at once (each may hold a database connection)")
    queue_size: int = Field(1000, ge=1, description="messages waiting for a worker before intake pauses")
