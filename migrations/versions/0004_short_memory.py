"""Short memory: offers, cool-downs and pending feedback in the database, shared by every instance.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``short_memory``."""
    op.create_table(
        "short_memory",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_short_memory")),
    )
    op.create_index(op.f("ix_short_memory_expires_at"), "short_memory", ["expires_at"])


def downgrade() -> None:
    """Drop ``short_memory``."""
    op.drop_index(op.f("ix_short_memory_expires_at"), table_name="short_memory")
    op.drop_table("short_memory")
