"""The FAQ directory as the running bot edits it: file work off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from groupbot.core.faq import FaqEntry
from groupbot.faqfiles.directory import scan_faq_dir
from groupbot.faqfiles.editing import UpsertResult, upsert_entries
from groupbot.faqfiles.mirroring import mirror_entries
from groupbot.faqfiles.removal import remove_entry

__all__ = ["FaqFolder"]


class FaqFolder:
    """Writes to ``faq_dir``; a :class:`~groupbot.faqfiles.FaqFileError` (a ValueError) says what would break."""

    def __init__(self, faq_dir: Path, learned_dir: Path | None = None, file_name: str = "learned.yaml") -> None:
        self._dir = faq_dir
        self._learned = learned_dir
        self._file_name = file_name

    async def upsert(self, entries: Sequence[FaqEntry], file_name: str | None = None) -> UpsertResult:
        """Add or replace entries (in the learned directory when there is one: the shipped files stay as they are)."""
        name = file_name or self._file_name
        return await asyncio.to_thread(upsert_entries, self._dir, list(entries), name, self._learned)

    async def remove(self, entry_id: str) -> bool:
        """Delete one entry; False if no file holds it."""
        return await asyncio.to_thread(remove_entry, self._dir, entry_id, self._learned)

    async def entries(self) -> list[FaqEntry]:
        """The entries as the files hold them now (usable ones, even if others are broken)."""
        scan = await asyncio.to_thread(scan_faq_dir, self._dir, self._learned)
        return [located.entry for located in scan.entries]

    async def mirror(self, entries: Sequence[FaqEntry]) -> list[FaqEntry]:
        """Make the files hold ``entries`` (the shared copy); returns what they hold (see :func:`mirror_entries`)."""
        return await asyncio.to_thread(mirror_entries, self._dir, list(entries), self._learned)
