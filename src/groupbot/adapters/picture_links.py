"""Downloading a picture a platform gave as a link (a QQ screenshot), for the copy kept with a ticket.

The link came from the platform's own implementation over an authenticated
connection; it may carry a short-lived key (QQ's ``rkey``), so it is never
logged, only its host. Only PNG, JPEG, GIF and WebP bytes under
:data:`~groupbot.core.messages.MAX_PICTURE_BYTES` are kept.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import aiohttp

from groupbot.core.messages import MAX_PICTURE_BYTES, Picture, is_link

__all__ = ["PictureLinks"]

log = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=30, sock_connect=10)


class PictureLinks:
    """Fetches pictures by http(s) link over one aiohttp session, opened on first use."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    async def fetch(self, url: str) -> Picture | None:
        """The picture at ``url``, or None: no link, refused, too large, or not a picture."""
        if not is_link(url):
            return None
        host = urlsplit(url).hostname or "?"
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        try:
            async with self._session.get(url, allow_redirects=True, max_redirects=3) as response:
                if response.status != 200:
                    log.info("picture from %s not fetched: HTTP %d", host, response.status)
                    return None
                if (response.content_length or 0) > MAX_PICTURE_BYTES:
                    log.info("picture from %s not fetched: %d bytes", host, response.content_length)
                    return None
                data = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    data += chunk
                    if len(data) > MAX_PICTURE_BYTES:
                        log.info("picture from %s not kept: over %d bytes", host, MAX_PICTURE_BYTES)
                        return None
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.info("picture from %s not fetched: %s", host, type(exc).__name__)
            return None
        picture = Picture.of(bytes(data))
        if picture is None:
            log.info("file from %s not kept: no PNG, JPEG, GIF or WebP picture", host)
        return picture

    async def close(self) -> None:
        """Close the session, if one was opened."""
        if self._session is not None:
            await self._session.close()
            self._session = None
