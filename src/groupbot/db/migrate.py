"""Schema migrations: run Alembic from code, inside the running event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from groupbot.core.startup import Misconfigured, Unreachable
from groupbot.db.engine import create_engine, normalize_url

__all__ = [
    "Migration",
    "MigrationsNotFound",
    "alembic_config",
    "downgrade",
    "find_migrations",
    "migration_connection",
    "upgrade",
]


MIGRATION_LOCK = int.from_bytes(b"groupbot", "big")
"""The PostgreSQL advisory lock key that one migration at a time holds (any constant: ours is "groupbot")."""


class MigrationsNotFound(RuntimeError):
    """The ``migrations/`` folder is neither in the source checkout nor in the working directory."""


@dataclass(frozen=True, slots=True)
class Migration:
    """What an upgrade or downgrade did: the schema revision before and after (None: no schema yet)."""

    before: str | None
    after: str | None

    @property
    def changed(self) -> bool:
        """Whether any migration ran."""
        return self.before != self.after


def find_migrations(start: Path | None = None) -> Path:
    """The ``migrations/`` folder: next to the source checkout, else under ``start`` (the cwd).

    The first covers ``make run`` and editable installs; the second an
    installed package run from a folder holding a copy (the Docker image).
    """
    checkout = Path(__file__).resolve().parents[3] / "migrations"
    here = (start or Path.cwd()) / "migrations"
    for candidate in (checkout, here):
        if (candidate / "env.py").is_file():
            return candidate
    raise MigrationsNotFound(f"no Alembic migrations in {checkout} or {here}")


def alembic_config(url: str | URL, migrations: Path | None = None) -> Config:
    """An Alembic :class:`Config` built in code (no ``alembic.ini`` needed) for ``url``."""
    config = Config()
    config.set_main_option("script_location", str(migrations or find_migrations()))
    config.attributes["url"] = normalize_url(url)
    return config


async def upgrade(
    target: str | URL | AsyncEngine, revision: str = "head", migrations: Path | None = None
) -> Migration:
    """Bring the database at ``target`` (a URL or an engine) up to ``revision`` (default: the newest)."""
    return await _run(target, migrations, lambda config: command.upgrade(config, revision))


async def downgrade(
    target: str | URL | AsyncEngine, revision: str = "base", migrations: Path | None = None
) -> Migration:
    """Take the database at ``target`` (a URL or an engine) back to ``revision`` (default: empty)."""
    return await _run(target, migrations, lambda config: command.downgrade(config, revision))


async def _run(
    target: str | URL | AsyncEngine, migrations: Path | None, step: Callable[[Config], object]
) -> Migration:
    # Given an engine, use it: an in-memory SQLite database lives only as
    # long as its engine, so a second one would migrate a different database.
    if isinstance(target, AsyncEngine):
        return await _run_on(target, alembic_config(target.url, migrations), step)
    engine = create_engine(target)
    try:
        await _probe(engine)
        return await _run_on(engine, alembic_config(engine.url, migrations), step)
    finally:
        await engine.dispose()


async def _probe(engine: AsyncEngine) -> None:
    """Connect once, so that a database that is not there is one clear sentence, not a traceback."""
    shown = engine.url.render_as_string(hide_password=True)
    check = "check database_url (GROUPBOT_DATABASE_URL)"
    try:
        async with engine.connect():
            pass
    except (OSError, TimeoutError) as exc:
        raise Unreachable(f"cannot reach the database at {shown} ({exc}); {check} and that the server is up") from None
    except DBAPIError as exc:  # the server answered and refused: wrong user, password or database name
        reason = str(exc.orig) if exc.orig is not None else type(exc).__name__
        raise Misconfigured(f"the database at {shown} refused the connection ({reason}); {check}") from None


async def _run_on(engine: AsyncEngine, config: Config, step: Callable[[Config], object]) -> Migration:
    # Alembic is synchronous; run_sync hands it a connection that talks to
    # the async driver, so this works from inside a running event loop.
    async with migration_connection(engine) as conn:
        return await conn.run_sync(_with_connection, config, step)


@asynccontextmanager
async def migration_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection to migrate on, committed at the end; on SQLite with foreign keys off meanwhile.

    On PostgreSQL the transaction first takes an advisory lock, held until it
    ends: instances started together on an empty database would otherwise each
    create the tables and collide. The second waits, then finds the schema at head.
    """
    async with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            await _sqlite_foreign_keys(conn, enabled=False)
        elif conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            yield conn
            await conn.commit()
        finally:
            if sqlite:
                await conn.rollback()
                await _sqlite_foreign_keys(conn, enabled=True)


async def _sqlite_foreign_keys(conn: AsyncConnection, *, enabled: bool) -> None:
    # Batch migrations rebuild a table by copy, drop and rename; with foreign
    # keys enforced, dropping a parent would cascade-delete its children.
    # SQLite ignores this pragma inside a transaction, hence outside one.
    await conn.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")


def _with_connection(connection: Connection, config: Config, step: Callable[[Config], object]) -> Migration:
    config.attributes["connection"] = connection
    before = _revision(connection)
    step(config)
    return Migration(before, _revision(connection))


def _revision(connection: Connection) -> str | None:
    heads = MigrationContext.configure(connection).get_current_heads()
    return ", ".join(heads) or None
