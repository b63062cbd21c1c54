"""Malformed HTTP requests (a port scanner, a TLS hello on the plain port) as one warning line, not a traceback.

aiohttp answers them 400 and logs ``Error handling request`` at ERROR with the
parser's traceback: on the console chat's terminal that reads like the bot broke.
The request was the peer's fault and nothing was lost, so the line says what was
wrong, at WARNING.
"""

from __future__ import annotations

import logging

from aiohttp.http_exceptions import HttpProcessingError

__all__ = ["quiet_malformed_requests"]

_SERVER_LOG = "aiohttp.server"


class _MalformedRequest(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            reason = " ".join(str(error.message or error).split())[:200]
            record.msg, record.args = "%s: malformed request (%s), answered %d", (record.getMessage(), reason,
                                                                                   error.code)
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
            record.exc_info = record.exc_text = None
        return True


def quiet_malformed_requests() -> None:
    """Install the filter on aiohttp's server log (once, however often the app is built)."""
    server_log = logging.getLogger(_SERVER_LOG)
    if not any(isinstance(f, _MalformedRequest) for f in server_log.filters):
        server_log.addFilter(_MalformedRequest())
