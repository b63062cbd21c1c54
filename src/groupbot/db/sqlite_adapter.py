"""SQLAlchemy's aiosqlite adapter over :mod:`sqlite_driver`, without its awaits where nothing waits.

SQLAlchemy runs its synchronous core in a greenlet and reaches an async
driver through ``await_``: a switch out of the greenlet to the event loop and
back. Its aiosqlite adapter does that three times a statement (open the
cursor, execute and fetch under an ``asyncio.Lock``, close) and once a commit.
Our driver answers a statement on the loop anyway (:mod:`sqlite_driver`), so
those switches, coroutines and lock turns were pure overhead: about a third of
SQLAlchemy's cost per statement on a message's path (docs/storage.md).

Here the cursor runs the statement right in the greenlet, and the commit
likewise (a statement still passes through one ``await_`` of an awaitable that
is ready at once: SQLAlchemy's ``AsyncConnection.execute`` checks that its
driver awaited something). Only a statement or a commit that finds the database locked by
another writer takes SQLAlchemy's usual path, which waits on the driver's
worker thread as before. Streaming (server-side) cursors are SQLAlchemy's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.util.concurrency import await_

from groupbot.db.sqlite_driver import OneTripCursor, connect

__all__ = ["creator_for"]


class _Ready:
    """An awaitable that is done at once (see the module: one ``await_`` per statement is required)."""

    def __await__(self) -> Iterator[None]:
        return iter(())


_READY = _Ready()


class _HereCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor whose statements run where SQLAlchemy calls them, unless they must wait for a lock."""

    __slots__ = ()
    # Our cursor's close only drops buffered rows: nothing to await, and no soft close needed.
    _awaitable_cursor_close = False
    _cursor: OneTripCursor

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor  # a OneTripCursor is ready as made

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        return self._here(operation, () if parameters is None else parameters, False) or super().execute(
            operation, parameters
        )

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        return self._here(operation, seq_of_parameters, True) or super().executemany(operation, seq_of_parameters)

    def close(self) -> None:
        self._rows.clear()

    def _here(self, operation: Any, parameters: Any, many: bool) -> bool:
        """Run the statement now; False when it must wait (locked, or another statement is waiting)."""
        if self._adapt_connection._execute_mutex.locked():
            return False  # behind a statement waiting on the worker thread: keep the order
        try:
            if not self._cursor.run_here(operation, parameters, many):
                return False
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        if self._cursor.description:
            self._rows = self._cursor.take_rows()
        await_(_READY)
        return True


class _HereConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection with :class:`_HereCursor` and a commit made where it is called."""

    __slots__ = ()
    _cursor_cls = _HereCursor

    def commit(self) -> None:
        if not self._connection._connection:
            return  # as SQLAlchemy's adapter: a closed connection has nothing to commit
        try:
            committed = self._connection.commit_here()
        except Exception as error:
            self._handle_exception(error)
        if not committed:
            super().commit()  # locked by another writer: wait on the worker thread


def creator_for(arguments: Sequence[Any], options: dict[str, Any]) -> Callable[[], Any]:
    """A ``creator`` for :func:`create_async_engine`: our driver behind the adapter above.

    SQLAlchemy calls it inside its greenlet, where the connection is awaited open.
    """
    dbapi = SQLiteDialect_aiosqlite.import_dbapi()

    def create() -> _HereConnection:
        return _HereConnection(dbapi, await_(connect(*arguments, **options)))

    return create
