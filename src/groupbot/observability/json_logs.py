"""``log.format = json``: one JSON object per line, with the ids of the message being handled.

Each line has ``time`` (UTC, from the log record), ``level``, ``logger`` and
``message``; while a message is handled also ``message_id`` and ``chat`` (and
``ticket`` once one is opened or merged); ``exception`` holds a traceback.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from groupbot.core.log_context import current

__all__ = ["JsonLogFormatter"]


class JsonLogFormatter(logging.Formatter):
    """Formats each record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON object on one line (non-ASCII kept readable)."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **current(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
