"""The bot token never reaches log output."""

from __future__ import annotations

import io
import logging

from groupbot.redaction import redact_in_logs

TOKEN = "123:ABC-secret"


def test_token_in_message_or_arguments_is_redacted() -> None:
    logger = logging.getLogger("test.redaction")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        redact_in_logs([TOKEN, ""], logger)
        redact_in_logs([TOKEN], logger)  # installing twice adds no second filter
        logger.warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        logger.warning("plain line with %d args", 2)
    finally:
        logger.removeHandler(handler)

    lines = stream.getvalue().splitlines()
    assert lines == ["POST https://api.telegram.org/bot<redacted>/getMe", "plain line with 2 args"]
    assert len(handler.filters) == 1
