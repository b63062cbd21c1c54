"""Escalation, the tracker's callback, and follow-ups on a real database."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import timedelta

import aiohttp
import pytest
from aiohttp import web

from groupbot.core.follow_ups import FollowUp
from groupbot.core.messages import ChatRef, IncomingMessage, Sender
from groupbot.core.outbox import OutboxKind
from groupbot.core.routing import Destination, RoutingRule, RoutingTable
from groupbot.core.tickets import Category, Severity, Team, TicketReport, TicketStatus
from groupbot.db import SqlUnitOfWork
from groupbot.features.escalation.desk import EscalationDesk
from groupbot.features.escalation.follow_ups import FollowUpDesk, FollowUpJob
from groupbot.features.escalation.tracker_webhook import RESOLVED_PATH, TrackerWebhook
from groupbot.web import mounted
from tests.db.samples import GROUP, T0, report, ticket
from tests.fakes import SettableClock

Factory = Callable[[], SqlUnitOfWork]
RD_CHAT = Destination.parse("chat:wecom:rd-robot")
JIRA = Destination.parse("webhook:jira")
OPS = Destination.parse("chat:console:ops")
OTHER_GROUP = ChatRef("qq", "555", title="QQ 群")
ROUTES = RoutingTable(
    [RoutingRule("severe", Team.RD, (RD_CHAT, JIRA), auto=True, categories=frozenset({Category.FAILURE}),
                 severities=frozenset({Severity.HIGH, Severity.CRITICAL}))],
    fallback=(OPS,),
)
SECRET = b"inbound-secret"


def desk() -> EscalationDesk:
    return EscalationDesk(ROUTES, locale="en", links={"resolve": "https://bot.example.com" + RESOLVED_PATH})


async def open_ticket(uow_factory: Factory, **fields: object) -> int:
    bob = TicketReport(OTHER_GROUP, Sender("77", "Bob"), "q1", "导出失败", T0)
    reports = (report("m1"), report("m2", "still broken"), bob)
    async with uow_factory() as uow:
        created = await uow.tickets.create(ticket(team=Team.OPS, reports=reports, **fields))
        await uow.commit()
    return created.number


async def outbox(uow_factory: Factory):
    async with uow_factory() as uow:
        return sorted(await uow.outbox.find(limit=100), key=lambda m: m.id)


async def test_escalation_writes_ticket_event_and_outbox_in_one_commit(uow_factory: Factory) -> None:
    number = await open_ticket(uow_factory)
    async with uow_factory() as uow:  # rolled back: nothing at all
        await desk().escalate(uow, await uow.tickets.get(number), "console:ops", T0)
    assert await outbox(uow_factory) == []
    async with uow_factory() as uow:
        changed, route = await desk().escalate(uow, await uow.tickets.get(number), "console:ops", T0, note="pls")
        await uow.commit()
    assert (changed.status, changed.team, route.rule) == (TicketStatus.ESCALATED, Team.RD, "severe")
    chat, hook = await outbox(uow_factory)
    assert (chat.destination, hook.destination) == (RD_CHAT, JIRA)
    assert chat.payload["text"].startswith(f"⬆️ Escalated to R&D: #{number} export fails")
    assert "2 askers in 2 chats" in chat.payload["text"]
    assert hook.payload["ticket"]["team"] == "rd" and hook.payload["report_count"] == 3
    assert hook.payload["links"]["resolve"].endswith("/escalation/resolved")
    assert [e["kind"] for e in hook.payload["history"]] == ["escalate", "routed"]
    assert hook.payload["history"][0]["note"] == "pls"


async def test_destination_override_and_auto_escalation(uow_factory: Factory) -> None:
    severe = await open_ticket(uow_factory)
    mild = await open_ticket(uow_factory, severity=Severity.NORMAL)
    async with uow_factory() as uow:
        assert (await desk().auto_escalate(uow, await uow.tickets.get(severe), T0)).rule == "severe"
        assert await desk().auto_escalate(uow, await uow.tickets.get(mild), T0) is None
        await desk().escalate(uow, await uow.tickets.get(mild), "ops", T0, destinations=[JIRA])
        await uow.commit()
    assert [str(m.destination) for m in await outbox(uow_factory)] == [str(RD_CHAT), str(JIRA), str(JIRA)]


@pytest.fixture
async def tracker(uow_factory: Factory):
    clock = SettableClock(T0 + timedelta(hours=2))
    app = web.Application()
    app.add_routes([mounted(r) for r in TrackerWebhook(uow_factory, desk(), clock, SECRET).routes()])
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    async with aiohttp.ClientSession() as session:
        yield session, f"http://127.0.0.1:{port}{RESOLVED_PATH}", clock
    await runner.cleanup()


def signed(body: bytes, clock: SettableClock, secret: bytes = SECRET) -> dict[str, str]:
    timestamp = str(int(clock.now().timestamp()))
    digest = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-Groupbot-Timestamp": timestamp, "X-Groupbot-Signature": f"sha256={digest}"}


async def post(session, url, body: bytes, headers: dict[str, str]):
    async with session.post(url, data=body, headers=headers) as response:
        return response.status, await response.json()


async def test_tracker_resolves_and_every_group_hears_back(uow_factory: Factory, tracker) -> None:
    session, url, clock = tracker
    number = await open_ticket(uow_factory)
    async with uow_factory() as uow:
        await desk().escalate(uow, await uow.tickets.get(number), "ops", T0)
        await uow.commit()
    body = json.dumps({"ticket": number, "resolution": "Fixed in 4.2.1", "actor": "JIRA-12"}).encode()
    assert await post(session, url, body, signed(body, clock)) == (200, {"ok": True, "ticket": number,
                                                                       "status": "resolved"})
    async with uow_factory() as uow:
        resolved = await uow.tickets.get(number)
        events = await uow.tickets.events(number)
    assert (resolved.status, resolved.resolution, resolved.resolved_at) == (TicketStatus.RESOLVED, "Fixed in 4.2.1",
                                                                           clock.now())
    assert events[-1].actor == "tracker:JIRA-12"
    sent = [m for m in await outbox(uow_factory) if m.kind is OutboxKind.RESOLUTION]
    posts = {m.destination.target: m.payload for m in sent if m.destination.kind.value == "chat"}
    assert posts[f"telegram:{GROUP.chat_id}"]["mentions"] == [["42", "Alice 🌸"]]
    assert posts["qq:555"]["mentions"] == [["77", "Bob"]]
    assert "Fixed in 4.2.1" in posts["qq:555"]["text"]
    assert posts["wecom:rd-robot"]["text"].startswith(f"✅ #{number}")  # the R&D chat hears it too
    assert next(m for m in sent if m.destination == JIRA).payload["event"] == "resolved"
    again = await post(session, url, body, signed(body, clock))
    assert again == (200, {"ok": True, "ticket": number, "status": "already resolved"})
    assert len([m for m in await outbox(uow_factory) if m.kind is OutboxKind.RESOLUTION]) == len(sent)


async def test_tracker_with_bearer_secret(uow_factory: Factory, tracker) -> None:
    session, url, _ = tracker
    number = await open_ticket(uow_factory)
    body = json.dumps({"ticket": number, "resolution": "done"}).encode()
    status, _ = await post(session, url, body, {"Authorization": "Bearer inbound-secret"})
    assert status == 200


@pytest.mark.parametrize(
    ("make", "status", "error"),
    [
        (lambda b, c: signed(b, c, b"guess"), 401, "signature does not match"),
        (lambda b, c: {"Authorization": "Bearer guess"}, 401, "wrong shared secret"),
        (lambda b, c: {}, 401, "shared secret"),
        (lambda b, c: {**signed(b, c), "X-Groupbot-Timestamp": "1"}, 401, "replay window"),
    ],
)
async def test_tracker_forgeries_are_refused(uow_factory: Factory, tracker, make, status, error) -> None:
    session, url, clock = tracker
    number = await open_ticket(uow_factory)
    body = json.dumps({"ticket": number, "resolution": "done"}).encode()
    got_status, got = await post(session, url, body, make(body, clock))
    assert got_status == status and error in got["error"]
    async with uow_factory() as uow:
        assert (await uow.tickets.get(number)).status is TicketStatus.OPEN


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (b"\xff\xfe not json", 400, "must be JSON"),
        (b"[1, 2]", 400, "JSON object"),
        (b'{"ticket": "7", "resolution": "x"}', 400, "positive ticket number"),
        (b'{"ticket": 7, "resolution": "   "}', 400, "non-empty"),
        (json.dumps({"ticket": 7, "resolution": "长" * 5000}).encode(), 400, "longer than"),
        (b'{"ticket": 999, "resolution": "x"}', 404, "no ticket #999"),
    ],
)
async def test_tracker_bad_payloads_get_clear_errors(uow_factory: Factory, tracker, body, status, error) -> None:
    session, url, clock = tracker
    got_status, got = await post(session, url, body, signed(body, clock))
    assert got_status == status and error in got["error"]


async def test_follow_up_asks_after_the_delay_and_a_no_reopens(uow_factory: Factory) -> None:
    number = await open_ticket(uow_factory)
    clock = SettableClock(T0)
    async with uow_factory() as uow:
        await desk().resolve(uow, await uow.tickets.get(number), "restart the export", "console:ops", clock.now())
        await uow.commit()
    followups = FollowUpDesk(OPS, locale="en")
    job = FollowUpJob(uow_factory, clock, followups, lambda: None)
    clock.advance(hours=23)
    assert await job.run_once() == 0
    clock.advance(hours=1)
    assert await job.run_once() == 2  # one per affected group
    assert await job.run_once() == 0
    questions = [m for m in await outbox(uow_factory) if m.kind is OutboxKind.FOLLOW_UP]
    qq = next(m for m in questions if m.destination.target == "qq:555")
    assert qq.payload["mentions"] == [["77", "Bob"]] and "Reply 1 for yes" in qq.payload["text"]

    def said(text: str, user: str = "77") -> IncomingMessage:
        return IncomingMessage(OTHER_GROUP, Sender(user), text, f"a-{user}-{text}", None, received_at=clock.now())

    async with uow_factory() as uow:
        assert await followups.handle(said("2", user="stranger"), "2", uow, "en") is None
        assert await followups.handle(said("what?"), "what?", uow, "en") is None
        handled = await followups.handle(said("2"), "2", uow, "en")
        await uow.commit()
    assert handled.outcome == "follow_up:not_solved" and f"#{number}" in handled.replies[0].text
    async with uow_factory() as uow:
        reopened = await uow.tickets.get(number)
        answered = await uow.follow_ups.open_in(OTHER_GROUP, T0)
    assert reopened.status is TicketStatus.OPEN and reopened.resolved_at is None
    assert reopened.resolution is None  # the answer that did not help is not shown as the ticket's resolution
    async with uow_factory() as uow:
        last = (await uow.tickets.events(number))[-1]
    assert (last.kind, last.data, last.note) == ("status", {"from": "resolved", "to": "open"}, "follow-up: not solved")
    assert answered == []  # the qq question is answered now
    notices = [m for m in await outbox(uow_factory) if m.kind is OutboxKind.ANNOUNCEMENT]
    assert notices[0].destination == OPS and "reopened" in notices[0].payload["text"]


async def test_follow_up_yes_is_recorded(uow_factory: Factory) -> None:
    number = await open_ticket(uow_factory)
    async with uow_factory() as uow:
        await desk().resolve(uow, await uow.tickets.get(number), "fixed", "ops", T0)
        await FollowUpDesk(OPS).ask_due(uow, T0 + timedelta(days=1))
        answered_at = T0 + timedelta(days=1, hours=1)
        message = IncomingMessage(GROUP, Sender("42"), "解决了！", "y1", None, received_at=answered_at)
        handled = await FollowUpDesk(OPS).handle(message, message.text, uow, "zh-CN")
        await uow.commit()
    assert handled.replies[0].text == "感谢确认！很高兴问题已经解决。"
    async with uow_factory() as uow:
        ticket_now = await uow.tickets.get(number)
        still_open = await uow.follow_ups.open_in(GROUP, T0)
    assert ticket_now.status is TicketStatus.RESOLVED
    assert handled.outcome == "follow_up:solved" and still_open == []


async def test_an_asker_dropped_from_a_follow_up_is_not_asked(uow_factory: Factory) -> None:
    number = await open_ticket(uow_factory)
    due = T0 + timedelta(days=1)
    async with uow_factory() as uow:
        await uow.follow_ups.schedule(FollowUp(0, number, OTHER_GROUP, (("77", "Bob"), ("78", "Cai")), due))
        await uow.follow_ups.schedule(FollowUp(0, number, GROUP, (("42", "Alice"),), due))
        await uow.follow_ups.drop_asker(number, OTHER_GROUP, "77")  # Bob's report went to another ticket
        await uow.follow_ups.drop_asker(number, GROUP, "42")  # the only asker there: no question left
        await uow.follow_ups.drop_asker(number, GROUP, "42")
        await uow.commit()
    async with uow_factory() as uow:
        [left] = await uow.follow_ups.due(due)
    assert (left.chat.key, left.askers) == ("qq:555", (("78", "Cai"),))


async def test_a_no_to_the_follow_up_tells_the_destinations_the_ticket_went_to(uow_factory: Factory) -> None:
    number = await open_ticket(uow_factory)
    followups = FollowUpDesk(OPS, locale="en", escalation=desk())
    async with uow_factory() as uow:
        escalated, _ = await desk().escalate(uow, await uow.tickets.get(number), "ops", T0)
        await desk().resolve(uow, escalated, "restart the export", "ops", T0)
        await followups.ask_due(uow, T0 + timedelta(days=1))
        await uow.commit()
    no = IncomingMessage(OTHER_GROUP, Sender("77"), "没有", "n1", None, received_at=T0 + timedelta(days=1, hours=1))
    async with uow_factory() as uow:
        await followups.handle(no, no.text, uow, "zh-CN")
        await uow.commit()
    told = [m for m in await outbox(uow_factory) if m.kind is OutboxKind.ESCALATION][2:]  # after the escalation
    assert [m.destination for m in told] == [RD_CHAT, JIRA]
    assert told[0].payload["text"] == (f"↩️ #{number} export fails is reopened: "
                                       "a customer says it is still not solved.")
    assert (told[1].payload["event"], told[1].payload["ticket"]["status"]) == ("reopened", "open")
    assert told[1].payload["history"][-1]["note"] == "follow-up: not solved"


async def test_a_ticket_never_escalated_tells_nobody_of_its_changes(uow_factory: Factory) -> None:
    number = await open_ticket(uow_factory)
    async with uow_factory() as uow:
        await desk().tell_destinations(uow, await uow.tickets.get(number), "reopened", T0)
        await uow.commit()
    assert await outbox(uow_factory) == []
