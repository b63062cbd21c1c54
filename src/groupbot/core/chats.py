"""Per-chat settings: when the bot speaks, and in which language."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from groupbot.core.messages import ChatRef

__all__ = ["AddressMode", "ChatSettings"]


class AddressMode(enum.StrEnum):
    """Which group messages the bot treats as questions to it.

    ``MENTION``: only @-mentions and replies to the bot; ``QUESTIONS``: also
    messages that look like questions; ``ALL``: every message.
    """

    MENTION = "mention"
    QUESTIONS = "questions"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """A chat's configuration; ``locale``: for commands and wordless messages (None: the configured one)."""

    chat: ChatRef
    mode: AddressMode = AddressMode.MENTION
    locale: str | None = None
