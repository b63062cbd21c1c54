"""aiosqlite connections whose statements run on the event loop unless they would wait.

SQLAlchemy's aiosqlite adapter asks for a cursor, executes, fetches and
closes: four trips to aiosqlite's worker thread and back for one statement,
each a thread switch and an event-loop wake-up. SQLite itself answers our
statements in microseconds, so on one core those trips were most of the
storage cost of a message (bench/telegram_load.py). Here a cursor is a plain
object on the event loop side, and ``execute`` runs the statement, fetches
every row and closes the sqlite3 cursor right there, on the loop: even one
trip to the worker thread costs ~80 us of CPU, many times the statement.

Only waiting must stay off the loop. The sqlite3 connection has no busy
timeout of its own, so a statement that finds the database locked by another
writer fails at once (SQLITE_BUSY, having changed nothing) and is run again on
the worker thread, which waits up to the connection's ``timeout`` as sqlite3
would. A commit runs on the loop the same way. (Now and then one also
checkpoints the write-ahead log, writing and syncing the database file: the
loop waits for that, but the units of work would anyway, for the one pooled
connection.)

Transactions, the single worker thread and error types are aiosqlite's own.
Every result is fetched whole, as SQLAlchemy's adapter does for ordinary
queries; a streamed query (``stream()``, which groupbot does not use) is
buffered too, not read in chunks.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import aiosqlite

__all__ = ["OneTripConnection", "OneTripCursor", "connect"]

_Outcome = tuple[Any, int, int | None, list[Any]]
_T = TypeVar("_T")
DEFAULT_TIMEOUT = 5.0
"""sqlite3's own default: seconds a statement waits for another writer's lock."""


class OneTripConnection(aiosqlite.Connection):
    """An :class:`aiosqlite.Connection` whose cursors run statements on the loop (see the module)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], timeout: float) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._timeout_ms = round(timeout * 1000)

    @property
    def timeout(self) -> float:
        """Seconds a statement waits for another writer's lock (on the worker thread)."""
        return self._timeout_ms / 1000

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        """A cursor for this connection; usable as ``await cursor.__aenter__()`` like aiosqlite's."""
        return OneTripCursor(self)

    def run_here(self, sql: str, parameters: Any, many: bool) -> _Outcome | None:
        """Execute ``sql`` right away and bring back everything a cursor reports; None if it must wait for a lock."""
        try:
            return _run(self._conn, sql, parameters, many)
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
        return None

    async def run(self, sql: str, parameters: Any, many: bool) -> _Outcome:
        """Execute ``sql`` and bring back everything a cursor reports; on the loop unless it must wait."""
        outcome = self.run_here(sql, parameters, many)
        if outcome is not None:
            return outcome
        return await self._execute(_patiently, self._conn, self._timeout_ms, _run, self._conn, sql, parameters, many)

    def commit_here(self) -> bool:
        """Commit the current transaction right away; False if it must wait for a lock (nothing changed then)."""
        try:
            self._conn.commit()
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
            return False
        return True

    async def commit(self) -> None:
        """Commit the current transaction; on the loop unless it must wait for a lock, like a statement."""
        if not self.commit_here():
            await self._execute(_patiently, self._conn, self._timeout_ms, self._conn.commit)


class OneTripCursor:
    """The part of aiosqlite's cursor API that SQLAlchemy's adapter uses, answered locally."""

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self._rows: deque[Any] = deque()
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Any = ()) -> OneTripCursor:
        """Run one statement; its rows wait here for the fetch calls."""
        return await self._run(sql, parameters, many=False)

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> OneTripCursor:
        """Run one statement for each parameter set."""
        return await self._run(sql, parameters, many=True)

    async def fetchone(self) -> Any:
        """The next row, or None."""
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        """Up to ``size`` (default ``arraysize``) more rows."""
        count = min(len(self._rows), self.arraysize if size is None else size)
        return [self._rows.popleft() for _ in range(count)]

    async def fetchall(self) -> list[Any]:
        """Every remaining row."""
        rows, self._rows = list(self._rows), deque()
        return rows

    async def close(self) -> None:
        """Drop the buffered rows; the sqlite3 cursor was closed on the worker thread."""
        self._rows.clear()

    def run_here(self, sql: str, parameters: Any, many: bool) -> bool:
        """Run one statement right away, its rows kept for the fetch calls; False if it must wait for a lock."""
        outcome = self._connection.run_here(sql, parameters, many)
        if outcome is None:
            return False
        self._keep(outcome)
        return True

    def take_rows(self) -> deque[Any]:
        """Every remaining row, handed over without a copy."""
        rows, self._rows = self._rows, deque()
        return rows

    async def _run(self, sql: str, parameters: Any, many: bool) -> OneTripCursor:
        self._keep(await self._connection.run(sql, parameters, many))
        return self

    def _keep(self, outcome: _Outcome) -> None:
        self.description, self.rowcount, self.lastrowid, rows = outcome
        self._rows = deque(rows)


def _run(connection: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> _Outcome:
    cursor = connection.cursor()
    try:
        (cursor.executemany if many else cursor.execute)(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _patiently(connection: sqlite3.Connection, timeout_ms: int, work: Callable[..., _T], *args: Any) -> _T:
    """``work(*args)``, waiting up to ``timeout_ms`` for a lock (only ever on the worker thread)."""
    connection.execute(f"PRAGMA busy_timeout={timeout_ms}")
    try:
        return work(*args)
    finally:
        connection.execute("PRAGMA busy_timeout=0")


def _busy(error: sqlite3.OperationalError) -> bool:
    """True when ``error`` says the database is locked by another connection (it changed nothing)."""
    return error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY  # the primary code: any kind of busy


def connect(database: str, *, timeout: float = DEFAULT_TIMEOUT, **kwargs: Any) -> OneTripConnection:
    """Like :func:`aiosqlite.connect`: await the result to open the connection.

    ``timeout`` is how long a statement waits for another writer, as in
    :func:`sqlite3.connect`; the wait happens on the worker thread.
    """

    def connector() -> sqlite3.Connection:
        # Opened on the worker thread, used on the loop too (never both at once:
        # the pool lends the connection to one unit of work at a time).
        return sqlite3.connect(database, **{**kwargs, "timeout": 0, "check_same_thread": False})

    connection = OneTripConnection(connector, timeout)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never hold up interpreter exit
    return connection
