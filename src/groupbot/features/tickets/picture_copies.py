"""Copies of the pictures on ticket reports, taken as they arrive.

A QQ screenshot's link carries a key (``rkey``) that expires within hours,
and WeCom's within minutes; ops often open a ticket the next morning. So when
a message has become (or joined) a ticket, each picture on its report is
fetched through its platform's adapter (a link downloaded, a Telegram photo
asked for by its id) and kept in the database, where the support console
finds it after the link is gone. The copying runs after the message's unit of
work, a few at a time, never holding up a reply; a picture that cannot be
fetched is logged and left to its link.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from groupbot.core.messages import IncomingMessage, Picture
from groupbot.core.ports import Clock, UnitOfWorkFactory
from groupbot.features.feature import Feature, Job

__all__ = ["PURGE_EVERY_SECONDS", "PictureCopier", "retention_feature"]

log = logging.getLogger(__name__)

Fetch = Callable[[str, str], Awaitable[Picture | None]]
"""``(platform, reference)`` to the picture, or None (the outbound asks the platform's adapter)."""
AT_ONCE = 2
"""Pictures fetched at the same time: a burst of screenshots must not crowd out the replies."""
PURGE_EVERY_SECONDS = 6 * 3600.0
"""How often copies older than ``tickets.picture_days`` are deleted."""


def retention_feature(uow_factory: UnitOfWorkFactory, clock: Clock, days: int) -> Feature:
    """The job that deletes picture copies kept for more than ``days`` (none with 0: kept for good)."""

    async def purge() -> int:
        async with uow_factory() as uow:
            gone = await uow.pictures.purge(clock.now() - timedelta(days=days))
            await uow.commit()
        if gone:
            log.info("deleted %d picture copies kept for more than %d days", gone, days)
        return gone

    return Feature("picture-copies", jobs=(Job("picture-copies-purge", PURGE_EVERY_SECONDS, purge),) if days else ())


class PictureCopier:
    """Takes a copy of each picture on the report a handled message became."""

    def __init__(self, uow_factory: UnitOfWorkFactory, fetch: Fetch, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._fetch = fetch
        self._clock = clock
        self._gate = asyncio.Semaphore(AT_ONCE)
        self._running: set[asyncio.Task[None]] = set()

    def after(self, message: IncomingMessage, outcome: str) -> None:
        """``message`` was handled with ``outcome``: if it went onto a ticket, copy its report's pictures."""
        if "ticket" not in outcome:  # "ticket", "ticket_details", "ticket_merged", …: a report was written
            return
        task = asyncio.get_running_loop().create_task(self._copy(message))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def settled(self) -> None:
        """Wait for the copies under way (tests, and a clean stop)."""
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)

    async def close(self) -> None:
        """Stop copying: what is under way is dropped (its pictures keep their links)."""
        for task in list(self._running):
            task.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)

    async def _copy(self, message: IncomingMessage) -> None:
        chat = message.chat
        try:
            async with self._uow_factory() as uow:
                refs = list(dict.fromkeys(await uow.tickets.images_of(chat.platform, chat.chat_id, message.message_id)))
                copied = await uow.pictures.copied(refs)
            wanted = [ref for ref in refs if ref not in copied]
            for ref in wanted:
                async with self._gate:
                    picture = await self._fetch(chat.platform, ref)
                if picture is None:
                    log.info("picture %d of message %s not copied: %s could not fetch it", refs.index(ref) + 1,
                             message.message_id, chat.platform)
                    continue
                async with self._uow_factory() as uow:
                    await uow.pictures.keep(ref, picture, self._clock.now())
                    await uow.commit()
        except asyncio.CancelledError:
            raise
        except Exception:  # a copy is a convenience: the report and its links are kept either way
            log.exception("copying the pictures of message %s failed", message.message_id)
