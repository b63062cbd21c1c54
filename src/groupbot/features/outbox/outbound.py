"""Sending replies out through the gateway of their platform."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from groupbot.core.delivery import DeliveryError
from groupbot.core.messages import IncomingMessage, Picture, Reply, SentReceipt
from groupbot.core.ports import ChatGateway
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry

__all__ = ["AnswerEnd", "Outbound"]

log = logging.getLogger(__name__)
FailureHook = Callable[[DeliveryError], Awaitable[None]]


class AnswerEnd(Protocol):
    """A gateway that can close its answer to a message early (WeCom finishes the reply stream)."""

    def answered(self, message: IncomingMessage) -> None:
        """Every reply to ``message`` in its own chat has been sent; what follows goes to other chats."""
        ...


class Outbound:
    """Routes each reply to the gateway that serves its chat's platform.

    A reply that cannot be delivered is logged and handed to ``on_failure`` (so
    it is recorded, not silently lost); the caller is not interrupted.
    """

    def __init__(self, on_failure: FailureHook | None = None, telemetry: Telemetry = NO_TELEMETRY) -> None:
        self._telemetry = telemetry
        self._gateways: dict[str, ChatGateway] = {}
        self._on_failure = on_failure
        self.failures = 0

    def register(self, gateway: ChatGateway) -> None:
        """Send replies for ``gateway.platform`` through ``gateway``."""
        self._gateways[gateway.platform] = gateway

    def gateway(self, platform: str) -> ChatGateway | None:
        """The gateway serving ``platform``, if one is registered (the outbox sends through it)."""
        return self._gateways.get(platform)

    @property
    def platforms(self) -> tuple[str, ...]:
        """The platforms replies can be sent to."""
        return tuple(self._gateways)

    async def picture(self, platform: str, ref: str) -> Picture | None:
        """The picture ``ref`` from ``platform``'s adapter (None when none serves it or it cannot fetch it)."""
        fetch = getattr(self._gateways.get(platform), "picture", None)  # test doubles may not have it
        if not callable(fetch):
            return None
        try:
            return await fetch(ref)
        except Exception:  # an adapter bug must not take the console page down
            log.exception("adapter %s failed to fetch a picture", platform)
            return None

    def answered(self, message: IncomingMessage) -> None:
        """Tell the message's gateway that every reply to it has been sent (see :class:`AnswerEnd`)."""
        # Looked up, not isinstance() against the Protocol: that check walks the Protocol's
        # attributes on every call, and this runs for every message.
        answered = getattr(self._gateways.get(message.chat.platform), "answered", None)
        if callable(answered):
            answered(message)

    async def send(self, reply: Reply) -> SentReceipt | None:
        """Deliver ``reply``; None when it could not be delivered."""
        gateway = self._gateways.get(reply.chat.platform)
        try:
            if gateway is None:
                raise DeliveryError(reply, f"no adapter for platform {reply.chat.platform!r}")
            receipt = await gateway.send(reply)
            self._telemetry.reply(reply.chat.platform, sent=True)
            return receipt
        except DeliveryError as error:
            await self._failed(error)
        except Exception as exc:  # an adapter bug must not take the bot down
            log.exception("adapter %s failed to send", reply.chat.platform)
            await self._failed(DeliveryError(reply, f"{type(exc).__name__}: {exc}"))
        return None

    async def _failed(self, error: DeliveryError) -> None:
        self.failures += 1
        self._telemetry.reply(error.reply.chat.platform, sent=False)
        log.warning("reply not delivered: %s", error)
        if self._on_failure is not None:
            await self._on_failure(error)
