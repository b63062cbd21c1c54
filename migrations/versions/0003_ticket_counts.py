"""Running report counts and recent texts on tickets; indexes for the per-message ticket queries.

A new report used to load every report of the ticket it joined, and repeat
search grouped every report of the 200 newest open tickets; both grew with a
busy ticket. The counts and the latest distinct texts now live on the ticket's
row and are kept up to date report by report (see ``SqlTicketStore.add_report``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECENT_TEXTS = 50
"""As ``groupbot.core.repeats.RECENT_TEXTS`` when this migration was written; a migration never follows the code."""
_COUNTS = ("report_count", "asker_count", "group_count")


def upgrade() -> None:
    """Add the columns, fill them from the reports, and add the indexes."""
    with op.batch_alter_table("tickets") as batch:
        for name in _COUNTS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("recent_texts", sa.JSON(), nullable=True))
    _fill()
    with op.batch_alter_table("tickets") as batch:
        batch.alter_column("recent_texts", existing_type=sa.JSON(), nullable=False)
        batch.drop_index("ix_tickets_status")
        batch.create_index("ix_tickets_status_created_at", ["status", "created_at", "number"])
    with op.batch_alter_table("ticket_reports") as batch:
        batch.create_index("ix_ticket_reports_asker", ["ticket_number", "platform", "sender_id"])
        batch.create_index("ix_ticket_reports_chat", ["ticket_number", "platform", "chat_id"])


def downgrade() -> None:
    """Drop the indexes and columns again."""
    with op.batch_alter_table("ticket_reports") as batch:
        batch.drop_index("ix_ticket_reports_chat")
        batch.drop_index("ix_ticket_reports_asker")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_status_created_at")
        batch.create_index("ix_tickets_status", ["status"])
        batch.drop_column("recent_texts")
        for name in reversed(_COUNTS):
            batch.drop_column(name)


def _fill() -> None:
    """Counts and latest distinct texts (newest first) of every existing ticket, from its reports."""
    bind = op.get_bind()
    reports = sa.table(
        "ticket_reports",
        sa.column("id", sa.Integer()),
        sa.column("ticket_number", sa.Integer()),
        sa.column("platform", sa.Text()),
        sa.column("chat_id", sa.Text()),
        sa.column("sender_id", sa.Text()),
        sa.column("text", sa.Text()),
    )
    tickets = sa.table(
        "tickets",
        sa.column("number", sa.Integer()),
        *(sa.column(name, sa.Integer()) for name in _COUNTS),
        sa.column("recent_texts", sa.JSON()),
    )
    counts: dict[int, int] = {}
    askers: dict[int, set[tuple[str, str]]] = {}
    groups: dict[int, set[tuple[str, str]]] = {}
    texts: dict[int, list[str]] = {}
    for row in bind.execute(sa.select(reports).order_by(reports.c.ticket_number, reports.c.id.desc())):
        number = row.ticket_number
        counts[number] = counts.get(number, 0) + 1
        askers.setdefault(number, set()).add((row.platform, row.sender_id))
        groups.setdefault(number, set()).add((row.platform, row.chat_id))
        recent = texts.setdefault(number, [])
        if len(recent) < RECENT_TEXTS and row.text not in recent:
            recent.append(row.text)  # rows come newest first within a ticket
    for number, reported in counts.items():
        values = {
            "report_count": reported,
            "asker_count": len(askers[number]),
            "group_count": len(groups[number]),
            "recent_texts": texts[number],
        }
        bind.execute(sa.update(tickets).where(tickets.c.number == number).values(**values))
    bind.execute(sa.update(tickets).where(tickets.c.recent_texts.is_(None)).values(recent_texts=[]))
