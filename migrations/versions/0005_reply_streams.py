"""WeCom reply streams and response_urls in the database, shared by every instance.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``reply_streams``."""
    op.create_table(
        "reply_streams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("chat_id", sa.Text(), nullable=False),
        sa.Column("stream_id", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply_streams")),
        sa.UniqueConstraint("message_id", name=op.f("uq_reply_streams_message_id")),
        sa.UniqueConstraint("stream_id", name=op.f("uq_reply_streams_stream_id")),
    )
    op.create_index(op.f("ix_reply_streams_expires_at"), "reply_streams", ["expires_at"])
    op.create_index("ix_reply_streams_chat", "reply_streams", ["chat_id", "id"])


def downgrade() -> None:
    """Drop ``reply_streams``."""
    op.drop_index("ix_reply_streams_chat", table_name="reply_streams")
    op.drop_index(op.f("ix_reply_streams_expires_at"), table_name="reply_streams")
    op.drop_table("reply_streams")
