"""Keeping the database's working copy and the matcher in step with the FAQ files."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from groupbot.core.faq import FaqEntry
from groupbot.core.ports import UnitOfWork
from groupbot.features.knowledge.catalog import FaqCatalog

__all__ = ["FaqSync"]

FileLoader = Callable[[], Sequence[FaqEntry]]


class FaqSync:
    """Reads the files (the source of truth), stores them, and rebuilds the matcher.

    The loader raises ``ValueError`` for broken files; then nothing changes.
    """

    def __init__(self, load_files: FileLoader, catalog: FaqCatalog) -> None:
        self._load_files = load_files
        self._catalog = catalog

    async def __call__(self, uow: UnitOfWork) -> int:
        """Refresh from the files inside ``uow``; returns the number of entries."""
        entries = self._load_files()
        await uow.faq.replace_all(entries)
        return await self.from_store(uow)

    async def from_store(self, uow: UnitOfWork) -> int:
        """Rebuild the matcher from the stored working copy."""
        stored = await uow.faq.all()
        await self._catalog.reload(stored)
        return len(stored)
