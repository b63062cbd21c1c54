"""Per-chat cool-down: the same question, given the same reply, is not answered twice in a row."""

from __future__ import annotations

from datetime import timedelta

from groupbot.core.matching.matcher import normalize
from groupbot.core.messages import IncomingMessage
from groupbot.core.ports import UnitOfWork
from groupbot.features.answering.recall import text_key
from groupbot.features.handled import Remember

__all__ = ["QuestionCooldown"]


class QuestionCooldown:
    """Remembers, per chat, which normalized question got which reply and when.

    ``reply_key`` says what the reply was (``answer:login`` or ``ticket:12``), so
    a question that gets a *different* reply now (the FAQ learned it meanwhile)
    is answered again. Times are when the router took each message in (the injected clock).
    """

    def __init__(self, window: timedelta) -> None:
        self._window = window

    async def cooling(self, message: IncomingMessage, text: str, reply_key: str, uow: UnitOfWork) -> bool:
        """True if this chat got the same reply to the same question within the window."""
        if self._window <= timedelta(0):
            return False
        key = _key(message, text, reply_key)
        return key in await uow.memory.recall([key], message.received)

    def remember(self, message: IncomingMessage, text: str, reply_key: str) -> Remember:
        """The step that records that ``message`` got the reply ``reply_key``."""

        async def keep(uow: UnitOfWork) -> None:
            if self._window > timedelta(0):
                await uow.memory.keep(_key(message, text, reply_key), True, message.received + self._window)

        return keep


def _key(message: IncomingMessage, text: str, reply_key: str) -> str:
    return text_key("cooldown", message, f"{normalize(text)}\n{reply_key}")
