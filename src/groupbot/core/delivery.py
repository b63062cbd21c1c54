"""Failures on the way out to a chat platform."""

from __future__ import annotations

from groupbot.core.messages import Reply

__all__ = ["DeliveryError"]


class DeliveryError(Exception):
    """A reply could not be delivered, even after the adapter's own retries."""

    def __init__(self, reply: Reply, reason: str) -> None:
        super().__init__(f"could not deliver to {reply.chat.key}: {reason}")
        self.reply = reply
        self.reason = reason
