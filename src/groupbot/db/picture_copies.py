"""Copies of the pictures on ticket reports, by the SHA-256 of the reference a report keeps."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.messages import Picture
from groupbot.db.dialects import upsert_insert_for
from groupbot.db.schema import picture_copies

__all__ = ["SqlPictureCopies"]

_C = picture_copies.c


def _hash(ref: str) -> str:
    return hashlib.sha256(ref.encode("utf-8", errors="surrogatepass")).hexdigest()


class SqlPictureCopies:
    """:class:`~groupbot.core.ports.PictureCopies` over ``picture_copies``."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, ref: str) -> Picture | None:
        """The copy of the picture ``ref`` names, if one was taken."""
        row = (await self._conn.execute(select(_C.data, _C.content_type).where(_C.ref_hash == _hash(ref)))).first()
        return Picture(bytes(row.data), row.content_type) if row else None

    async def copied(self, refs: list[str]) -> set[str]:
        """Which of ``refs`` have a copy."""
        hashes = {_hash(ref): ref for ref in refs}
        if not hashes:
            return set()
        found = await self._conn.execute(select(_C.ref_hash).where(_C.ref_hash.in_(list(hashes))))
        return {hashes[ref_hash] for (ref_hash,) in found}

    async def keep(self, ref: str, picture: Picture, now: datetime) -> None:
        """Keep ``picture`` as the copy of ``ref``; one kept already stays (same reference, same picture)."""
        insert = upsert_insert_for(self._conn.dialect.name, picture_copies).values(
            ref_hash=_hash(ref), content_type=picture.content_type, data=picture.data, kept_at=now)
        await self._conn.execute(insert.on_conflict_do_nothing(index_elements=[_C.ref_hash]))

    async def purge(self, kept_before: datetime) -> int:
        """Drop the copies kept before ``kept_before``; how many went."""
        return (await self._conn.execute(delete(picture_copies).where(_C.kept_at < kept_before))).rowcount or 0
