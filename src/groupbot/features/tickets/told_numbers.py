"""Which ticket number each asker was told, for reports that reached a ticket through ``/dup``.

``/dup 2 1`` moves ticket #2's reports onto #1, so #1's answer reaches #2's
askers; they were told "ticket #2", though, and an "update on ticket #1"
reads like somebody else's. The reports keep no number of their own: the
original is found from #1's ``merged`` events (``data["from"]``) and the
duplicate's own reports, recursively, since #2 may itself have absorbed #3
before it was merged.
"""

from __future__ import annotations

from groupbot.core.ports import UnitOfWork
from groupbot.core.tickets import Ticket

__all__ = ["ReportKey", "numbers_told"]

ReportKey = tuple[str, str]
"""A report by its chat key and message id."""

# A merge chain deeper than this is not worth the queries (each level is one ticket read).
MAX_DEPTH = 8


async def numbers_told(uow: UnitOfWork, ticket: Ticket) -> dict[ReportKey, int]:
    """The number each merged-in report of ``ticket`` was told, keyed by report; reports told ``ticket``'s own
    number are left out."""
    told: dict[ReportKey, int] = {}
    await _collect(uow, ticket.number, told, {ticket.number}, MAX_DEPTH)
    return told


async def _collect(uow: UnitOfWork, number: int, told: dict[ReportKey, int], seen: set[int], depth: int) -> None:
    if depth == 0:
        return
    for event in await uow.tickets.events(number):
        source = event.data.get("from", "") if event.kind == "merged" else ""
        if not source.isdigit() or int(source) in seen:
            continue
        seen.add(int(source))
        duplicate = await uow.tickets.get(int(source))
        if duplicate is None:
            continue
        for report in duplicate.reports:
            told.setdefault((report.chat.key, report.message_id), duplicate.number)
        # Reports the duplicate had absorbed earlier were told their own, older number: theirs wins.
        deeper: dict[ReportKey, int] = {}
        await _collect(uow, duplicate.number, deeper, seen, depth - 1)
        told.update(deeper)
