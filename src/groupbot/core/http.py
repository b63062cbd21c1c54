"""HTTP as the features see it: plain requests and responses, no web framework.

Features that receive HTTP (the tracker webhook) declare :class:`HttpRoute`
objects; the web layer mounts them. Features that send HTTP (signed outbox
webhooks) use an :class:`HttpPoster` that bootstrap builds from an adapter.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["HttpError", "HttpHandler", "HttpPoster", "HttpReply", "HttpRequest", "HttpResponse", "HttpRoute"]


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """An incoming request: header names are matched case-insensitively by :meth:`header`."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes
    remote: str | None = None

    def header(self, name: str, default: str = "") -> str:
        """The header ``name`` (any case), or ``default``."""
        wanted = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == wanted), default)


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """What a handler answers."""

    status: int
    body: bytes
    content_type: str = "application/json"

    @classmethod
    def json(cls, document: Any, status: int = 200) -> HttpResponse:
        """A JSON response."""
        return cls(status, json.dumps(document, ensure_ascii=False).encode())


HttpHandler = Callable[[HttpRequest], Awaitable[HttpResponse]]


@dataclass(frozen=True, slots=True)
class HttpRoute:
    """``method`` ``path`` served by ``handler`` on the bot's one web server."""

    method: str
    path: str
    handler: HttpHandler


@dataclass(frozen=True, slots=True)
class HttpReply:
    """The answer to an outgoing POST: status and (the start of) the body as text."""

    status: int
    text: str


class HttpError(Exception):
    """An outgoing request that got no HTTP answer (refused, timed out, TLS failure)."""


class HttpPoster(Protocol):
    """Sends POST requests; implemented by the web adapter."""

    async def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout_seconds: float) -> HttpReply:
        """POST ``body`` to ``url``; raise :class:`HttpError` when no answer came."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


