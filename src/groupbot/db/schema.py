"""The tables. Alembic migrations in ``migrations/`` create exactly these.

Plain SQLAlchemy Core tables: the repositories map rows to the core
dataclasses themselves, so there is no ORM state to keep in step.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from groupbot.db.types import CleanText, UtcDateTime

__all__ = [
    "audit_events",
    "chats",
    "digest_runs",
    "faq_entries",
    "faq_revision",
    "follow_ups",
    "inbound_messages",
    "metadata",
    "on_duty",
    "outbox",
    "picture_copies",
    "reply_streams",
    "short_memory",
    "sla_breaches",
    "sla_reminders",
    "ticket_events",
    "ticket_reports",
    "tickets",
]

# Named constraints let SQLite batch migrations find and recreate them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# Short values our own code chooses (enum values, outcomes, event kinds).
Code = String(32)

faq_entries = Table(
    "faq_entries",
    metadata,
    Column("id", CleanText, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("question", CleanText, nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("answer", CleanText, nullable=False),
    Column("category", CleanText, nullable=False),
    Column("tags", JSON, nullable=False),
    Column("product", CleanText),
    Column("version", CleanText),
    Column("locale", CleanText),
    Column("source", CleanText, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# The working copy's revision, one row: every change to faq_entries bumps it in the same
# transaction, and each instance polls it to learn that another one changed the FAQ.
faq_revision = Table(
    "faq_revision",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("number", Integer, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    CheckConstraint("id = 1", name="single_row"),
)

inbound_messages = Table(
    "inbound_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", CleanText, nullable=False),
    Column("chat_id", CleanText, nullable=False),
    Column("chat_kind", Code, nullable=False),
    Column("message_id", CleanText, nullable=False),
    Column("sender_id", CleanText, nullable=False),
    Column("sender_name", CleanText, nullable=False),
    Column("text", CleanText, nullable=False),
    Column("received_at", UtcDateTime, nullable=False, index=True),
    Column("outcome", Code),
    Column("entry_id", CleanText),
    Column("score", Float),
    UniqueConstraint("platform", "chat_id", "message_id"),
)

chats = Table(
    "chats",
    metadata,
    Column("platform", CleanText, primary_key=True),
    Column("chat_id", CleanText, primary_key=True),
    Column("title", CleanText, nullable=False),
    Column("kind", Code, nullable=False),
    Column("mode", Code, nullable=False),
    Column("locale", CleanText),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# Copies of the pictures on ticket reports, taken when they arrive: a QQ link expires within
# hours, and the console shows the copy after. Keyed by the SHA-256 of the reference (a link,
# or a platform's id) the report keeps.
picture_copies = Table(
    "picture_copies",
    metadata,
    Column("ref_hash", String(64), primary_key=True),
    Column("content_type", String(32), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("kept_at", UtcDateTime, nullable=False),
)

# What the bot remembers for minutes (did-you-mean offers, cool-downs, pending
# feedback), shared by every instance on the database; expired rows are purged.
short_memory = Table(
    "short_memory",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
)

# Each WeCom message's passive reply stream and one-shot response_url, shared by every
# instance: WeCom's polls and retries, and later replies, may reach any of them.
reply_streams = Table(
    "reply_streams",
    metadata,
    Column("id", Integer, primary_key=True),  # the order of opening: "the newest in a chat"
    Column("message_id", String(255), nullable=False, unique=True),
    Column("chat_id", CleanText, nullable=False),
    Column("stream_id", String(64), nullable=False, unique=True),
    Column("content", CleanText),
    Column("done", Boolean, nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("address", CleanText),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
    Index("ix_reply_streams_chat", "chat_id", "id"),
)

# ``number`` is the key itself so the database hands out numbers atomically;
# AUTOINCREMENT keeps SQLite from ever reusing one.
tickets = Table(
    "tickets",
    metadata,
    Column("number", Integer, primary_key=True, autoincrement=True),
    Column("title", CleanText, nullable=False),
    Column("category", Code, nullable=False),
    Column("severity", Code, nullable=False),
    Column("status", Code, nullable=False),
    Column("team", Code, nullable=False),
    Column("assignee", CleanText),
    Column("product", CleanText),
    Column("version", CleanText),
    Column("locale", CleanText),
    Column("first_reporter", CleanText, nullable=False),
    Column("created_at", UtcDateTime, nullable=False, index=True),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("first_response_at", UtcDateTime),
    Column("resolved_at", UtcDateTime),
    Column("resolution", CleanText),
    Column("duplicate_of", Integer, ForeignKey("tickets.number")),
    # Kept up to date as reports arrive, so a new report costs the same on a ticket with 10 or 10,000.
    Column("report_count", Integer, nullable=False, server_default="0"),
    Column("asker_count", Integer, nullable=False, server_default="0"),
    Column("group_count", Integer, nullable=False, server_default="0"),
    Column("recent_texts", JSON, nullable=False),
    # The newest open tickets are read per status, newest first, for every unanswered question.
    Index("ix_tickets_status_created_at", "status", "created_at", "number"),
    sqlite_autoincrement=True,
)

ticket_reports = Table(
    "ticket_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ticket_number", Integer, ForeignKey("tickets.number", ondelete="CASCADE"), nullable=False, index=True),
    Column("platform", CleanText, nullable=False),
    Column("chat_id", CleanText, nullable=False),
    Column("chat_kind", Code, nullable=False),
    Column("chat_title", CleanText, nullable=False),
    Column("sender_id", CleanText, nullable=False),
    Column("sender_name", CleanText, nullable=False),
    Column("sender_role", Code, nullable=False),
    Column("sender_is_chat_admin", Boolean, nullable=False),
    Column("message_id", CleanText, nullable=False),
    Column("text", CleanText, nullable=False),
    Column("reported_at", UtcDateTime, nullable=False),
    Column("images", JSON, nullable=False, server_default="[]"),
    # "Is this asker (this chat) new to the ticket?" without reading the ticket's other reports.
    Index("ix_ticket_reports_asker", "ticket_number", "platform", "sender_id"),
    Index("ix_ticket_reports_chat", "ticket_number", "platform", "chat_id"),
    # "Which ticket did this message become?" for the console's chat around a report.
    Index("ix_ticket_reports_message", "platform", "chat_id", "message_id"),
)

ticket_events = Table(
    "ticket_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ticket_number", Integer, ForeignKey("tickets.number", ondelete="CASCADE"), nullable=False, index=True),
    Column("actor", CleanText, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("kind", Code, nullable=False),
    Column("note", CleanText, nullable=False),
    Column("data", JSON, nullable=False),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("platform", CleanText, nullable=False),
    Column("chat_id", CleanText, nullable=False),
    Column("actor", CleanText, nullable=False),
    Column("action", CleanText, nullable=False),
    Column("outcome", Code, nullable=False),
    Column("detail", CleanText, nullable=False),
)

# The transactional outbox: written with the change that caused the message,
# delivered later. ``claimed_until`` lets several senders share the table.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("delivery_id", String(64), nullable=False, unique=True),
    Column("kind", Code, nullable=False),
    Column("destination", CleanText, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("attachment", LargeBinary),
    Column("ticket_number", Integer, ForeignKey("tickets.number", ondelete="SET NULL")),
    Column("status", Code, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("claimed_until", UtcDateTime),
    Column("claim_token", String(64)),
    Column("last_error", CleanText, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("delivered_at", UtcDateTime),
    Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
)

sla_breaches = Table(
    "sla_breaches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ticket_number", Integer, ForeignKey("tickets.number", ondelete="CASCADE"), nullable=False),
    Column("kind", Code, nullable=False),
    Column("severity", Code, nullable=False),
    Column("due_at", UtcDateTime, nullable=False, index=True),
    Column("recorded_at", UtcDateTime, nullable=False),
    UniqueConstraint("ticket_number", "kind"),
)

# One row per (ticket, target, state) remembers when we last nagged about it.
sla_reminders = Table(
    "sla_reminders",
    metadata,
    Column("ticket_number", Integer, ForeignKey("tickets.number", ondelete="CASCADE"), primary_key=True),
    Column("kind", Code, primary_key=True),
    Column("state", Code, primary_key=True),
    Column("reminded_at", UtcDateTime, nullable=False),
)

# The unique week is the once-per-week lease: the instance whose insert commits
# (together with the digest's outbox messages) is the one that posted it.
digest_runs = Table(
    "digest_runs",
    metadata,
    Column("week", String(8), primary_key=True),
    Column("instance", CleanText, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

on_duty = Table(
    "on_duty",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person", CleanText, nullable=False),
    Column("name", CleanText, nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False, index=True),
    Column("set_by", CleanText, nullable=False),
)

follow_ups = Table(
    "follow_ups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ticket_number", Integer, ForeignKey("tickets.number", ondelete="CASCADE"), nullable=False),
    Column("platform", CleanText, nullable=False),
    Column("chat_id", CleanText, nullable=False),
    Column("askers", JSON, nullable=False),
    Column("due_at", UtcDateTime, nullable=False, index=True),
    Column("asked_at", UtcDateTime),
    Column("answer", Code),
    Column("answered_by", CleanText),
    Column("answered_at", UtcDateTime),
    UniqueConstraint("ticket_number", "platform", "chat_id"),
)
