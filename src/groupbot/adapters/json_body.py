"""Reading JSON that strangers send: every way it can be bad is one exception.

``json.loads`` raises ``RecursionError`` for deep nesting (about a thousand
levels), which is not a ``ValueError``; left uncaught it turned a hostile body
into a 500 or closed a WebSocket. Python's parser also takes ``NaN`` and
``Infinity``, which callers must treat as numbers that may be impossible.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["BadJson", "parse_json"]


class BadJson(ValueError):
    """Not JSON, not UTF-8, or nested too deep to read."""


def parse_json(data: str | bytes) -> Any:
    """The JSON value in ``data``; raises :class:`BadJson` for anything unreadable."""
    try:
        return json.loads(data)
    except RecursionError:
        raise BadJson("nested too deep") from None
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        raise BadJson(str(exc)) from None
