"""Who asked each recent group message, so that replies to it can @ the asker.

QQ groups expect an answer to quote the question *and* @-mention whoever asked
(NoneBot's ``at_sender``): the quote alone does not notify them. A reply names
only the message it answers, so the adapter remembers the sender of each
recent group message it passed on.
"""

from __future__ import annotations

from collections import OrderedDict

__all__ = ["Askers"]


class Askers:
    """The senders of the ``capacity`` most recent group messages, by chat and message id."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._senders: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._capacity = capacity

    def note(self, chat_id: str, message_id: str, user_id: str) -> None:
        """Remember that ``user_id`` sent ``message_id`` in ``chat_id``."""
        self._senders[(chat_id, message_id)] = user_id
        if len(self._senders) > self._capacity:
            self._senders.popitem(last=False)

    def of(self, chat_id: str, message_id: str | None) -> str | None:
        """Who sent ``message_id`` in the group ``chat_id``; None for private chats or forgotten messages."""
        if message_id is None or not chat_id.startswith("group:"):
            return None
        return self._senders.get((chat_id, message_id))
