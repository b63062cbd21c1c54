"""Which ticket number each asker was told, for reports that reached a ticket through ``/dup`` or ``/split``.

``/dup 2 1`` moves ticket #2's reports onto #1, so #1's answer reaches #2's
askers; they were told "ticket #2", though, and an "update on ticket #1"
reads like somebody else's. The reports keep no number of their own: the
original is found from #1's ``merged`` events (``data["from"]``) and the
duplicate's own reports, recursively, since #2 may itself have absorbed #3
before it was merged.

``/split 1 2`` moves report 2 of #1 onto a new ticket, #3, without telling
its asker: they still know "#1" (or whatever #1 told them). The ``split``
event on #3 records that number (``data["told"]``) with the report's chat and
message id, so they hear "#1 (now #3)".
"""

from __future__ import annotations

from dataclasses import dataclass

from groupbot.core.ports import UnitOfWork
from groupbot.core.tickets import Ticket, TicketEvent

__all__ = ["ReportKey", "Told", "numbers_told"]

ReportKey = tuple[str, str]
"""A report by its chat key and message id."""

# A merge chain deeper than this is not worth the queries (each level is one ticket read).
MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Told:
    """The number a report's asker was told, and whether a split (else a merge) took the report from it."""

    number: int
    split: bool = False


async def numbers_told(uow: UnitOfWork, ticket: Ticket) -> dict[ReportKey, Told]:
    """The number each merged-in or split-off report of ``ticket`` was told, keyed by report; reports told
    ``ticket``'s own number are left out."""
    told: dict[ReportKey, Told] = {}
    await _collect(uow, ticket.number, told, {ticket.number}, MAX_DEPTH)
    return {key: known for key, known in told.items() if known.number != ticket.number}


async def _collect(uow: UnitOfWork, number: int, told: dict[ReportKey, Told], seen: set[int], depth: int) -> None:
    if depth == 0:
        return
    for event in await uow.tickets.events(number):
        if _split_off(event):
            told[(event.data["chat"], event.data["message"])] = Told(int(event.data["told"]), split=True)
        source = event.data.get("from", "") if event.kind == "merged" else ""
        if not source.isdigit() or int(source) in seen:
            continue
        seen.add(int(source))
        duplicate = await uow.tickets.get(int(source))
        if duplicate is None:
            continue
        for report in duplicate.reports:
            told.setdefault((report.chat.key, report.message_id), Told(duplicate.number))
        # Reports the duplicate had absorbed earlier were told their own, older number: theirs wins.
        deeper: dict[ReportKey, Told] = {}
        await _collect(uow, duplicate.number, deeper, seen, depth - 1)
        told.update(deeper)


def _split_off(event: TicketEvent) -> bool:
    """Whether ``event`` opened its ticket for a report split off another, naming the number its asker knew."""
    told = event.data.get("told", "")
    return event.kind == "split" and told.isascii() and told.isdigit() and {"chat", "message"} <= event.data.keys()
