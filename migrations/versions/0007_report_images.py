"""Links to the pictures that came with a ticket report (a QQ screenshot of the error).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``ticket_reports.images`` (a JSON list; existing reports have none)."""
    with op.batch_alter_table("ticket_reports") as batch:
        batch.add_column(sa.Column("images", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    """Drop ``ticket_reports.images``."""
    with op.batch_alter_table("ticket_reports") as batch:
        batch.drop_column("images")
