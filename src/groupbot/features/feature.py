"""What a feature hands bootstrap: its chat commands, its scheduled jobs, its web routes, its workers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from groupbot.core.http import HttpRoute
from groupbot.features.commands.declared import ChatCommand

__all__ = ["Feature", "Job", "Worker"]


@dataclass(frozen=True, slots=True)
class Job:
    """A step run every ``every_seconds`` while the bot runs (tests call ``run_once`` with a settable clock)."""

    name: str
    every_seconds: float
    run_once: Callable[[], Awaitable[object]]


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
