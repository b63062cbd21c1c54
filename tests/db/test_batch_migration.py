"""A later SQLite batch migration (copy-and-swap of a table) keeps every row and constraint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from groupbot.core.tickets import TicketEvent
from groupbot.db import create_engine, unit_of_work_factory, upgrade
from groupbot.db.migrate import find_migrations
from tests.db.samples import at, report, ticket

# Alters the parent table, which SQLite can only do by rebuilding it: the case
# where a dropped parent could cascade-delete its children's rows.
LATER_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("sla_hours", sa.Integer(), nullable=True))
        batch.alter_column("title", existing_type=sa.Text(), nullable=True)


def downgrade():
    with op.batch_alter_table("tickets") as batch:
        batch.alter_column("title", existing_type=sa.Text(), nullable=False)
        batch.drop_column("sla_hours")
"""


@pytest.fixture
def later_migrations(tmp_path: Path) -> Path:
    """A copy of the migrations with one more revision on top."""
    copy = tmp_path / "migrations"
    shutil.copytree(find_migrations(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    head = ScriptDirectory(str(copy)).get_current_head()
    (copy / "versions" / "9001_later.py").write_text(LATER_REVISION.replace("{head}", str(head)), encoding="utf-8")
    return copy


async def test_rebuilding_the_tickets_table_keeps_reports_and_foreign_keys(
    tmp_path: Path, later_migrations: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'batch.db'}"
    await upgrade(url, revision="0001")
    engine = create_engine(url)
    try:
        async with unit_of_work_factory(engine)() as uow:
            created = await uow.tickets.create(ticket(reports=(report("m1"), report("m2"))))
            await uow.tickets.add_event(TicketEvent(created.number, "ops", at(5), "assign"))
            await uow.commit()
        await upgrade(engine, migrations=later_migrations)
        async with engine.connect() as conn:
            columns = await conn.run_sync(lambda c: {col["name"] for col in inspect(c).get_columns("tickets")})
            fks = await conn.run_sync(lambda c: inspect(c).get_foreign_keys("ticket_reports"))
            violations = (await conn.execute(text("PRAGMA foreign_key_check"))).all()
            enforced = (await conn.execute(text("PRAGMA foreign_keys"))).scalar()
        async with unit_of_work_factory(engine)() as uow:
            found = await uow.tickets.get(created.number)
            events = await uow.tickets.events(created.number)
    finally:
        await engine.dispose()
    assert "sla_hours" in columns
    assert found == created
    assert len(events) == 1
    assert [fk["referred_table"] for fk in fks] == ["tickets"]
    assert violations == []
    assert enforced == 1
