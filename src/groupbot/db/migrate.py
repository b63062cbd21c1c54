"""Schema migrations: run Alembic from code, inside the running event loop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.engine import URL

from groupbot.db.engine import create_engine, normalize_url

__all__ = ["MigrationsNotFound", "alembic_config", "downgrade", "find_migrations", "upgrade"]


class MigrationsNotFound(RuntimeError):
    """The ``migrations/`` folder is neither in the source checkout nor in the working directory."""


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


async def upgrade(url: str | URL, revision: str = "head", migrations: Path | None = None) -> None:
    """Bring the database at ``url`` up to ``revision`` (default: the newest)."""
    await _run(url, migrations, lambda config: command.upgrade(config, revision))


async def downgrade(url: str | URL, revision: str = "base", migrations: Path | None = None) -> None:
    """Take the database at ``url`` back to ``revision`` (default: empty)."""
    await _run(url, migrations, lambda config: command.downgrade(config, revision))


async def _run(url: str | URL, migrations: Path | None, step: Callable[[Config], object]) -> None:
    config = alembic_config(url, migrations)
    engine = create_engine(config.attributes["url"])
    try:
        # Alembic is synchronous; run_sync hands it a connection that talks
        # to the async driver, so this works from inside a running loop.
        async with engine.begin() as conn:
            await conn.run_sync(_with_connection, config, step)
    finally:
        await engine.dispose()


def _with_connection(connection: Connection, config: Config, step: Callable[[Config], object]) -> None:
    config.attributes["connection"] = connection
    step(config)
