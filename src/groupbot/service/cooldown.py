"""Per-chat cool-down: the same question, given the same reply, is not answered twice in a row."""

from __future__ import annotations

from datetime import datetime, timedelta

from groupbot.core.matching.matcher import normalize
from groupbot.core.messages import IncomingMessage

__all__ = ["QuestionCooldown"]

_MAX_KEYS = 10_000


class QuestionCooldown:
    """Remembers, per chat, which normalized question got which reply and when.

    ``reply_key`` says what the reply was (``answer:login`` or ``ticket:12``), so
    a question that gets a *different* reply now (the FAQ learned it meanwhile)
    is answered again. Times are the messages' own, so tests need no sleeping.
    """

    def __init__(self, window: timedelta) -> None:
        self._window = window
        self._seen: dict[tuple[str, str, str], datetime] = {}

    def cooling(self, message: IncomingMessage, text: str, reply_key: str) -> bool:
        """True if this chat got the same reply to the same question within the window."""
        if self._window <= timedelta(0):
            return False
        last = self._seen.get(_key(message, text, reply_key))
        return last is not None and message.time - last < self._window

    def remember(self, message: IncomingMessage, text: str, reply_key: str) -> None:
        """Record that ``message`` got the reply ``reply_key`` (call once that reply is saved)."""
        if self._window <= timedelta(0):
            return
        if len(self._seen) >= _MAX_KEYS:
            self._forget_before(message.time - self._window)
        self._seen[_key(message, text, reply_key)] = message.time

    def _forget_before(self, cutoff: datetime) -> None:
        for key in [key for key, seen in self._seen.items() if seen < cutoff]:
            del self._seen[key]
        while len(self._seen) >= _MAX_KEYS:
            del self._seen[next(iter(self._seen))]


def _key(message: IncomingMessage, text: str, reply_key: str) -> tuple[str, str, str]:
    return message.chat.key, normalize(text), reply_key
