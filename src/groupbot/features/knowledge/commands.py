"""FAQ commands: search, add, reload, and /learn (a resolved ticket becomes an FAQ entry).

The files under ``faq/`` stay the source of truth: new entries are written
there through ``write_entry`` and then the whole FAQ is reloaded, so the
database copy and the matcher pick them up at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable

from groupbot.core.command_args import ArgKind
from groupbot.core.commands import Command
from groupbot.core.faq import FaqEntry
from groupbot.core.language import detect_locale
from groupbot.core.matching import DecisionKind
from groupbot.core.matching.matcher import normalize
from groupbot.core.messages import Role
from groupbot.core.ports import UnitOfWork
from groupbot.core.tickets import Ticket, TicketEvent, TicketStatus
from groupbot.features.commands.context import CommandContext, CommandRefused
from groupbot.features.commands.declared import ChatCommand, declare
from groupbot.features.handled import Handled
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.features.tickets.commands import load_ticket

__all__ = ["FaqCommands", "FaqReload", "FaqWriter", "entry_from_ticket"]

log = logging.getLogger(__name__)
SEARCH_RESULTS = 3
# Below this the closest entries are noise, not leads: on the bundled FAQ a word it does not cover
# ("kubernetes", 天气) ranks entries at 0.70-0.84, and a related one (invoice, "two factor") at 0.90+.
SEARCH_FLOOR = 0.85
_LEARNABLE = (TicketStatus.RESOLVED, TicketStatus.CLOSED)

FaqReload = Callable[[UnitOfWork], Awaitable[int]]
"""Reloads the FAQ from its files; returns the entry count, raises ValueError on bad files."""
FaqWriter = Callable[[FaqEntry], Awaitable[None]]
"""Adds (or replaces by id) one entry in the FAQ files; raises ValueError if the files would break."""


def entry_from_ticket(ticket: Ticket, not_asking: frozenset[tuple[str, str]] = frozenset()) -> FaqEntry:
    """The FAQ entry a resolved ticket teaches: its title asks, every other wording is an alias.

    ``not_asking`` holds the (chat, message id) of reports that did not state the problem (details
    added after a report, answers to ops' update): "版本 5.1，安卓" would answer anyone's version.
    """
    seen = {normalize(ticket.title)}
    aliases: list[str] = []
    for report in ticket.reports:
        if (report.chat.key, report.message_id) in not_asking:
            continue
        key = normalize(report.text)
        if key and key not in seen:
            seen.add(key)
            aliases.append(" ".join(report.text.split()))
    return FaqEntry(
        id=f"ticket-{ticket.number}",
        question=ticket.title,
        answer=ticket.resolution or "",
        aliases=tuple(aliases),
        category=ticket.category.value,
        product=ticket.product,
        version=ticket.version,
        locale=ticket.locale,
    )


# A report event with one of these marks was not the problem told (customer_replies.py writes them).
_NOT_ASKING_MARKS = ("adds", "answers")


async def _not_asking(ctx: CommandContext, number: int) -> frozenset[tuple[str, str]]:
    """The reports of ticket ``number`` that added details or answered an update, as (chat, message id)."""
    return frozenset(
        (event.data.get("chat", ""), event.data.get("message", ""))
        for event in await ctx.uow.tickets.events(number)
        if event.kind == "report" and any(mark in event.data for mark in _NOT_ASKING_MARKS)
    )


class FaqCommands:
    """Handlers for ``/faq search|add|reload`` and ``/learn``."""

    def __init__(
        self, catalog: FaqCatalog, reload_faq: FaqReload, write_entry: FaqWriter, files_lock: asyncio.Lock | None = None
    ) -> None:
        self._catalog = catalog
        self._reload = reload_faq
        self._write = write_entry
        # Messages are handled concurrently; two writers reading learned.yaml at once would lose an entry.
        # The FAQ editor (/faq edit, the web console) shares this lock.
        self._files = files_lock or asyncio.Lock()

    def commands(self) -> tuple[ChatCommand, ...]:
        """The FAQ commands; ``faq search`` first, so a bare ``/faq words`` searches."""
        return (
            declare("faq search", "text", Role.CUSTOMER, self.search, ("text", ArgKind.TEXT),
                    en="search the help articles", zh="搜索帮助文档"),
            declare("faq add", "question | answer", Role.OPS, self.add, ("entry", ArgKind.QA),
                    en="add an FAQ entry", zh="新增 FAQ 条目"),
            declare("faq reload", "", Role.OPS, self.reload, en="reload the FAQ files", zh="重新加载 FAQ 文件"),
            declare("learn", "N", Role.OPS, self.learn, ("number", ArgKind.NUMBER),
                    en="turn a resolved ticket into an FAQ entry", zh="把已解决的工单收录为 FAQ"),
        )

    async def search(self, ctx: CommandContext, command: Command) -> Handled:
        """``/faq search text``: the answer when it is clear, else the entries that contain the words, then
        the closest in meaning."""
        text = command.text("text")
        decision = self._catalog.decide(text)
        close = [c.entry_id for c in decision.candidates if c.score >= SEARCH_FLOOR]
        if decision.kind is DecisionKind.ANSWER and (best := self._catalog.entry(close[0])) is not None:
            return ctx.reply("faq_search", f"{best.question}\n\n{best.answer.strip()}")
        # The entries served now, as the matcher's candidates are (not a read of the stored copy).
        containing = [entry.id for entry in self._catalog.entries() if entry.mentions(text)]
        rank = {entry_id: place for place, entry_id in enumerate(close)}
        containing.sort(key=lambda entry_id: rank.get(entry_id, len(rank)))
        ids = list(dict.fromkeys([*containing, *close]))[:SEARCH_RESULTS]
        found = [entry for entry in map(self._catalog.entry, ids) if entry is not None]
        if not found:
            return ctx.say("faq_search", "faq_search_none")
        lines = [ctx.text("faq_search_intro")]
        # The ids are for the support team (/faq show ID); customers get the questions.
        with_id = ctx.role is not Role.CUSTOMER
        lines += [f"{i}. {entry.question}" + (f" ({entry.id})" if with_id else "") for i, entry in enumerate(found, 1)]
        return ctx.reply("faq_search", "\n".join(lines))

    async def add(self, ctx: CommandContext, command: Command) -> Handled:
        """``/faq add question | answer``: a new entry in ``learned.yaml``."""
        question, answer = command.question_and_answer()
        digest = hashlib.sha256(normalize(question).encode()).hexdigest()[:8]
        entry = FaqEntry(f"chat-{digest}", question, answer, locale=detect_locale(question))
        count = await self._write_and_reload(ctx, entry)
        return ctx.say("faq_add", "faq_added", entry_id=entry.id, count=count)

    async def reload(self, ctx: CommandContext, command: Command) -> Handled:
        """``/faq reload``: read the files again (keeping the old FAQ if they are broken)."""
        return ctx.say("faq_reload", "faq_reloaded", count=await self._reload_or_refuse(ctx))

    async def learn(self, ctx: CommandContext, command: Command) -> Handled:
        """``/learn N``: a resolved ticket's answer becomes an FAQ entry; the askers' wordings become aliases."""
        ticket = await load_ticket(ctx, command.number())
        if ticket.status not in _LEARNABLE or not ticket.resolution:
            raise CommandRefused("learn_unresolved", "learn_unresolved", number=ticket.number)
        entry = entry_from_ticket(ticket, await _not_asking(ctx, ticket.number))
        count = await self._write_and_reload(ctx, entry)
        data = {"entry": entry.id, "aliases": str(len(entry.aliases))}
        await ctx.uow.tickets.add_event(TicketEvent(ticket.number, ctx.actor, ctx.now, "learned", "", data))
        phrasings = len(entry.phrasings)
        return ctx.say("learn", "learned", number=ticket.number, entry_id=entry.id, phrasings=phrasings, count=count)

    async def _write_and_reload(self, ctx: CommandContext, entry: FaqEntry) -> int:
        async with self._files:
            try:
                await self._write(entry)
            except (ValueError, OSError) as exc:
                log.warning("could not write FAQ entry %s: %s", entry.id, exc)
                raise CommandRefused("faq_write_failed", "faq_write_failed", problem=_first_line(exc)) from None
            return await self._reload_locked(ctx)

    async def _reload_or_refuse(self, ctx: CommandContext) -> int:
        async with self._files:
            return await self._reload_locked(ctx)

    async def _reload_locked(self, ctx: CommandContext) -> int:
        try:
            return await self._reload(ctx.uow)
        except ValueError as exc:
            raise CommandRefused("faq_reload_failed", "faq_reload_failed", problem=_first_line(exc)) from None


def _first_line(exc: Exception) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__
