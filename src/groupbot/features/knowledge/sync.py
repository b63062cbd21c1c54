"""Keeping this instance's FAQ files, the shared working copy in the database and the matcher in step.

Every change goes through :meth:`FaqSync.reconcile`: under the copy's lock it
merges what was edited in this instance's files since its last sync into the
shared copy (:func:`~groupbot.core.faq_revisions.merge_faq`), stores the result
as a new revision if it differs, writes it back to the files, and remembers
what it saw. Start-up, ``/faq reload``, ``/faq add``, ``/learn``, the editor and
the watch for other instances' changes (:mod:`.watch`) all use it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from groupbot.core.faq import FaqEntry
from groupbot.core.faq_revisions import NO_REVISION, FaqRevision, SyncMark, entry_digests, faq_digest, merge_faq
from groupbot.core.ports import UnitOfWork
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.features.knowledge.catalog import FaqCatalog

__all__ = ["FaqSync", "FileLoader", "FileMirror", "SyncMarks"]

log = logging.getLogger(__name__)

FileLoader = Callable[[], Sequence[FaqEntry]]
"""The entries the files hold; ValueError when they are broken."""
FileMirror = Callable[[Sequence[FaqEntry]], Awaitable[Sequence[FaqEntry]]]
"""Makes the files hold the given entries as far as they can; returns what they hold. ValueError/OSError on failure."""


class SyncMarks(Protocol):
    """Where the instance remembers its last sync (``groupbot.faqfiles.sync_marks.SyncMarkFile``)."""

    def read(self) -> SyncMark | None: ...

    def write(self, mark: SyncMark) -> None: ...


class FaqSync:
    """Reconciles files and shared copy, and rebuilds the matcher; ``lock`` keeps this instance's writers in line.

    The loader raises ``ValueError`` for broken files; then nothing changes.
    Without ``mirror`` and ``marks`` (scripts, tests) the files simply win, as
    with a single instance.
    """

    def __init__(
        self, load_files: FileLoader, catalog: FaqCatalog, mirror: FileMirror | None = None,
        marks: SyncMarks | None = None, telemetry: Telemetry = NO_TELEMETRY,
    ) -> None:
        self._telemetry = telemetry
        self._load_files = load_files
        self._catalog = catalog
        self._mirror = mirror
        self._marks = marks
        self.lock = asyncio.Lock()
        self.current = NO_REVISION
        """The shared revision the matcher was last asked to serve."""

    async def __call__(self, uow: UnitOfWork) -> int:
        """Reconcile inside ``uow`` and rebuild the matcher; returns the number of entries."""
        entries, revision = await self.reconcile(uow)
        await self.serving(entries, revision)
        return len(entries)

    async def from_store(self, uow: UnitOfWork) -> int:
        """Rebuild the matcher from the stored working copy, the files untouched."""
        stored = await uow.faq.all()
        await self.serving(stored, await uow.faq.revision())
        return len(stored)

    def serving(self, entries: Sequence[FaqEntry], revision: FaqRevision) -> Awaitable[None]:
        """Serve ``entries`` (``revision``) from now on: the matcher's turn is taken now, built when awaited."""
        self.current = revision
        return self._served(self._catalog.reloading(entries), revision, len(entries))

    async def _served(self, building: Awaitable[None], revision: FaqRevision, count: int) -> None:
        await building
        if revision == self.current:  # not overtaken by a later reload (which reports itself)
            self._telemetry.faq_served(revision.number, count)

    async def reconcile(self, uow: UnitOfWork) -> tuple[list[FaqEntry], FaqRevision]:
        """The FAQ to serve, stored in ``uow`` (not committed) and written to the files; the matcher untouched."""
        files = list(await asyncio.to_thread(self._load_files))
        revision = await uow.faq.hold()
        merged = files if revision == NO_REVISION else await self._merged(uow, files)
        if revision == NO_REVISION or faq_digest(merged) != revision.digest:
            revision = await uow.faq.replace_all(merged)
            log.info("FAQ revision %d stored: %d entries", revision.number, len(merged))
        held = await self._written(files, merged)
        if self._marks is not None:
            await asyncio.to_thread(self._marks.write, SyncMark(revision, entry_digests(held)))
        return merged, revision

    async def _merged(self, uow: UnitOfWork, files: list[FaqEntry]) -> list[FaqEntry]:
        if self._marks is None:
            return files
        mark = await asyncio.to_thread(self._marks.read)
        # Never synced here (a new instance joining): the files count as unedited, the shared copy wins.
        synced = mark.files if mark is not None else entry_digests(files)
        return merge_faq(files, await uow.faq.all(), synced)

    async def _written(self, files: list[FaqEntry], merged: list[FaqEntry]) -> Sequence[FaqEntry]:
        if self._mirror is None or entry_digests(files) == entry_digests(merged):
            return files
        try:
            return await self._mirror(merged)
        except (ValueError, OSError) as exc:
            # The files keep what they hold; the mark records it, so it is not mistaken for an edit later.
            log.warning("could not write the shared FAQ to this instance's files: %s", exc)
            return files
