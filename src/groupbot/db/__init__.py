"""Storage: SQLAlchemy (async) over SQLite or PostgreSQL, implementing ``core.ports``.

Bootstrap uses three things: :func:`create_engine`, :func:`upgrade` (Alembic
to the newest schema) and :func:`unit_of_work_factory`.
"""

from groupbot.db.engine import create_engine, normalize_url
from groupbot.db.migrate import Migration, MigrationsNotFound, downgrade, upgrade
from groupbot.db.unit_of_work import SqlUnitOfWork, unit_of_work_factory

__all__ = [
    "Migration",
    "MigrationsNotFound",
    "SqlUnitOfWork",
    "create_engine",
    "downgrade",
    "normalize_url",
    "unit_of_work_factory",
    "upgrade",
]
