"""The database's working copy of the FAQ files."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.faq import FaqEntry
from groupbot.core.ports import Clock
from groupbot.db.schema import faq_entries

__all__ = ["SqlFaqStore"]


class SqlFaqStore:
    """:class:`~groupbot.core.ports.FaqStore` over the ``faq_entries`` table, in file order."""

    def __init__(self, conn: AsyncConnection, clock: Clock) -> None:
        self._conn = conn
        self._clock = clock

    async def all(self) -> list[FaqEntry]:
        """Every entry, in the order last given to :meth:`replace_all`."""
        rows = await self._conn.execute(select(faq_entries).order_by(faq_entries.c.position))
        return [_entry(row) for row in rows]

    async def get(self, entry_id: str) -> FaqEntry | None:
        """The entry with ``entry_id``, or None."""
        rows = await self._conn.execute(select(faq_entries).where(faq_entries.c.id == entry_id))
        row = rows.first()
        return _entry(row) if row else None

    async def replace_all(self, entries: Sequence[FaqEntry]) -> None:
        """Make the working copy exactly ``entries``."""
        await self._conn.execute(delete(faq_entries))
        if entries:
            now = self._clock.now()
            rows = [_row(entry, position, now) for position, entry in enumerate(entries)]
            await self._conn.execute(insert(faq_entries), rows)


def _row(entry: FaqEntry, position: int, now: datetime) -> dict[str, Any]:
    return {
        "id": entry.id,
        "position": position,
        "question": entry.question,
        "aliases": list(entry.aliases),
        "answer": entry.answer,
        "category": entry.category,
        "tags": list(entry.tags),
        "product": entry.product,
        "version": entry.version,
        "locale": entry.locale,
        "source": entry.source,
        "updated_at": now,
    }


def _entry(row: Row[Any]) -> FaqEntry:
    return FaqEntry(
        id=row.id,
        question=row.question,
        answer=row.answer,
        aliases=tuple(row.aliases),
        category=row.category,
        tags=tuple(row.tags),
        product=row.product,
        version=row.version,
        locale=row.locale,
        source=row.source,
    )
