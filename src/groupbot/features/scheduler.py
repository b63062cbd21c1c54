"""Run a steppable job's ``run_once`` every so often, surviving its failures."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

__all__ = ["every"]

log = logging.getLogger(__name__)


async def every(interval: float, step: Callable[[], Awaitable[object]], name: str) -> None:
    """Call ``step`` now and then every ``interval`` seconds until cancelled.

    Tests call ``run_once`` directly with a settable clock; only the live bot
    sleeps here.
    """
    while True:
        try:
            await step()
        except Exception:  # a database hiccup must not end the schedule
            log.exception("%s round failed", name)
        await asyncio.sleep(interval)
