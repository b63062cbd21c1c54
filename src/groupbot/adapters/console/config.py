"""Configuration of the console adapter (a simulated group on stdin/stdout).

The model lives with its adapter; ``groupbot.settings`` nests it under ``console``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ConsoleSettings"]


class ConsoleSettings(BaseModel):
    """The console chat: a simulated group on stdin/stdout."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = Field(None, description="None: on when no other adapter is configured")
    chat: str = "demo-group"
    default_user: str = "customer"
    mode: Literal["mention", "questions", "all"] = Field("all", description="a trial chat answers every line")
    ops_users: list[str] = Field(default_factory=lambda: ["ops"])
    echo: bool = Field(False, description="print each piped input line with its speaker, for transcripts")
