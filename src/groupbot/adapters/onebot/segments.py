"""OneBot v11 messages: segment arrays and CQ-code strings.

A message is either an array of segments ``{"type": "text", "data": {...}}`` or
a string with CQ codes such as ``[CQ:at,qq=123]``. In CQ strings ``& [ ]`` are
escaped in text, and also ``,`` inside parameter values.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "MalformedMessage",
    "Segment",
    "at",
    "escape",
    "normalize",
    "parse_cq",
    "reply",
    "text",
    "to_cq",
    "unescape",
]

Segment = dict[str, Any]

_CQ_CODE = re.compile(r"\[CQ:([A-Za-z0-9_.\-]+)((?:,[^\]]*)?)\]")
_TEXT_ESCAPES = (("&", "&amp;"), ("[", "&#91;"), ("]", "&#93;"))
_PARAM_ESCAPES = (*_TEXT_ESCAPES, (",", "&#44;"))


class MalformedMessage(ValueError):
    """A message that is neither a segment array nor a string."""


def text(content: str) -> Segment:
    """A plain text segment."""
    return {"type": "text", "data": {"text": content}}


def at(user_id: str) -> Segment:
    """An @-mention of ``user_id`` (``"all"`` mentions everyone)."""
    return {"type": "at", "data": {"qq": str(user_id)}}


def image(png: bytes) -> Segment:
    """A picture sent inline (OneBot v11 ``file`` accepts ``base64://``)."""
    return {"type": "image", "data": {"file": "base64://" + base64.b64encode(png).decode()}}


def reply(message_id: str) -> Segment:
    """A quote of message ``message_id``; QQ shows the message as a reply to it."""
    return {"type": "reply", "data": {"id": str(message_id)}}


def escape(content: str, *, in_param: bool = False) -> str:
    """Escape ``content`` for a CQ string (``in_param`` also escapes commas)."""
    for raw, escaped in _PARAM_ESCAPES if in_param else _TEXT_ESCAPES:
        content = content.replace(raw, escaped)
    return content


def unescape(content: str) -> str:
    """Undo :func:`escape`; ``&amp;`` last so ``&amp;#91;`` stays ``&#91;``."""
    for raw, escaped in reversed(_PARAM_ESCAPES):
        content = content.replace(escaped, raw)
    return content


def parse_cq(message: str) -> list[Segment]:
    """Parse a CQ-code string into segments."""
    segments: list[Segment] = []
    position = 0
    for match in _CQ_CODE.finditer(message):
        if match.start() > position:
            segments.append(text(unescape(message[position : match.start()])))
        segments.append({"type": match.group(1), "data": _params(match.group(2))})
        position = match.end()
    if position < len(message):
        segments.append(text(unescape(message[position:])))
    return segments


def _params(raw: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in raw.split(",")[1:]:
        key, _, value = pair.partition("=")
        params[key] = unescape(value)
    return params


def to_cq(segments: Sequence[Segment]) -> str:
    """Render segments as a CQ-code string, escaping text and parameters."""
    parts = []
    for segment in segments:
        data = segment.get("data") or {}
        if segment["type"] == "text":
            parts.append(escape(str(data.get("text", ""))))
            continue
        params = "".join(f",{key}={escape(str(value), in_param=True)}" for key, value in data.items())
        parts.append(f"[CQ:{segment['type']}{params}]")
    return "".join(parts)


def normalize(message: object) -> list[Segment]:
    """Segments from either form (a lone segment object is accepted too)."""
    if isinstance(message, str):
        return parse_cq(message)
    if isinstance(message, Mapping):
        message = [message]
    if not isinstance(message, list):
        raise MalformedMessage(f"message is a {type(message).__name__}")
    return [_segment(item) for item in message]


def _segment(item: object) -> Segment:
    if not isinstance(item, Mapping) or not isinstance(item.get("type"), str):
        raise MalformedMessage("segment without a type")
    data = item.get("data") or {}
    if not isinstance(data, Mapping):
        raise MalformedMessage("segment data is not an object")
    return {"type": item["type"], "data": {key: value for key, value in data.items()}}
