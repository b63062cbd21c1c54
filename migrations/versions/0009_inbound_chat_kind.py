"""Whether each logged message came from a group or a direct chat, so the console can tell them apart.

The console listed every chat it had only seen messages from as a group. Messages logged
before this revision take the kind the chat's ticket reports recorded, else its saved
settings', else "group" (what the console assumed of them until now).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CODE = sa.String(length=32)
ASSUMED = "group"
"""The kind of a logged chat that nothing else tells: what the console showed it as before."""


def upgrade() -> None:
    """Add ``inbound_messages.chat_kind``, fill it for the rows already there, then require it."""
    with op.batch_alter_table("inbound_messages") as batch:
        batch.add_column(sa.Column("chat_kind", CODE, nullable=True))
    _fill()
    with op.batch_alter_table("inbound_messages") as batch:
        batch.alter_column("chat_kind", existing_type=CODE, nullable=False)


def downgrade() -> None:
    """Drop ``inbound_messages.chat_kind``."""
    with op.batch_alter_table("inbound_messages") as batch:
        batch.drop_column("chat_kind")


def _fill() -> None:
    """Each logged chat's kind: from its ticket reports, else from its saved settings, else ``ASSUMED``."""
    bind = op.get_bind()
    messages = sa.table("inbound_messages", sa.column("platform", sa.Text()), sa.column("chat_id", sa.Text()),
                        sa.column("chat_kind", sa.Text()))
    reports = sa.table("ticket_reports", sa.column("platform", sa.Text()), sa.column("chat_id", sa.Text()),
                       sa.column("chat_kind", sa.Text()))
    chats = sa.table("chats", sa.column("platform", sa.Text()), sa.column("chat_id", sa.Text()),
                     sa.column("kind", sa.Text()))
    for source, kind in ((reports, reports.c.chat_kind), (chats, chats.c.kind)):
        same_chat = sa.and_(source.c.platform == messages.c.platform, source.c.chat_id == messages.c.chat_id)
        known = sa.select(sa.func.min(kind)).where(same_chat).scalar_subquery()
        bind.execute(sa.update(messages).where(messages.c.chat_kind.is_(None)).values(chat_kind=known))
    bind.execute(sa.update(messages).where(messages.c.chat_kind.is_(None)).values(chat_kind=ASSUMED))
