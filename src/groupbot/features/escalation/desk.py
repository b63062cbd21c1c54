"""Escalate and resolve tickets, writing every outgoing message to the outbox in the caller's transaction.

The caller owns the unit of work and commits it: the ticket change, its event
and the outbox messages land together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from groupbot.core.escalation import chat_payload, reply_payload, ticket_document
from groupbot.core.follow_ups import FollowUp
from groupbot.core.messages import ChatRef
from groupbot.core.outbox import OutboxKind, new_message
from groupbot.core.ports import UnitOfWork
from groupbot.core.routing import Destination, DestinationKind, Route, RoutingTable
from groupbot.core.tickets import Team, Ticket, TicketEvent, TicketStatus, check_transition
from groupbot.features.chats.language import spoken_in
from groupbot.features.texts import label, one_line, render
from groupbot.features.tickets.told_numbers import numbers_told
from groupbot.features.tickets.views import answer_posts

__all__ = ["EscalationDesk", "affected_chats"]

QUOTE_CHARS = 200


def affected_chats(ticket: Ticket) -> dict[ChatRef, tuple[tuple[str, str], ...]]:
    """Each chat that reported ``ticket``, with its askers (user id, name), in report order."""
    chats: dict[ChatRef, dict[str, str]] = {}
    for report in ticket.reports:
        chat = ChatRef(report.chat.platform, report.chat.chat_id, report.chat.kind)
        chats.setdefault(chat, {})[report.sender.user_id] = report.sender.name
    return {chat: tuple(askers.items()) for chat, askers in chats.items()}


class EscalationDesk:
    """Routing plus the outbox: what happens when a ticket goes up to R&D/PM and comes back resolved."""

    def __init__(
        self,
        routing: RoutingTable,
        *,
        locale: str = "zh-CN",
        links: Mapping[str, str] | None = None,
        follow_up_after: timedelta | None = timedelta(hours=24),
        webhooks: frozenset[str] | None = None,
    ) -> None:
        self._routing = routing
        self._webhooks = webhooks
        self._locale = locale
        self._links = dict(links or {})
        self._follow_up_after = follow_up_after

    def check_destination(self, text: str) -> Destination:
        """A destination typed by ops; ValueError if malformed or naming an unconfigured webhook."""
        destination = Destination.parse(text)
        known = self._webhooks
        if destination.kind is DestinationKind.WEBHOOK and known is not None and destination.target not in known:
            raise ValueError(f"no webhook named {destination.target!r}; configured: {', '.join(sorted(known)) or '-'}")
        return destination

    def route(self, ticket: Ticket) -> Route:
        """Where ``ticket`` would go."""
        return self._routing.route(ticket)

    async def escalate(
        self,
        uow: UnitOfWork,
        ticket: Ticket,
        actor: str,
        now: datetime,
        *,
        destinations: Sequence[Destination] | None = None,
        note: str = "",
    ) -> tuple[Ticket, Route]:
        """Mark ``ticket`` escalated to its route's team and queue the notices; returns both."""
        route = _override(self.route(ticket), destinations)
        changed = replace(ticket, team=route.team, updated_at=now)
        if ticket.status is not TicketStatus.ESCALATED:
            check_transition(ticket.status, TicketStatus.ESCALATED)
            changed = replace(changed, status=TicketStatus.ESCALATED)
        await uow.tickets.save(changed)
        data = {"from": ticket.team.value, "to": route.team.value}
        await uow.tickets.add_event(TicketEvent(ticket.number, actor, now, "escalate", note, data))
        await self.notify_escalated(uow, changed, route, now)
        return changed, route

    async def escalated_by_ops(
        self, uow: UnitOfWork, ticket: Ticket, team: Team, now: datetime, destinations: Sequence[Destination] = ()
    ) -> Route:
        """After ``/escalate N team`` changed the ticket: route it to ``team`` (or ``destinations``) and notify."""
        route = _override(self._routing.route_to(team, ticket), destinations or None)
        await self.notify_escalated(uow, ticket, route, now)
        return route

    async def notify_escalated(self, uow: UnitOfWork, ticket: Ticket, route: Route, now: datetime) -> None:
        """Queue the escalation for each of ``route``'s destinations and note where it went."""
        if not route.destinations:
            return  # nowhere configured: the ticket's own event says it was escalated
        data = {"team": route.team.value, "rule": route.rule, "destinations": " ".join(map(str, route.destinations))}
        await uow.tickets.add_event(TicketEvent(ticket.number, "groupbot", now, "routed", "", data))
        history = await uow.tickets.events(ticket.number)
        document = ticket_document("escalated", ticket, history, route, self._links)
        for destination in route.destinations:
            if destination.kind is DestinationKind.WEBHOOK:
                payload = document
            else:
                notice = self._notice(ticket, route, await spoken_in(uow, destination, self._locale))
                payload = chat_payload(notice, kind="announcement")
            message = new_message(OutboxKind.ESCALATION, destination, payload, now, ticket_number=ticket.number)
            await uow.outbox.add(message)

    async def auto_escalate(self, uow: UnitOfWork, ticket: Ticket, now: datetime) -> Route | None:
        """Escalate an open ticket when a rule marked ``auto`` matches it; None otherwise."""
        if ticket.status is TicketStatus.ESCALATED or not ticket.is_open:
            return None
        route = self._routing.auto_route(ticket)
        if route is None:
            return None
        # A ticket a report just joined carries only its latest reports; the trackers get them all.
        whole = await uow.tickets.get(ticket.number) if ticket.counts is not None else None
        await self.escalate(uow, whole or ticket, "groupbot", now, note=f"auto: {route.rule}")
        return route

    def _notice(self, ticket: Ticket, route: Route, locale: str) -> str:
        latest = ticket.reports[-1].text if ticket.reports else ticket.title
        return render(
            "escalation_notice",
            locale,
            team=label("team", route.team, locale),
            number=ticket.number,
            title=ticket.title,
            severity=label("severity", ticket.severity, locale),
            category=label("category", ticket.category, locale),
            askers=ticket.summary.askers or 1,
            groups=ticket.summary.groups or 1,
            quote=one_line(latest, QUOTE_CHARS),
        )

    async def resolved(self, uow: UnitOfWork, ticket: Ticket, now: datetime) -> None:
        """Tell the escalation destinations and plan the "solved?" follow-ups; ``ticket`` is saved as resolved.

        The answer itself reaches the groups as the resolving command's posts,
        which the router sends through the outbox.
        """
        await self.tell_destinations(uow, ticket, "resolved", now, resolution=ticket.resolution or "")
        if self._follow_up_after is not None:
            for chat, askers in affected_chats(ticket).items():
                due = now + self._follow_up_after
                await uow.follow_ups.schedule(FollowUp(0, ticket.number, chat, askers, due))

    async def tell_destinations(
        self, uow: UnitOfWork, ticket: Ticket, event: str, now: datetime, *, text: str = "", note: str = "",
        **fields: object,
    ) -> None:
        """Tell every destination ``ticket`` was escalated to that it changed; nothing if it never was.

        ``event`` (``resolved``, ``split``, ``merged``, ``reopened``) names the tracker document's event;
        chats get the notice ``text`` (default ``escalation_<event>_notice``) with ``fields``, and ``note``
        quoted under it. ``ticket`` is saved as changed, its event recorded.
        """
        history = await uow.tickets.events(ticket.number)
        for destination in _escalated_to(history):
            if destination.kind is DestinationKind.WEBHOOK:
                payload = ticket_document(event, ticket, history, None, self._links)
            else:
                locale = await spoken_in(uow, destination, self._locale)
                notice = render(text or f"escalation_{event}_notice", locale, number=ticket.number,
                                title=ticket.title, **fields)
                quoted = f"{notice}\n💬 {one_line(note, QUOTE_CHARS)}" if note.strip() else notice
                payload = chat_payload(quoted, kind="notice")
            kind = OutboxKind.RESOLUTION if event == "resolved" else OutboxKind.ESCALATION
            await uow.outbox.add(new_message(kind, destination, payload, now, ticket_number=ticket.number))

    async def resolve(self, uow: UnitOfWork, ticket: Ticket, resolution: str, actor: str, now: datetime) -> Ticket:
        """Resolve ``ticket`` (e.g. from the tracker's callback) and queue everything :meth:`resolved` does."""
        check_transition(ticket.status, TicketStatus.RESOLVED)
        changed = replace(ticket, status=TicketStatus.RESOLVED, resolution=resolution, resolved_at=now,
                          updated_at=now, first_response_at=ticket.first_response_at or now)
        await uow.tickets.save(changed)
        await uow.tickets.add_event(TicketEvent(ticket.number, actor, now, "resolve", resolution))
        for post in answer_posts(changed, resolution, told=await numbers_told(uow, changed)):
            target = Destination(DestinationKind.CHAT, f"{post.chat.platform}:{post.chat.chat_id}")
            await uow.outbox.add(
                new_message(OutboxKind.RESOLUTION, target, reply_payload(post), now, ticket_number=ticket.number)
            )
        await self.resolved(uow, changed, now)
        return changed


def _override(route: Route, destinations: Sequence[Destination] | None) -> Route:
    return route if destinations is None else replace(route, destinations=tuple(destinations))


def _escalated_to(history: Sequence[TicketEvent]) -> list[Destination]:
    """Every destination the ticket was escalated to, once each, in order."""
    seen: dict[str, Destination] = {}
    for event in history:
        if event.kind == "routed":
            for text in event.data.get("destinations", "").split():
                seen.setdefault(text, Destination.parse(text))
    return list(seen.values())
