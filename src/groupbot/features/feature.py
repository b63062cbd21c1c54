"""What a feature hands bootstrap: its chat commands, its scheduled jobs, its web routes, its workers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from groupbot.core.http import HttpRoute
from groupbot.features.commands.declared import ChatCommand

__all__ = ["Feature", "Job", "Worker"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    """A step run every ``every_seconds`` while the bot runs (tests call ``run_once`` with a settable clock)."""

    name: str
    every_seconds: float
    run_once: Callable[[], Awaitable[object]]

    async def forever(self) -> None:
        """Run a round now and then every ``every_seconds`` until cancelled, surviving failed rounds.

        Only the live bot sleeps here; tests call ``run_once`` with a settable clock.
        """
        while True:
            try:
                await self.run_once()
            except Exception:  # a database hiccup must not end the schedule
                log.exception("%s round failed", self.name)
            await asyncio.sleep(self.every_seconds)


@dataclass(frozen=True, slots=True)
class Worker:
    """A loop that runs until cancelled and paces itself (the outbox sender wakes on demand)."""

    name: str
    run: Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Feature:
    """One thing a user can do, as bootstrap collects it."""

    name: str
    commands: tuple[ChatCommand, ...] = ()
    jobs: tuple[Job, ...] = ()
    routes: tuple[HttpRoute, ...] = ()
    workers: tuple[Worker, ...] = ()
