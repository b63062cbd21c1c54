"""The async engine: SQLite (WAL) by default, PostgreSQL when the URL says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool, PoolResetState

from groupbot.db.sqlite_adapter import creator_for

__all__ = ["create_engine", "normalize_url"]

BUSY_TIMEOUT_MS = 5000
"""How long a SQLite writer waits for another to finish before failing."""
PG_POOL_SIZE = 20
"""PostgreSQL connections kept open: the intake workers (16 by default), the outbox, jobs and the console."""

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
}


def normalize_url(url: str | URL) -> URL:
    """Parse ``url`` and give a bare ``sqlite://`` or ``postgres://`` its async driver."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    return parsed.set(drivername=driver) if driver else parsed


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    """Build the engine for ``url``; for a SQLite file, create its folder and set the pragmas."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "sqlite":
        # No pre-ping: it is a round trip before every unit of work (one in six or
        # seven of a message's). A pooled connection the server dropped fails at
        # the unit's first statement instead, before anything is written; SQLAlchemy
        # then discards the pool's older connections and the error is StoreUnavailable,
        # which the message router tries again with a fresh connection.
        # A pool as large as the workers that use it at once: with fewer kept
        # connections than workers, the extra ones are closed when they come back
        # and opened again moments later (a new server process each time).
        kwargs.setdefault("pool_size", PG_POOL_SIZE)
        return create_async_engine(parsed, **kwargs)
    _ensure_parent_dir(parsed)
    arguments, options = SQLiteDialect_aiosqlite().create_connect_args(parsed)
    options.update(kwargs.pop("connect_args", {}))  # the creator below bypasses SQLAlchemy's own use of them
    # How long a writer waits for another to finish before failing with "database is
    # locked"; the driver waits on its worker thread, never on the event loop.
    options.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)
    kwargs.setdefault("creator", creator_for(arguments, options))
    if SQLiteDialect_aiosqlite.get_pool_class(parsed) is AsyncAdaptedQueuePool:
        # SQLite lets one writer in at a time, and nearly every unit of work
        # writes: more connections only queue on SQLite's lock, in threads
        # that take turns on the same core. One connection, awaited in turn
        # from the pool, does the same work with no lock waits (see
        # docs/storage.md; bench/telegram_load.py measured it).
        kwargs.setdefault("pool_size", 1)
        kwargs.setdefault("max_overflow", 0)
    # The pool's own reset is replaced by one that asks SQLite first (see _reset_sqlite).
    kwargs.setdefault("pool_reset_on_return", None)
    engine = create_async_engine(parsed, **kwargs)
    event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
    event.listen(engine.sync_engine, "reset", _reset_sqlite)
    return engine


def _ensure_parent_dir(url: URL) -> None:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers proceed while one writer commits; SQLite leaves foreign
    # keys off unless asked, per connection. (The wait for another writer is
    # the driver's ``timeout``: a busy timeout here would block the event loop.)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL is still safe against a crash of the bot; only a power
        # cut can drop the last commits. It saves an fsync per message.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _reset_sqlite(dbapi_connection: Any, _record: Any, state: PoolResetState) -> None:
    # A connection going back to the pool is rolled back only if SQLite says a
    # transaction is open: after a committed unit of work there is none, and
    # the pool's unconditional rollback would cost a round trip to the driver's
    # thread for every message. If the driver cannot tell, roll back anyway.
    if not state.asyncio_safe:
        return  # as the pool's own reset: no awaiting the driver outside the event loop
    try:
        open_transaction = bool(dbapi_connection.driver_connection.in_transaction)
    except Exception:
        open_transaction = True
    if open_transaction:
        dbapi_connection.rollback()
