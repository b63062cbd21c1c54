"""Initial schema: FAQ copy, message log, chats, tickets with reports and events, audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Migrations use plain SQLAlchemy types (Text for groupbot's CleanText,
DateTime(timezone=True) for UtcDateTime) so they never change when the
Python-side types do.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sa.Text()
CODE = sa.String(length=32)
TIME = sa.DateTime(timezone=True)
_CHILDREN_FIRST = (
    "audit_events",
    "ticket_events",
    "ticket_reports",
    "tickets",
    "chats",
    "inbound_messages",
    "faq_entries",
)


def upgrade() -> None:
    """Create every table."""
    _faq_entries()
    _inbound_messages()
    _chats()
    _tickets()
    _ticket_children()
    _audit_events()


def downgrade() -> None:
    """Drop every table, children first."""
    for table in _CHILDREN_FIRST:
        op.drop_table(table)


def _faq_entries() -> None:
    op.create_table(
        "faq_entries",
        sa.Column("id", TEXT, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", TEXT, nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("answer", TEXT, nullable=False),
        sa.Column("category", TEXT, nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("product", TEXT, nullable=True),
        sa.Column("version", TEXT, nullable=True),
        sa.Column("locale", TEXT, nullable=True),
        sa.Column("source", TEXT, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_entries")),
    )


def _inbound_messages() -> None:
    op.create_table(
        "inbound_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", TEXT, nullable=False),
        sa.Column("chat_id", TEXT, nullable=False),
        sa.Column("message_id", TEXT, nullable=False),
        sa.Column("sender_id", TEXT, nullable=False),
        sa.Column("sender_name", TEXT, nullable=False),
        sa.Column("text", TEXT, nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("outcome", CODE, nullable=True),
        sa.Column("entry_id", TEXT, nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_messages")),
        sa.UniqueConstraint(
            "platform", "chat_id", "message_id", name=op.f("uq_inbound_messages_platform_chat_id_message_id")
        ),
    )
    op.create_index(op.f("ix_inbound_messages_received_at"), "inbound_messages", ["received_at"])


def _chats() -> None:
    op.create_table(
        "chats",
        sa.Column("platform", TEXT, nullable=False),
        sa.Column("chat_id", TEXT, nullable=False),
        sa.Column("title", TEXT, nullable=False),
        sa.Column("kind", CODE, nullable=False),
        sa.Column("mode", CODE, nullable=False),
        sa.Column("locale", TEXT, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("platform", "chat_id", name=op.f("pk_chats")),
    )


def _tickets() -> None:
    op.create_table(
        "tickets",
        sa.Column("number", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", TEXT, nullable=False),
        sa.Column("category", CODE, nullable=False),
        sa.Column("severity", CODE, nullable=False),
        sa.Column("status", CODE, nullable=False),
        sa.Column("team", CODE, nullable=False),
        sa.Column("assignee", TEXT, nullable=True),
        sa.Column("product", TEXT, nullable=True),
        sa.Column("version", TEXT, nullable=True),
        sa.Column("locale", TEXT, nullable=True),
        sa.Column("first_reporter", TEXT, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("first_response_at", TIME, nullable=True),
        sa.Column("resolved_at", TIME, nullable=True),
        sa.Column("resolution", TEXT, nullable=True),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["duplicate_of"], ["tickets.number"], name=op.f("fk_tickets_duplicate_of_tickets")),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_tickets")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_tickets_created_at"), "tickets", ["created_at"])
    op.create_index(op.f("ix_tickets_status"), "tickets", ["status"])


def _ticket_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["ticket_number"], ["tickets.number"], name=op.f(f"fk_{table}_ticket_number_tickets"), ondelete="CASCADE"
    )


def _ticket_children() -> None:
    op.create_table(
        "ticket_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_number", sa.Integer(), nullable=False),
        sa.Column("platform", TEXT, nullable=False),
        sa.Column("chat_id", TEXT, nullable=False),
        sa.Column("chat_kind", CODE, nullable=False),
        sa.Column("chat_title", TEXT, nullable=False),
        sa.Column("sender_id", TEXT, nullable=False),
        sa.Column("sender_name", TEXT, nullable=False),
        sa.Column("sender_role", CODE, nullable=False),
        sa.Column("sender_is_chat_admin", sa.Boolean(), nullable=False),
        sa.Column("message_id", TEXT, nullable=False),
        sa.Column("text", TEXT, nullable=False),
        sa.Column("reported_at", TIME, nullable=False),
        _ticket_fk("ticket_reports"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_reports")),
    )
    op.create_index(op.f("ix_ticket_reports_ticket_number"), "ticket_reports", ["ticket_number"])
    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_number", sa.Integer(), nullable=False),
        sa.Column("actor", TEXT, nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("kind", CODE, nullable=False),
        sa.Column("note", TEXT, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        _ticket_fk("ticket_events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_events")),
    )
    op.create_index(op.f("ix_ticket_events_ticket_number"), "ticket_events", ["ticket_number"])


def _audit_events() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("platform", TEXT, nullable=False),
        sa.Column("chat_id", TEXT, nullable=False),
        sa.Column("actor", TEXT, nullable=False),
        sa.Column("action", TEXT, nullable=False),
        sa.Column("outcome", CODE, nullable=False),
        sa.Column("detail", TEXT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"])
