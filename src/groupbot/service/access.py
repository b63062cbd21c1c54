"""Who is support staff: configured ids, and optionally the chat's own admins."""

from __future__ import annotations

from collections.abc import Iterable

from groupbot.core.messages import IncomingMessage, Role

__all__ = ["AccessPolicy"]


class AccessPolicy:
    """Decides a sender's role from configuration ids ``platform:user_id``."""

    def __init__(self, ops: Iterable[str], admins: Iterable[str], chat_admins_are_ops: bool = False) -> None:
        self._ops = frozenset(ops)
        self._admins = frozenset(admins)
        self._chat_admins_are_ops = chat_admins_are_ops

    def role_of(self, message: IncomingMessage) -> Role:
        """The sender's role in this chat."""
        key = f"{message.platform}:{message.sender.user_id}"
        if key in self._admins:
            return Role.ADMIN
        if key in self._ops:
            return Role.OPS
        if self._chat_admins_are_ops and (message.sender.is_chat_admin or message.sender.role is not Role.CUSTOMER):
            return Role.OPS
        return Role.CUSTOMER
