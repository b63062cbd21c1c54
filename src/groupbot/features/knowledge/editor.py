"""Changing the FAQ: save, delete, import. One use case for the chat's /faq commands and the web console.

The files under ``faq/`` stay the source of truth: every change is written
there first, then the whole FAQ is reloaded into the database copy and the
live matcher, exactly as ``/learn`` does. Each change leaves an audit record
naming who made it and from where.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from groupbot.core.faq import FaqEntry
from groupbot.core.ports import UnitOfWork
from groupbot.features.commands.context import CommandRefused

__all__ = ["FaqChange", "FaqEditor", "FaqFiles", "WriteResult"]

log = logging.getLogger(__name__)
_T = TypeVar("_T")


class WriteResult(Protocol):
    """Ids added, replaced and left as they were by a write."""

    added: tuple[str, ...]
    replaced: tuple[str, ...]
    unchanged: tuple[str, ...]


class FaqFiles(Protocol):
    """The FAQ directory (``groupbot.faqfiles.FaqFolder``); ValueError when a change would break it."""

    async def upsert(self, entries: Sequence[FaqEntry], file_name: str | None = None) -> WriteResult: ...

    async def remove(self, entry_id: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class FaqChange:
    """Who changes the FAQ from where: ``actor`` is ``platform:user_id``, ``chat_id`` the chat (or ``web``)."""

    actor: str
    chat_id: str
    now: datetime

    @property
    def platform(self) -> str:
        """The actor's platform."""
        return self.actor.partition(":")[0]


class FaqEditor:
    """Writes FAQ changes to the files and reloads; one lock keeps concurrent writers from losing entries."""

    def __init__(
        self, files: FaqFiles, reload_faq: Callable[[UnitOfWork], Awaitable[int]], lock: asyncio.Lock | None = None
    ) -> None:
        self._files = files
        self._reload = reload_faq
        self.lock = lock or asyncio.Lock()

    async def save(self, uow: UnitOfWork, entry: FaqEntry, change: FaqChange, action: str = "/faq edit") -> int:
        """Add or replace ``entry``; returns the FAQ's size after the reload."""
        async with self.lock:
            await self._write(lambda: self._files.upsert([entry]), entry.id)
            count = await self._reload_locked(uow)
        await _audit(uow, change, action, entry.id)
        return count

    async def delete(self, uow: UnitOfWork, entry_id: str, change: FaqChange) -> int:
        """Remove entry ``entry_id``; refuses when there is none."""
        async with self.lock:
            found = await self._write(lambda: self._files.remove(entry_id), entry_id)
            if not found:
                raise CommandRefused("faq_no_entry", "faq_no_entry", entry_id=entry_id)
            count = await self._reload_locked(uow)
        await _audit(uow, change, "/faq delete", entry_id)
        return count

    async def import_entries(
        self, uow: UnitOfWork, entries: Sequence[FaqEntry], change: FaqChange, file_name: str = "imported.yaml"
    ) -> tuple[WriteResult, int]:
        """Add or replace many entries at once, all or nothing; new ones go to ``file_name``."""
        async with self.lock:
            result = await self._write(lambda: self._files.upsert(entries, file_name), f"{len(entries)} entries")
            count = await self._reload_locked(uow)
        detail = f"added {len(result.added)}, replaced {len(result.replaced)}, unchanged {len(result.unchanged)}"
        await _audit(uow, change, "/faq import", detail)
        return result, count

    async def _write(self, write: Callable[[], Awaitable[_T]], what: str) -> _T:
        try:
            return await write()
        except (ValueError, OSError) as exc:
            log.warning("could not change the FAQ files (%s): %s", what, exc)
            raise CommandRefused("faq_write_failed", "faq_write_failed", problem=_first_line(exc)) from None

    async def _reload_locked(self, uow: UnitOfWork) -> int:
        try:
            return await self._reload(uow)
        except ValueError as exc:
            raise CommandRefused("faq_reload_failed", "faq_reload_failed", problem=_first_line(exc)) from None


async def _audit(uow: UnitOfWork, change: FaqChange, action: str, detail: str) -> None:
    await uow.audit.record(
        time=change.now, platform=change.platform, chat_id=change.chat_id, actor=change.actor,
        action=action, outcome="done", detail=detail[:200],
    )


def _first_line(exc: Exception) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__
