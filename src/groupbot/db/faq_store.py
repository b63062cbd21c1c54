"""The database's working copy of the FAQ files, shared by every instance, and its revision."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.faq import FaqEntry
from groupbot.core.faq_revisions import NO_REVISION, FaqRevision, faq_digest
from groupbot.core.ports import Clock
from groupbot.db.dialects import upsert_insert
from groupbot.db.schema import faq_entries, faq_revision

__all__ = ["SqlFaqStore"]


_ROW = faq_revision.c.id == 1


class SqlFaqStore:
    """:class:`~groupbot.core.ports.FaqStore` over ``faq_entries`` (in file order) and ``faq_revision``."""

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

    async def replace_all(self, entries: Sequence[FaqEntry]) -> FaqRevision:
        """Make the working copy exactly ``entries`` and bump its revision, in this transaction."""
        now = self._clock.now()
        await self._conn.execute(delete(faq_entries))
        if entries:
            rows = [_row(entry, position, now) for position, entry in enumerate(entries)]
            await self._conn.execute(insert(faq_entries), rows)
        digest = faq_digest(entries)
        bump = upsert_insert(self._conn, faq_revision).values(id=1, number=1, digest=digest, changed_at=now)
        bump = bump.on_conflict_do_update(
            index_elements=[faq_revision.c.id],
            set_={"number": faq_revision.c.number + 1, "digest": digest, "changed_at": now},
        )
        await self._conn.execute(bump)
        return await self.revision()

    async def revision(self) -> FaqRevision:
        """The working copy's revision; :data:`NO_REVISION` before the first :meth:`replace_all`."""
        rows = await self._conn.execute(select(faq_revision.c.number, faq_revision.c.digest).where(_ROW))
        row = rows.first()
        return FaqRevision(row.number, row.digest) if row else NO_REVISION

    async def hold(self) -> FaqRevision:
        """The revision, its row locked until the transaction ends (SQLite: the database's write lock)."""
        # The row must exist to be locked: two first starts then queue on the insert instead of both
        # finding nothing and colliding on faq_entries' keys.
        seed = upsert_insert(self._conn, faq_revision).values(id=1, number=0, digest="", changed_at=self._clock.now())
        await self._conn.execute(seed.on_conflict_do_nothing(index_elements=[faq_revision.c.id]))
        query = select(faq_revision.c.number, faq_revision.c.digest).where(_ROW).with_for_update()
        row = (await self._conn.execute(query)).one()
        return FaqRevision(row.number, row.digest)


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
