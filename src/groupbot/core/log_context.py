"""Ids that belong on every log line written while one message is handled.

The router binds the message and chat ids, the ticket desk adds the ticket
number; a structured log formatter (``log.format = json``) reads them back.
Context variables keep concurrent messages apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["bind", "current", "note"]

_FIELDS: ContextVar[dict[str, str] | None] = ContextVar("groupbot_log_fields", default=None)


@contextmanager
def bind(**fields: str) -> Iterator[None]:
    """Add ``fields`` to the log context until the ``with`` block ends."""
    token = _FIELDS.set({**(_FIELDS.get() or {}), **fields})
    try:
        yield
    finally:
        _FIELDS.reset(token)


def note(**fields: str) -> None:
    """Add ``fields`` to the context bound around the current work (e.g. the ticket it opened)."""
    current_fields = _FIELDS.get()
    if current_fields is not None:
        current_fields.update(fields)


def current() -> dict[str, str]:
    """The fields bound right now."""
    return dict(_FIELDS.get() or {})
