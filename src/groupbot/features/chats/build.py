"""Per-chat settings assembled: /mode (and /lang)."""

from __future__ import annotations

from groupbot.features.chats.commands import ChatCommands
from groupbot.features.feature import Feature

__all__ = ["build"]


def build() -> Feature:
    """The chat settings commands."""
    return Feature("chats", commands=ChatCommands().commands())
