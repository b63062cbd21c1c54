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
    """Remembers, per chat, which normalized question got which reply, when, and who asked it.

    ``reply_key`` says what the reply was (``answer:login`` or ``ticket:12``), so
    a question that gets a *different* reply now (the FAQ learned it meanwhile)
    is answered again. Who asked matters: the asker who repeats the question gets silence, another
    customer asking it a moment later a short pointer to the answer above (:class:`AnswerFlow`).
    Times are when the router took each message in (the injected clock).
    """

    def __init__(self, window: timedelta) -> None:
        self._window = window

    async def cooling(self, message: IncomingMessage, text: str, reply_key: str, uow: UnitOfWork) -> bool:
        """True if this chat got the same reply to the same question within the window."""
        return await self.askers(message, text, reply_key, uow) is not None

    async def askers(
        self, message: IncomingMessage, text: str, reply_key: str, uow: UnitOfWork
    ) -> tuple[str, ...] | None:
        """Who in this chat got the same reply to the same question within the window (None: nobody)."""
        if self._window <= timedelta(0):
            return None
        key = _key(message, text, reply_key)
        recalled = await uow.memory.recall([key], message.received)
        if key not in recalled:
            return None
        value = recalled[key]
        return tuple(value) if isinstance(value, list) else ()  # a value from before askers were kept: nobody known

    def remember(
        self, message: IncomingMessage, text: str, reply_key: str, askers: tuple[str, ...] = ()
    ) -> Remember:
        """The step that records that ``message``'s sender (after ``askers``) got the reply ``reply_key``."""

        async def keep(uow: UnitOfWork) -> None:
            if self._window > timedelta(0):
                who = [*askers, message.sender.user_id]
                await uow.memory.keep(_key(message, text, reply_key), who, message.received + self._window)

        return keep


def _key(message: IncomingMessage, text: str, reply_key: str) -> str:
    return text_key("cooldown", message, f"{normalize(text)}\n{reply_key}")
