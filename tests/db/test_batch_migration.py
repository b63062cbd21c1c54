"""A later SQLite batch migration (copy-and-swap of a table) keeps every row and constraint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from groupbot.core.repeats import RepeatCandidate
from groupbot.core.tickets import ReportSummary
from groupbot.db import create_engine, unit_of_work_factory, upgrade
from groupbot.db.migrate import find_migrations

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


async def _old_rows(url: str) -> None:
    """A ticket with two reports from two askers and an event, as revision 0002's tables hold them."""
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO tickets (number, title, category, severity, status, team, first_reporter,"
                    " created_at, updated_at) VALUES (1, 'export fails', 'failure', 'high', 'open', 'rd',"
                    " 'telegram:42', '2026-03-01 09:30:15.000000', '2026-03-01 09:30:15.000000')"
                )
            )
            for n, (sender, words) in enumerate([("42", "export broken"), ("43", "export broken"), ("43", "no csv")]):
                await conn.execute(
                    text(
                        "INSERT INTO ticket_reports (ticket_number, platform, chat_id, chat_kind, chat_title,"
                        " sender_id, sender_name, sender_role, sender_is_chat_admin, message_id, text, reported_at)"
                        " VALUES (1, 'telegram', '-100123', 'group', 'Acme', :sender, 'n', 'customer', 0, :mid,"
                        " :words, '2026-03-01 09:30:15.000000')"
                    ),
                    {"sender": sender, "mid": f"m{n}", "words": words},
                )
            await conn.execute(
                text(
                    "INSERT INTO ticket_events (ticket_number, actor, at, kind, note, data)"
                    " VALUES (1, 'ops', '2026-03-01 09:35:15.000000', 'assign', '', '{}')"
                )
            )
    finally:
        await engine.dispose()


async def test_rebuilding_the_tickets_table_keeps_reports_and_foreign_keys(
    tmp_path: Path, later_migrations: Path
) -> None:
    # 0003 rebuilds the tickets table itself (new columns filled from the reports); 9001 once more.
    url = f"sqlite+aiosqlite:///{tmp_path / 'batch.db'}"
    await upgrade(url, revision="0002")
    await _old_rows(url)
    engine = create_engine(url)
    try:
        await upgrade(engine, migrations=later_migrations)
        async with engine.connect() as conn:
            columns = await conn.run_sync(lambda c: {col["name"] for col in inspect(c).get_columns("tickets")})
            fks = await conn.run_sync(lambda c: inspect(c).get_foreign_keys("ticket_reports"))
            violations = (await conn.execute(text("PRAGMA foreign_key_check"))).all()
            enforced = (await conn.execute(text("PRAGMA foreign_keys"))).scalar()
        async with unit_of_work_factory(engine)() as uow:
            found = await uow.tickets.get(1)
            events = await uow.tickets.events(1)
            candidates = await uow.tickets.merge_candidates(5, 5)
    finally:
        await engine.dispose()
    assert found is not None
    assert [r.message_id for r in found.reports] == ["m0", "m1", "m2"]
    assert found.summary == ReportSummary(reports=3, askers=2, groups=1)
    assert candidates == [RepeatCandidate(1, ("export fails", "no csv", "export broken"))]
    assert "sla_hours" in columns
    assert len(events) == 1
    assert [fk["referred_table"] for fk in fks] == ["tickets"]
    assert violations == []
    assert enforced == 1
