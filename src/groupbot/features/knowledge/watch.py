"""Noticing that another instance changed the FAQ, and catching up with it."""

from __future__ import annotations

import logging

from groupbot.core.ports import UnitOfWorkFactory
from groupbot.features.knowledge.sync import FaqSync

__all__ = ["FaqWatch"]

log = logging.getLogger(__name__)


class FaqWatch:
    """One look at the shared revision (one indexed row); when it is not the one served, :meth:`FaqSync.reconcile`."""

    def __init__(self, uow_factory: UnitOfWorkFactory, sync: FaqSync) -> None:
        self._uow_factory = uow_factory
        self._sync = sync

    async def run_once(self) -> bool:
        """Catch up if the shared copy changed; True if it did."""
        # The unit of work before the lock, as a command does: the other order could wait for
        # SQLite's one connection while holding the lock a command holding it waits for.
        async with self._uow_factory() as uow:
            if (await uow.faq.revision()).digest == self._sync.current.digest:
                return False
            async with self._sync.lock:
                try:
                    entries, revision = await self._sync.reconcile(uow)
                except ValueError as exc:
                    # Broken files here must not keep this instance on an old FAQ: serve the shared copy
                    # as it is; /faq reload or a restart reports the files' problems.
                    log.warning("this instance's FAQ files are broken, serving the shared copy as is: %s", exc)
                    entries, revision = await uow.faq.all(), await uow.faq.revision()
                else:
                    await uow.commit()
                # The matcher's turn is taken under the lock, so an edit made meanwhile is served after this.
                serving = self._sync.serving(entries, revision)
        await serving
        log.info("FAQ revision %d from the database now served: %d entries", revision.number, len(entries))
        return True
