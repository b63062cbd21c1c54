"""Copies of the pictures on ticket reports, taken on arrival (a QQ screenshot's link expires within hours).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``picture_copies`` (a picture's bytes by the SHA-256 of its reference)."""
    op.create_table(
        "picture_copies",
        sa.Column("ref_hash", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("kept_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("ref_hash", name=op.f("pk_picture_copies")),
    )


def downgrade() -> None:
    """Drop ``picture_copies``."""
    op.drop_table("picture_copies")
