"""Keeping secrets out of log output.

The Telegram token is part of every Bot API URL, which httpx (INFO) and PTB
(DEBUG) log; webhook secrets and database passwords can surface in error
messages. The CLI installs one filter on the log handlers for every secret in
the settings; it rewrites any record that contains one. Adapters never touch
the root logger.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

__all__ = ["SecretRedactor", "redact_in_logs"]

REDACTED = "<redacted>"


class SecretRedactor(logging.Filter):
    """Replaces each secret in a record's final message with ``<redacted>``."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` if it mentions a secret; never drops it."""
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, REDACTED)
            record.msg, record.args = message, None
        return True


def redact_in_logs(secrets: Iterable[str], logger: logging.Logger | None = None) -> SecretRedactor:
    """Install a :class:`SecretRedactor` on every handler of ``logger`` (the root logger by default)."""
    redactor = SecretRedactor(secrets)
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, SecretRedactor) and f.secrets == redactor.secrets for f in handler.filters):
            handler.addFilter(redactor)
    return redactor
