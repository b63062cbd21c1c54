"""What a gateway raises when a reply could not be delivered.

Gateways retry what retrying can fix (rate limits, network blips) themselves;
when they give up they raise :class:`DeliveryError`, so the service can record
the lost reply where ops will see it instead of dropping it silently.
"""

from __future__ import annotations

from groupbot.core.messages import Reply, SentReceipt

__all__ = ["DeliveryError"]


class DeliveryError(Exception):
    """``reply`` was not (fully) delivered; ``reason`` says why in plain words.

    ``sent`` holds the parts that did arrive when a long reply failed half-way;
    ``permanent`` is True when retrying later cannot help (bot blocked or
    removed from the chat, chat deleted), False for give-ups after retries.
    """

    def __init__(self, reply: Reply, reason: str, *, sent: SentReceipt | None = None, permanent: bool = False):
        super().__init__(f"reply to {reply.chat.key} not delivered: {reason}")
        self.reply = reply
        self.reason = reason
        self.sent = sent or SentReceipt()
        self.permanent = permanent
