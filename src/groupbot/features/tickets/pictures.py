"""Screenshots sent on their own: kept a few minutes for the report that follows them.

In a QQ group a customer often posts the screenshot of an error first and
then asks "这个报错怎么解决？". The picture message has no words to match, so
it opens nothing; its links are kept under the sender and chat for
:data:`KEPT` (in the database, so any instance sees them), and the sender's
next report in that chat takes them onto its ticket.
"""

from __future__ import annotations

from datetime import timedelta

from groupbot.core.messages import IncomingMessage
from groupbot.core.ports import UnitOfWork
from groupbot.features.handled import Remember

__all__ = ["KEPT", "MAX_KEPT", "RecentPictures"]

KEPT = timedelta(minutes=10)
"""How long a picture waits for its sender's report."""
MAX_KEPT = 9
"""The latest pictures kept per sender and chat."""


def _key(message: IncomingMessage) -> str:
    return f"pictures:{message.chat.key}:{message.sender.user_id}"


class RecentPictures:
    """The pictures a sender posted without words, waiting for their next report in that chat."""

    def keep(self, message: IncomingMessage) -> Remember:
        """The step that adds ``message``'s pictures to those its sender posted in the last minutes."""

        async def keep(uow: UnitOfWork) -> None:
            key, now = _key(message), message.received
            earlier = (await uow.memory.recall([key], now)).get(key)
            links = [*(earlier if isinstance(earlier, list) else ()), *message.images][-MAX_KEPT:]
            await uow.memory.keep(key, links, now + KEPT)

        return keep

    async def take(self, message: IncomingMessage, uow: UnitOfWork) -> tuple[str, ...]:
        """The pictures waiting for ``message``'s report (then no longer waiting), oldest first."""
        key = _key(message)
        kept = (await uow.memory.recall([key], message.received)).get(key)
        if not isinstance(kept, list) or not kept:
            return ()
        await uow.memory.forget(key)
        return tuple(link for link in kept if isinstance(link, str))
