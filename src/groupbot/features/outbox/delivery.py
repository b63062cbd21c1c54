"""How outbox messages leave: into a chat through its gateway, or to a signed webhook.

Each delivery raises :class:`SendFailure` on failure; ``permanent`` failures
(an unknown destination, a receiver that rejects the request as invalid) go to
the dead letters at once instead of being retried.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from groupbot.core.escalation import reply_from_payload
from groupbot.core.http import HttpError, HttpPoster
from groupbot.core.outbox import OutboxMessage
from groupbot.core.ports import ChatGateway, Clock
from groupbot.core.signing import signature_headers
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry

__all__ = ["ChatDelivery", "Delivery", "SendFailure", "WebhookDelivery", "WebhookEndpoint", "webhook_body"]

_RETRYABLE_4XX = frozenset({408, 409, 425, 429})


class SendFailure(Exception):
    """A failed delivery; ``permanent`` means retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Delivery(Protocol):
    """Sends one outbox message to its destination."""

    async def deliver(self, message: OutboxMessage) -> None:
        """Send ``message``; raise :class:`SendFailure` on failure."""
        ...


class ChatDelivery:
    """Posts chat messages through the adapters' gateways, looked up by platform."""

    def __init__(self, gateways: Callable[[str], ChatGateway | None], telemetry: Telemetry = NO_TELEMETRY) -> None:
        self._gateways = gateways
        self._telemetry = telemetry

    async def deliver(self, message: OutboxMessage) -> None:
        """Send the stored text (and image, if any) to ``platform:chat_id``."""
        platform, _, chat_id = message.destination.target.partition(":")
        gateway = self._gateways(platform)
        if gateway is None:
            raise SendFailure(f"no running adapter for platform {platform!r}", permanent=True)
        reply = reply_from_payload(platform, chat_id, message.payload, message.attachment)
        try:
            await gateway.send(reply)
        except Exception as exc:  # adapters raise their own errors; all of them mean "not sent"
            self._telemetry.reply(platform, sent=False)
            raise SendFailure(f"{platform} send failed: {exc}") from exc
        self._telemetry.reply(platform, sent=True)


@dataclass(frozen=True, slots=True)
class WebhookEndpoint:
    """A receiver: URL, signing secret (kept as bytes, never logged) and timeout."""

    url: str
    secret: bytes
    timeout_seconds: float = 10.0

    def __repr__(self) -> str:
        return f"WebhookEndpoint(url={self.url!r})"


def webhook_body(message: OutboxMessage) -> bytes:
    """The JSON body: delivery id and kind, the stored document, and the image in base64 if any."""
    document = {"delivery_id": message.delivery_id, "kind": message.kind.value, **message.payload}
    if message.attachment:
        document["image_png_base64"] = base64.b64encode(message.attachment).decode()
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


class WebhookDelivery:
    """POSTs signed JSON; 2xx is delivered, 4xx (but 408/409/425/429) is permanent."""

    def __init__(self, endpoints: Mapping[str, WebhookEndpoint], clock: Clock, http: HttpPoster) -> None:
        self._endpoints = dict(endpoints)
        self._clock = clock
        self._http = http

    async def close(self) -> None:
        """Release the HTTP connections."""
        await self._http.close()

    async def deliver(self, message: OutboxMessage) -> None:
        """Sign and POST the message to the named endpoint."""
        endpoint = self._endpoints.get(message.destination.target)
        if endpoint is None:
            raise SendFailure(f"no webhook named {message.destination.target!r} is configured", permanent=True)
        body = webhook_body(message)
        headers = signature_headers(endpoint.secret, body, message.delivery_id, self._clock.now())
        headers["Content-Type"] = "application/json; charset=utf-8"
        try:
            reply = await self._http.post(endpoint.url, body, headers, endpoint.timeout_seconds)
        except HttpError as exc:
            raise SendFailure(f"POST {endpoint.url} failed: {exc}") from exc
        status, text = reply.status, reply.text
        if status >= 300:
            permanent = 400 <= status < 500 and status not in _RETRYABLE_4XX
            raise SendFailure(f"POST {endpoint.url} answered {status}: {text}", permanent=permanent)
