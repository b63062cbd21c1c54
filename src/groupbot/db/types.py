"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from groupbot.core.unicode import well_formed

__all__ = ["CleanText", "UtcDateTime", "clean_text"]


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC, read back aware on every dialect.

    SQLite has no time zones, so the UTC wall time is stored and UTC is
    attached on the way out; naive datetimes are refused because their zone
    would be a guess.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware time (UTC)")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def clean_text(value: str) -> str:
    """``value`` made storable everywhere: NUL and lone surrogates become U+FFFD.

    PostgreSQL rejects NUL in text and no driver can encode a lone surrogate;
    replacing them on both dialects keeps the message instead of failing the
    whole unit of work, and keeps SQLite and PostgreSQL in agreement. A split
    surrogate pair (as some JSON decoders leave emoji) is joined back.
    """
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    return well_formed(value)


class CleanText(TypeDecorator[str]):
    """Unbounded text passed through :func:`clean_text` on the way in."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else clean_text(str(value))
