"""Per-chat cool-down: the same question, given the same reply, is not answered twice in a row."""

from __future__ import annotations

from datetime import timedelta

from groupbot.core.matching.matcher import normalize
from groupbot.core.messages import IncomingMessage
from groupbot.features.answering.expiring import ExpiringMap

__all__ = ["QuestionCooldown"]


class QuestionCooldown:
    """Remembers, per chat, which normalized question got which reply and when.

    ``reply_key`` says what the reply was (``answer:login`` or ``ticket:12``), so
    a question that gets a *different* reply now (the FAQ learned it meanwhile)
    is answered again. Times are when the router took each message in (the injected clock).
    """

    def __init__(self, window: timedelta) -> None:
        self._on = window > timedelta(0)
        self._seen: ExpiringMap[tuple[str, str, str], bool] = ExpiringMap(window)

    def cooling(self, message: IncomingMessage, text: str, reply_key: str) -> bool:
        """True if this chat got the same reply to the same question within the window."""
        return self._on and self._seen.get(_key(message, text, reply_key), message.received) is not None

    def remember(self, message: IncomingMessage, text: str, reply_key: str) -> None:
        """Record that ``message`` got the reply ``reply_key`` (call once that reply is saved)."""
        if self._on:
            self._seen.put(_key(message, text, reply_key), True, message.received)


def _key(message: IncomingMessage, text: str, reply_key: str) -> tuple[str, str, str]:
    return message.chat.key, normalize(text), reply_key
