"""The engine: URL normalisation, SQLite folder and pragmas."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from groupbot.db import create_engine, normalize_url


def test_bare_urls_get_the_async_drivers() -> None:
    assert normalize_url("postgres://u@db:5432/bot").drivername == "postgresql+asyncpg"
    assert normalize_url("postgresql://u@db/bot").drivername == "postgresql+asyncpg"
    assert normalize_url("sqlite:///data/x.db").drivername == "sqlite+aiosqlite"
    assert normalize_url("postgresql+asyncpg://u@db/bot").drivername == "postgresql+asyncpg"


async def test_sqlite_engine_creates_the_folder_and_sets_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "groupbot.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        async with engine.connect() as conn:
            pragmas = [
                (await conn.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            ]
    finally:
        await engine.dispose()
    assert path.is_file()
    assert pragmas == ["wal", 1, 5000, 1]  # synchronous 1 = NORMAL
