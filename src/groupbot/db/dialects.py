"""``INSERT .. ON CONFLICT`` for whichever database the connection talks to."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

__all__ = ["upsert_insert", "upsert_insert_for"]


def upsert_insert(conn: AsyncConnection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An insert into ``table`` that supports ``on_conflict_do_nothing/do_update``.

    Both dialects spell it the same way, so callers need not know which one runs.
    """
    return upsert_insert_for(conn.dialect.name, table)


def upsert_insert_for(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert:
    """:func:`upsert_insert` by dialect name, for statements built once and reused."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"groupbot supports SQLite and PostgreSQL, not {dialect}")
