"""Fetching a customer's Telegram picture for the support console.

A photo's download link is ``…/file/bot<token>/<path>``: it holds the bot's
token, so it is never stored, logged or shown. The message keeps
``telegram:<file_id>`` instead (:func:`~.mapping.picture_refs`); when the
console shows the picture, this asks getFile for a fresh path and downloads
the bytes with the bot's own HTTP client.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

from groupbot.adapters.telegram.mapping import PICTURE_PREFIX
from groupbot.core.messages import Picture

__all__ = ["MAX_PICTURE_BYTES", "fetch_picture"]

_log = logging.getLogger(__name__)

MAX_PICTURE_BYTES = 10 * 1024 * 1024
"""A larger file is not downloaded for a page (the Bot API serves bots files up to 20 MB)."""


async def fetch_picture(bot: Bot, ref: str) -> Picture | None:
    """The picture ``ref`` names, or None: not a Telegram picture, gone, too large, or not an image."""
    if not ref.startswith(PICTURE_PREFIX):
        return None
    file_id = ref.removeprefix(PICTURE_PREFIX)
    try:
        found = await bot.get_file(file_id)
        if found.file_size is not None and found.file_size > MAX_PICTURE_BYTES:
            _log.info("telegram: picture of %s bytes not fetched (over %s)", found.file_size, MAX_PICTURE_BYTES)
            return None
        data = bytes(await found.download_as_bytearray())
    except (TelegramError, OSError, ValueError) as exc:  # the error names the method, never the token
        _log.warning("telegram: picture could not be fetched: %s", type(exc).__name__)
        return None
    picture = Picture.of(data) if len(data) <= MAX_PICTURE_BYTES else None
    if picture is None:
        _log.info("telegram: fetched file is too large or no PNG, JPEG, GIF or WebP picture; not shown")
    return picture
