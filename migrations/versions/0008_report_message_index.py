"""An index to find the ticket a logged message became (the console's chat around a report).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Index ``ticket_reports`` by message: (platform, chat_id, message_id)."""
    op.create_index("ix_ticket_reports_message", "ticket_reports", ["platform", "chat_id", "message_id"])


def downgrade() -> None:
    """Drop the message index."""
    op.drop_index("ix_ticket_reports_message", table_name="ticket_reports")
