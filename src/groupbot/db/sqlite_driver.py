"""aiosqlite connections that cross to the driver's thread once per statement.

SQLAlchemy's aiosqlite adapter asks for a cursor, executes, fetches and
closes: four trips to aiosqlite's worker thread and back for one statement,
each a thread switch and an event-loop wake-up. SQLite itself answers our
statements in microseconds, so on one core those trips were most of the
storage cost of a message (bench/telegram_load.py). Here a cursor is a plain
object on the event loop side; ``execute`` runs the statement, fetches every
row and closes the sqlite3 cursor in one trip, and the rest is local.

Transactions, the single worker thread and error types are aiosqlite's own;
only :meth:`OneTripConnection.cursor` differs. Every result is fetched whole,
as SQLAlchemy's adapter does for ordinary queries; a streamed query
(``stream()``, which groupbot does not use) is buffered too, not read in chunks.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import aiosqlite

__all__ = ["OneTripConnection", "OneTripCursor", "connect", "creator_for"]

_Outcome = tuple[Any, int, int | None, list[Any]]


class OneTripConnection(aiosqlite.Connection):
    """An :class:`aiosqlite.Connection` whose cursors cost no thread trip of their own."""

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        """A cursor for this connection; usable as ``await cursor.__aenter__()`` like aiosqlite's."""
        return OneTripCursor(self)

    async def run(self, sql: str, parameters: Any, many: bool) -> _Outcome:
        """Execute ``sql`` on the worker thread and bring back everything a cursor reports."""
        return await self._execute(_run, self._conn, sql, parameters, many)


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

    async def _run(self, sql: str, parameters: Any, many: bool) -> OneTripCursor:
        self.description, self.rowcount, self.lastrowid, rows = await self._connection.run(sql, parameters, many)
        self._rows = deque(rows)
        return self


def _run(connection: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> _Outcome:
    cursor = connection.cursor()
    try:
        (cursor.executemany if many else cursor.execute)(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def connect(database: str, **kwargs: Any) -> OneTripConnection:
    """Like :func:`aiosqlite.connect`: await the result to open the connection."""

    def connector() -> sqlite3.Connection:
        return sqlite3.connect(database, **kwargs)

    connection = OneTripConnection(connector, iter_chunk_size=64)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never hold up interpreter exit
    return connection


def creator_for(arguments: Sequence[Any], options: dict[str, Any]) -> Callable[[], Any]:
    """An ``async_creator`` for :func:`create_async_engine` from the dialect's connect arguments."""

    async def create() -> OneTripConnection:
        return await connect(*arguments, **options)

    return create
