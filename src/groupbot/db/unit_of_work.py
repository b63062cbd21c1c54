"""One transaction over all the stores: each incoming message is one unit of work."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextvars import ContextVar, Token
from types import TracebackType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from groupbot.core.clock import SystemClock
from groupbot.core.ports import Clock, StoreUnavailable
from groupbot.db.audit_log import SqlAuditLog
from groupbot.db.chat_store import SqlChatStore
from groupbot.db.digest_store import SqlDigestStore
from groupbot.db.faq_store import SqlFaqStore
from groupbot.db.follow_up_store import SqlFollowUpStore
from groupbot.db.message_log import SqlMessageLog
from groupbot.db.outbox_store import SqlOutboxStore
from groupbot.db.picture_copies import SqlPictureCopies
from groupbot.db.rota_store import SqlRotaStore
from groupbot.db.short_memory import SqlShortMemory
from groupbot.db.sla_store import SqlSlaStore
from groupbot.db.ticket_store import SqlTicketStore
from groupbot.db.transient import is_transient

__all__ = ["SqlUnitOfWork", "unit_of_work_factory"]

log = logging.getLogger(__name__)

_open_here: ContextVar[tuple[AsyncEngine, asyncio.Task[Any] | None] | None] = ContextVar("open_here", default=None)
"""The engine and task of the unit of work the current task holds open, if any."""


class SqlUnitOfWork:
    """:class:`~groupbot.core.ports.UnitOfWork` on one database connection.

    Use as ``async with factory() as uow: ...; await uow.commit()``; leaving the
    block without committing (or by an exception) rolls everything back.
    """

    faq: SqlFaqStore
    messages: SqlMessageLog
    chats: SqlChatStore
    tickets: SqlTicketStore
    audit: SqlAuditLog
    outbox: SqlOutboxStore
    digest: SqlDigestStore
    sla: SqlSlaStore
    rota: SqlRotaStore
    follow_ups: SqlFollowUpStore
    memory: SqlShortMemory
    pictures: SqlPictureCopies

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._conn: AsyncConnection | None = None
        self._token: Token[Any] | None = None

    async def __aenter__(self) -> SqlUnitOfWork:
        if self._conn is not None:
            raise RuntimeError("a unit of work can be entered only once")
        here = (self._engine, asyncio.current_task())
        if _open_here.get() == here and self._engine.dialect.name == "sqlite":
            # On SQLite the one pooled connection is ours already: the inner unit would
            # wait for it until the pool times out. Fail at once, naming the mistake.
            raise RuntimeError("a unit of work is already open in this task; finish it before opening another")
        # No explicit begin: the connection starts a transaction at its first
        # statement, so a unit of work that ends with commit() has nothing left
        # to roll back (a rollback is a driver round trip, twice with the pool's).
        try:
            conn = await self._engine.connect()
        except Exception as exc:
            _raise_if_transient(exc)
            raise
        self._conn = conn
        self._token = _open_here.set(here)
        self.faq = SqlFaqStore(conn, self._clock)
        self.messages = SqlMessageLog(conn)
        self.chats = SqlChatStore(conn, self._clock)
        self.tickets = SqlTicketStore(conn)
        self.audit = SqlAuditLog(conn)
        self.outbox = SqlOutboxStore(conn)
        self.digest = SqlDigestStore(conn)
        self.sla = SqlSlaStore(conn)
        self.rota = SqlRotaStore(conn)
        self.follow_ups = SqlFollowUpStore(conn)
        self.memory = SqlShortMemory(conn)
        self.pictures = SqlPictureCopies(conn)
        return self

    async def commit(self) -> None:
        """Make everything done so far permanent; later changes start a new transaction."""
        if self._conn is None:
            raise RuntimeError("commit outside 'async with'")
        try:
            await self._conn.commit()
        except Exception as exc:
            _raise_if_transient(exc)
            raise

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._conn is None:
            return
        # Whatever was not committed is undone; after commit() there is nothing to undo.
        try:
            if self._conn.in_transaction():
                await self._conn.rollback()
        except Exception:
            if exc is None:
                raise
            # The connection failed along with the work (the error on its way out says why).
            log.debug("rollback after a failed unit of work failed too", exc_info=True)
        finally:
            _open_here.reset(self._token)
            await self._close_quietly(exc)
        if exc is not None and not isinstance(exc, StoreUnavailable) and is_transient(exc):
            # Callers see one port-level error for "try again later", whichever driver said it.
            raise StoreUnavailable(str(exc)) from exc

    async def _close_quietly(self, exc: BaseException | None) -> None:
        assert self._conn is not None
        try:
            await self._conn.close()
        except Exception:
            if exc is None:
                raise
            log.debug("closing the connection of a failed unit of work failed", exc_info=True)


def unit_of_work_factory(engine: AsyncEngine, clock: Clock | None = None) -> Callable[[], SqlUnitOfWork]:
    """A :data:`~groupbot.core.ports.UnitOfWorkFactory` over ``engine``.

    ``clock`` stamps bookkeeping columns (FAQ load time, chat created/updated).
    """
    chosen = clock or SystemClock()
    return lambda: SqlUnitOfWork(engine, chosen)


def _raise_if_transient(error: Exception) -> None:
    """Raise :class:`StoreUnavailable` from ``error`` if it is worth retrying."""
    if is_transient(error):
        raise StoreUnavailable(str(error)) from error
