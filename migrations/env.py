"""Alembic environment for groupbot.

Run from code (:func:`groupbot.db.migrate.upgrade`), Alembic gets an open
connection in ``config.attributes["connection"]``. Run as the ``alembic``
command, it opens its own async engine for the URL from ``-x url=...``,
``sqlalchemy.url`` or the groupbot settings (``GROUPBOT_DATABASE_URL``).
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

from groupbot.db.engine import create_engine
from groupbot.db.migrate import migration_connection
from groupbot.db.schema import metadata

config = context.config


def _url() -> str:
    url = config.attributes.get("url") or context.get_x_argument(as_dictionary=True).get("url")
    url = url or config.get_main_option("sqlalchemy.url")
    if not url:
        from groupbot.settings import load_settings

        url = load_settings().database_url
    return str(url) if isinstance(url, str) else url.render_as_string(hide_password=False)


def _migrate(connection: Connection) -> None:
    # SQLite cannot ALTER most things in place; batch mode copies the table.
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _migrate_with_own_engine() -> None:
    engine = create_engine(_url())
    try:
        async with migration_connection(engine) as connection:
            await connection.run_sync(_migrate)
    finally:
        await engine.dispose()


def _offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _offline()
elif (shared := config.attributes.get("connection")) is not None:
    _migrate(shared)
else:
    asyncio.run(_migrate_with_own_engine())
