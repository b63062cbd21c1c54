"""WeCom group robots (send-only webhooks) for announcements, escalations and digests.

``POST <webhook url>`` with ``{"msgtype": "markdown", "markdown": {"content": ...}}``
(or ``{"msgtype": "image", "image": {"base64": ..., "md5": ...}}`` for a picture);
content must stay within 4096 UTF-8 bytes and a robot takes 20 messages a minute,
so long text is split and sends are paced per robot.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from typing import Any

import aiohttp

from groupbot.adapters.pacing import SendPacer
from groupbot.adapters.splitting import split_text, utf8_size

__all__ = ["RobotWebhook", "WebhookError", "post_json"]

log = logging.getLogger(__name__)
MAX_IMAGE_BYTES = 2 * 1024 * 1024


class WebhookError(Exception):
    """WeCom refused a webhook post (the URL's key is never part of the message)."""


async def post_json(session: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> None:
    """POST ``body`` to a WeCom send URL; raise :class:`WebhookError` unless errcode is 0."""
    try:
        async with session.post(url, json=body, timeout=aiohttp.ClientTimeout(total=10)) as response:
            answer = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        raise WebhookError(f"post failed: {type(exc).__name__}") from None
    errcode = answer.get("errcode") if isinstance(answer, dict) else None
    if errcode != 0:
        detail = answer.get("errmsg") if isinstance(answer, dict) else answer
        raise WebhookError(f"errcode {errcode}: {detail}")


class RobotWebhook:
    """One group robot, addressed by name in chat ids ``webhook:<name>``."""

    def __init__(self, name: str, url: str, session: aiohttp.ClientSession, pacer: SendPacer, max_bytes: int) -> None:
        self.name = name
        self._url = url
        self._session = session
        self._pacer = pacer
        self._max_bytes = max_bytes

    async def post_markdown(self, text: str) -> int:
        """Post ``text`` as markdown, split as needed; returns the number of messages."""
        pieces = split_text(text, self._max_bytes, utf8_size)
        for piece in pieces:
            async with self._pacer.turn(self.name):
                try:
                    await post_json(self._session, self._url, {"msgtype": "markdown", "markdown": {"content": piece}})
                except WebhookError as exc:
                    log.warning("wecom: group robot %s refused a message: %s", self.name, exc)
                    raise
        return len(pieces)

    async def post_image(self, png: bytes) -> bool:
        """Post a PNG (the digest chart); False, without posting, if it is over WeCom's 2 MB limit."""
        if len(png) > MAX_IMAGE_BYTES:
            log.warning("wecom: image of %d bytes is over the limit; group robot %s gets the text only",
                        len(png), self.name)
            return False
        checksum = hashlib.md5(png, usedforsecurity=False).hexdigest()  # WeCom's integrity check, not security
        image = {"base64": base64.b64encode(png).decode(), "md5": checksum}
        async with self._pacer.turn(self.name):
            await post_json(self._session, self._url, {"msgtype": "image", "image": image})
        return True
