"""Which database errors are worth trying again: a stall or a lost connection, not a bad statement."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

__all__ = ["is_transient"]

# SQLSTATE classes and codes that say "not now" rather than "never".
_TRANSIENT_CLASSES = ("08", "53", "57P")  # connection exception, insufficient resources, operator intervention
_TRANSIENT_CODES = {
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected
    "55P03",  # lock_not_available (lock_timeout)
    "57014",  # query_canceled (statement_timeout)
}
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def is_transient(error: BaseException) -> bool:
    """True for errors that another attempt a little later may not meet."""
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection came free in time
        return True
    if isinstance(error, sa_exc.DBAPIError):
        if error.connection_invalidated:
            return True
        code = _sqlstate(error.orig)
        if code is not None:
            return code in _TRANSIENT_CODES or code.startswith(_TRANSIENT_CLASSES)
        return isinstance(error, sa_exc.OperationalError) and any(busy in str(error.orig) for busy in _SQLITE_BUSY)
    return isinstance(error, (ConnectionError, OSError))  # the server could not be reached at all


def _sqlstate(driver_error: BaseException | None) -> str | None:
    # asyncpg's errors (as SQLAlchemy's adapter passes them on) carry ``sqlstate``; psycopg's ``pgcode``.
    for name in ("sqlstate", "pgcode"):
        code = getattr(driver_error, name, None)
        if isinstance(code, str) and code:
            return code
    cause = getattr(driver_error, "__cause__", None)
    return _sqlstate(cause) if cause is not None and cause is not driver_error else None
