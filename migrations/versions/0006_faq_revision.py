"""The FAQ working copy's revision, so every instance learns that another one changed the FAQ.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``faq_revision`` (empty: the first instance to start with it publishes its files)."""
    op.create_table(
        "faq_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_faq_revision_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_revision")),
    )


def downgrade() -> None:
    """Drop ``faq_revision``."""
    op.drop_table("faq_revision")
