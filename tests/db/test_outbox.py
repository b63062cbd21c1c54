"""The outbox end to end: real database (SQLite and PostgreSQL), real signed HTTP to a receiver on 127.0.0.1."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import timedelta

import pytest

from groupbot.adapters.http_client import AiohttpPoster
from groupbot.core.escalation import chat_payload, ticket_document
from groupbot.core.outbox import Backoff, OutboxKind, OutboxStatus, new_message
from groupbot.core.routing import Destination, DestinationKind
from groupbot.db import SqlUnitOfWork
from groupbot.features.outbox.delivery import ChatDelivery, WebhookDelivery, WebhookEndpoint
from groupbot.features.outbox.sender import OutboxSender
from tests.db.samples import T0, ticket
from tests.fakes import FakeChatPlatform, SettableClock
from tests.webhook_receiver import WebhookReceiver

Factory = Callable[[], SqlUnitOfWork]
SECRET = b"tracker-secret"
BACKOFF = Backoff(base=timedelta(seconds=10), factor=2, cap=timedelta(minutes=5), max_attempts=3)
JIRA = Destination(DestinationKind.WEBHOOK, "jira")


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(T0)


@pytest.fixture
async def receiver(clock: SettableClock):
    async with WebhookReceiver(SECRET, clock=clock) as running:
        yield running


@pytest.fixture
async def webhooks(receiver: WebhookReceiver, clock: SettableClock):
    delivery = WebhookDelivery({"jira": WebhookEndpoint(receiver.url, SECRET, 5)}, clock, AiohttpPoster())
    yield delivery
    await delivery.close()


def sender(uow_factory: Factory, webhooks: WebhookDelivery, clock: SettableClock, **extra: object) -> OutboxSender:
    deliveries = {DestinationKind.WEBHOOK: webhooks, **extra}
    return OutboxSender(uow_factory, deliveries, clock, BACKOFF, claim_for=timedelta(minutes=2))  # type: ignore[arg-type]


async def escalate(uow_factory: Factory, clock: SettableClock, *, commit: bool = True, destination=JIRA) -> int:
    """What /escalate does: change the ticket and write the outbox message in one transaction."""
    async with uow_factory() as uow:
        created = await uow.tickets.create(ticket())
        document = ticket_document("escalated", created)
        message = await uow.outbox.add(
            new_message(OutboxKind.ESCALATION, destination, document, clock.now(), ticket_number=created.number)
        )
        if commit:
            await uow.commit()
        return message.id


async def stored(uow_factory: Factory, message_id: int):
    async with uow_factory() as uow:
        return await uow.outbox.get(message_id)


async def test_signed_webhook_is_delivered_and_verified(uow_factory, webhooks, receiver, clock) -> None:
    message_id = await escalate(uow_factory, clock)
    result = await sender(uow_factory, webhooks, clock).run_once()
    assert (result.delivered, result.retrying, result.dead) == (1, 0, 0)
    [body] = receiver.accepted
    assert body["kind"] == "escalation" and body["event"] == "escalated"
    assert body["ticket"]["title"] == "export fails" and body["ticket"]["severity"] == "high"
    assert body["reports"][0]["text"] == "the export button does nothing"
    assert receiver.rejected == []
    message = await stored(uow_factory, message_id)
    assert (message.status, message.attempts, message.delivered_at) == (OutboxStatus.DELIVERED, 1, T0)
    assert body["delivery_id"] == message.delivery_id


async def test_rolled_back_change_sends_nothing(uow_factory, webhooks, receiver, clock) -> None:
    await escalate(uow_factory, clock, commit=False)
    assert (await sender(uow_factory, webhooks, clock).run_once()).attempted == 0
    assert receiver.requests == 0


async def test_failing_receiver_gets_retries_with_backoff_then_dead_letter_then_manual_retry(
    uow_factory, webhooks, receiver, clock
) -> None:
    receiver.fail_next = 3
    message_id = await escalate(uow_factory, clock)
    outbox = sender(uow_factory, webhooks, clock)
    assert (await outbox.run_once()).retrying == 1
    clock.advance(seconds=9)
    assert (await outbox.run_once()).attempted == 0  # not due before the 10 s backoff
    clock.advance(seconds=1)
    assert (await outbox.run_once()).retrying == 1
    clock.advance(seconds=19)
    assert (await outbox.run_once()).attempted == 0  # the second delay doubled to 20 s
    clock.advance(seconds=1)
    assert (await outbox.run_once()).dead == 1
    dead = await stored(uow_factory, message_id)
    assert (dead.status, dead.attempts) == (OutboxStatus.DEAD, 3)
    assert "500" in dead.last_error and "tracker is down" in dead.last_error
    clock.advance(hours=5)
    assert (await outbox.run_once()).attempted == 0  # dead letters stay put
    async with uow_factory() as uow:  # what /retry does
        await uow.outbox.save(dead.retried(clock.now()))
        await uow.commit()
    assert (await outbox.run_once()).delivered == 1
    assert receiver.requests == 4 and len(receiver.accepted) == 1
    assert (await stored(uow_factory, message_id)).delivery_id == dead.delivery_id


async def test_crash_after_commit_before_send_loses_nothing(uow_factory, webhooks, receiver, clock) -> None:
    await escalate(uow_factory, clock)  # the process dies here; a new one starts:
    assert (await sender(uow_factory, webhooks, clock).run_once()).delivered == 1
    assert len(receiver.accepted) == 1


async def test_crash_after_send_before_recording_is_deduplicated_by_delivery_id(
    uow_factory, webhooks, receiver, clock
) -> None:
    message_id = await escalate(uow_factory, clock)
    async with uow_factory() as uow:  # a sender claims and sends, then dies before recording
        [claimed] = await uow.outbox.claim_due(clock.now(), clock.now() + timedelta(minutes=2), 10)
        await uow.commit()
    await webhooks.deliver(claimed)
    outbox = sender(uow_factory, webhooks, clock)
    assert (await outbox.run_once()).attempted == 0  # still held by the dead sender
    clock.advance(minutes=2)
    assert (await outbox.run_once()).delivered == 1
    assert (len(receiver.accepted), receiver.duplicates) == (1, 1)
    assert (await stored(uow_factory, message_id)).status is OutboxStatus.DELIVERED


async def test_a_claimed_message_is_not_claimed_again(uow_factory, clock) -> None:
    await escalate(uow_factory, clock)
    await escalate(uow_factory, clock)
    until = clock.now() + timedelta(minutes=2)
    async with uow_factory() as first:
        one = await first.outbox.claim_due(clock.now(), until, 1)
        await first.commit()
    async with uow_factory() as second:
        other = await second.outbox.claim_due(clock.now(), until, 10)
        await second.commit()
    assert len(one) == 1 and len(other) == 1 and one[0].id != other[0].id


async def test_wrong_secret_and_unknown_webhook_are_dead_at_once(uow_factory, receiver, clock) -> None:
    forged = WebhookDelivery({"jira": WebhookEndpoint(receiver.url, b"wrong", 5)}, clock, AiohttpPoster())
    try:
        rejected = await escalate(uow_factory, clock)
        unknown = await escalate(uow_factory, clock, destination=Destination(DestinationKind.WEBHOOK, "nope"))
        assert (await sender(uow_factory, forged, clock).run_once()).dead == 2
    finally:
        await forged.close()
    assert "401" in (await stored(uow_factory, rejected)).last_error
    assert "no webhook named 'nope'" in (await stored(uow_factory, unknown)).last_error
    assert receiver.accepted == [] and len(receiver.rejected) == 1


async def test_chat_destination_goes_through_the_gateway_with_image(uow_factory, webhooks, clock) -> None:
    platform = FakeChatPlatform("wecom")
    chat = Destination.parse("chat:wecom:rd-robot")
    async with uow_factory() as uow:
        payload = chat_payload("#1 escalated to R&D", mentions=[("42", "Alice")], kind="announcement")
        await uow.outbox.add(new_message(OutboxKind.DIGEST, chat, payload, clock.now(), attachment=b"\x89PNG..."))
        await uow.outbox.add(new_message(OutboxKind.DIGEST, Destination.parse("chat:qq:1"), payload, clock.now()))
        await uow.commit()
    gateways = {"wecom": platform}.get
    result = await sender(uow_factory, webhooks, clock, **{DestinationKind.CHAT: ChatDelivery(gateways)}).run_once()
    assert (result.delivered, result.dead) == (1, 1)  # no qq adapter is running
    [reply] = platform.sent
    assert (reply.chat.chat_id, reply.text, reply.image) == ("rd-robot", "#1 escalated to R&D", b"\x89PNG...")
    assert reply.mentions[0].user_id == "42"


async def test_webhook_body_carries_the_image_in_base64(uow_factory, webhooks, receiver, clock) -> None:
    async with uow_factory() as uow:
        await uow.outbox.add(new_message(OutboxKind.DIGEST, JIRA, {"text": "周报"}, clock.now(), attachment=b"PNG"))
        await uow.commit()
    await sender(uow_factory, webhooks, clock).run_once()
    assert base64.b64decode(receiver.accepted[0]["image_png_base64"]) == b"PNG"
    assert receiver.accepted[0]["text"] == "周报"


async def test_concurrent_senders_skip_rows_another_is_claiming(uow_factory, clock, db_url) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time; SKIP LOCKED is the PostgreSQL path")
    for _ in range(3):
        await escalate(uow_factory, clock)
    until = clock.now() + timedelta(minutes=2)
    async with uow_factory() as first, uow_factory() as second:
        mine = await first.outbox.claim_due(clock.now(), until, 2)  # still uncommitted: rows locked
        theirs = await second.outbox.claim_due(clock.now(), until, 10)  # does not wait for them
        await first.commit()
        await second.commit()
    assert len(mine) == 2 and len(theirs) == 1
    assert {m.id for m in mine}.isdisjoint(m.id for m in theirs)
