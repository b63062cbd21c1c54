"""Escalation: outbox, SLA breaches and reminders, digest runs, on-duty rota, follow-ups.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sa.Text()
CODE = sa.String(length=32)
TIME = sa.DateTime(timezone=True)
_TABLES = ("follow_ups", "on_duty", "digest_runs", "sla_reminders", "sla_breaches", "outbox")


def upgrade() -> None:
    """Create the escalation tables."""
    _outbox()
    _sla()
    _digest_runs()
    _on_duty()
    _follow_ups()


def downgrade() -> None:
    """Drop the escalation tables."""
    for table in _TABLES:
        op.drop_table(table)


def _ticket_fk(table: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["ticket_number"], ["tickets.number"], name=op.f(f"fk_{table}_ticket_number_tickets"), ondelete=ondelete
    )


def _outbox() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.String(length=64), nullable=False),
        sa.Column("kind", CODE, nullable=False),
        sa.Column("destination", TEXT, nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("attachment", sa.LargeBinary(), nullable=True),
        sa.Column("ticket_number", sa.Integer(), nullable=True),
        sa.Column("status", CODE, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIME, nullable=False),
        sa.Column("claimed_until", TIME, nullable=True),
        sa.Column("claim_token", sa.String(length=64), nullable=True),
        sa.Column("last_error", TEXT, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("delivered_at", TIME, nullable=True),
        _ticket_fk("outbox", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("delivery_id", name=op.f("uq_outbox_delivery_id")),
    )
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])


def _sla() -> None:
    op.create_table(
        "sla_breaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_number", sa.Integer(), nullable=False),
        sa.Column("kind", CODE, nullable=False),
        sa.Column("severity", CODE, nullable=False),
        sa.Column("due_at", TIME, nullable=False),
        sa.Column("recorded_at", TIME, nullable=False),
        _ticket_fk("sla_breaches"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_breaches")),
        sa.UniqueConstraint("ticket_number", "kind", name=op.f("uq_sla_breaches_ticket_number_kind")),
    )
    op.create_index(op.f("ix_sla_breaches_due_at"), "sla_breaches", ["due_at"])
    op.create_table(
        "sla_reminders",
        sa.Column("ticket_number", sa.Integer(), nullable=False),
        sa.Column("kind", CODE, nullable=False),
        sa.Column("state", CODE, nullable=False),
        sa.Column("reminded_at", TIME, nullable=False),
        _ticket_fk("sla_reminders"),
        sa.PrimaryKeyConstraint("ticket_number", "kind", "state", name=op.f("pk_sla_reminders")),
    )


def _digest_runs() -> None:
    op.create_table(
        "digest_runs",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("instance", TEXT, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("week", name=op.f("pk_digest_runs")),
    )


def _on_duty() -> None:
    op.create_table(
        "on_duty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person", TEXT, nullable=False),
        sa.Column("name", TEXT, nullable=False),
        sa.Column("starts_at", TIME, nullable=False),
        sa.Column("ends_at", TIME, nullable=False),
        sa.Column("set_by", TEXT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_on_duty")),
    )
    op.create_index(op.f("ix_on_duty_ends_at"), "on_duty", ["ends_at"])


def _follow_ups() -> None:
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_number", sa.Integer(), nullable=False),
        sa.Column("platform", TEXT, nullable=False),
        sa.Column("chat_id", TEXT, nullable=False),
        sa.Column("askers", sa.JSON(), nullable=False),
        sa.Column("due_at", TIME, nullable=False),
        sa.Column("asked_at", TIME, nullable=True),
        sa.Column("answer", CODE, nullable=True),
        sa.Column("answered_by", TEXT, nullable=True),
        sa.Column("answered_at", TIME, nullable=True),
        _ticket_fk("follow_ups"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
        sa.UniqueConstraint(
            "ticket_number", "platform", "chat_id", name=op.f("uq_follow_ups_ticket_number_platform_chat_id")
        ),
    )
    op.create_index(op.f("ix_follow_ups_due_at"), "follow_ups", ["due_at"])
