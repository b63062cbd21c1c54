"""Plain reply text to Telegram HTML, cut into messages Telegram accepts.

Telegram rejects a message over 4096 characters (counted in UTF-16 code units,
after entities are parsed) and any HTML with an unescaped ``<``, ``>`` or
``&``. We split the *plain* text first, preferring paragraph, then line, then
sentence and word boundaries, and escape each piece afterwards, so escaping
can never push a piece over the limit or cut an entity in half.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from groupbot.core.messages import Sender

__all__ = ["MESSAGE_LIMIT", "escape", "mention_html", "render_html", "split_text", "utf16_len"]

MESSAGE_LIMIT = 4096

# Best boundary first; a piece ends just before the separator, which is dropped.
_BOUNDARIES = ("\n\n", "\n", "。", ". ", "! ", "? ", "！", "？", " ")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji may be two)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Escape ``text`` for Telegram's HTML parse mode (``<``, ``>`` and ``&``)."""
    return html.escape(text, quote=False)


def mention_html(sender: Sender) -> str:
    """A mention that notifies ``sender`` even without a username."""
    name = escape(sender.name or sender.user_id)
    if _is_int(sender.user_id):
        return f'<a href="tg://user?id={sender.user_id}">{name}</a>'
    return name


def render_html(text: str, mentions: Sequence[Sender] = (), limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` as HTML messages of at most ``limit`` visible characters each.

    Mentions lead the first message; an empty text with no mentions gives no
    messages at all.
    """
    lead = " ".join(mention_html(sender) for sender in mentions)
    lead_len = sum(utf16_len(sender.name or sender.user_id) + 1 for sender in mentions)
    pieces = split_text(text, limit, first_limit=limit - lead_len) if text.strip() else []
    rendered = [escape(piece) for piece in pieces]
    if lead:
        rendered = [f"{lead} {rendered[0]}" if rendered else lead, *rendered[1:]]
    return rendered


def split_text(text: str, limit: int = MESSAGE_LIMIT, *, first_limit: int | None = None) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` UTF-16 units at the best boundary.

    ``first_limit`` gives the first piece less room (for a lead such as mentions).
    """
    current = limit if first_limit is None else first_limit
    if min(limit, current) < 2:
        raise ValueError("limit must be at least 2")
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        if utf16_len(rest) <= current:
            pieces.append(rest)
            break
        cut, skip = _cut_point(rest, current)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut + skip :].strip()
        current = limit
    return [piece for piece in pieces if piece]


def _cut_point(text: str, limit: int) -> tuple[int, int]:
    """Where to end the first piece, and how many separator characters to drop."""
    fits = _fitting_prefix(text, limit)
    window = text[:fits]
    for boundary in _BOUNDARIES:
        at = window.rfind(boundary)
        # A boundary in the first quarter would leave a tiny piece; prefer a weaker one.
        if at > fits // 4:
            keep = len(boundary.rstrip()) if boundary.strip() else 0
            return at + keep, len(boundary) - keep
    return fits, 0


def _fitting_prefix(text: str, limit: int) -> int:
    """How many characters of ``text`` fit in ``limit`` UTF-16 units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return max(index, 1)
    return len(text)


def _is_int(text: str) -> bool:
    digits = text.removeprefix("-")
    return digits.isascii() and digits.isdecimal()
