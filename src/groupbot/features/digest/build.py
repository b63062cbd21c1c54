"""The weekly digest assembled: built from the database, posted once a week by one instance."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

from groupbot.core.ports import Clock, UnitOfWorkFactory
from groupbot.core.routing import Destination, DestinationKind
from groupbot.features.digest.job import DigestJob, DigestPublication, DigestSchedule, would_answer
from groupbot.features.feature import Feature, Job
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.settings import DigestSettings

__all__ = ["build"]

EVERY_MINUTE = 60.0


def build(
    settings: DigestSettings,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    catalog: FaqCatalog,
    ops_chat: str | None,
    wake_outbox: Callable[[], None],
) -> Feature:
    """The digest job (none when the digest is switched off)."""
    if not settings.enabled:
        return Feature("digest")
    ops = [Destination(DestinationKind.CHAT, ops_chat)] if ops_chat else []
    publication = DigestPublication([*ops, *map(Destination.parse, settings.destinations)], settings.locale,
                                    settings.chart)
    schedule = DigestSchedule(settings.weekday, settings.at, settings.timezone)
    instance = f"{socket.gethostname()}:{os.getpid()}"
    job = DigestJob(uow_factory, clock, schedule, publication, would_answer(catalog), instance, wake_outbox)
    return Feature("digest", jobs=(Job("digest", EVERY_MINUTE, job.run_once),))
