"""Outgoing HTTP for the features (signed outbox webhooks), over one aiohttp session."""

from __future__ import annotations

from collections.abc import Mapping

import aiohttp

from groupbot.core.http import HttpError, HttpReply

__all__ = ["AiohttpPoster"]

REPLY_CHARS = 200


class AiohttpPoster:
    """:class:`~groupbot.core.http.HttpPoster` on aiohttp; the session opens on first use."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    async def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout_seconds: float) -> HttpReply:
        """POST and read the start of the answer."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        try:
            limit = aiohttp.ClientTimeout(total=timeout_seconds)
            async with self._session.post(url, data=body, headers=dict(headers), timeout=limit) as response:
                return HttpReply(response.status, (await response.text(errors="replace"))[:REPLY_CHARS])
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise HttpError(f"{exc.__class__.__name__} {exc}") from exc

    async def close(self) -> None:
        """Close the session, if one was opened."""
        if self._session is not None:
            await self._session.close()
            self._session = None
