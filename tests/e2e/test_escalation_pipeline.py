"""Escalation through the real bot: commands in the ops room, the outbox, a tracker on 127.0.0.1, follow-ups."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from tests.e2e.conftest import running_bot
from tests.fakes import FakeChatPlatform, SettableClock, weeks_from_wall_clock
from tests.webhook_receiver import WebhookReceiver

SECRET = "tracker-secret"
START = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Tuesday 10:00 in Shanghai


async def status_of(bot, number: int) -> str:
    async with bot.engine.connect() as conn:
        query = text("select status from tickets where number = :number")
        return (await conn.execute(query, {"number": number})).scalar_one()


@pytest.fixture(params=[0, -2, 2], ids=["fixed-date", "2y-before-today", "2y-after-today"])
def clock(request: pytest.FixtureRequest) -> SettableClock:
    """A fixed date, and the same weekday and hour about two years either side of the real date."""
    return SettableClock(START if request.param == 0 else weeks_from_wall_clock(START, request.param))


@pytest.fixture
async def receiver(clock):
    async with WebhookReceiver(SECRET.encode(), clock=clock) as running:
        yield running


@pytest.fixture
async def both(db_url, receiver, clock):
    rules = [
        {"name": "payments", "team": "rd", "keywords": ["支付失败"], "auto": True,
         "destinations": ["chat:fake:rd-room", "webhook:jira"]},
        {"name": "product", "team": "pm", "categories": ["feature"], "destinations": ["chat:fake:pm-room"]},
    ]
    async with running_bot(
        db_url,
        clock=clock,
        ops={"users": ["fake:olga"], "chat": "fake:ops-room"},
        escalation={"rules": rules, "webhooks": {"jira": {"url": receiver.url, "secret": SECRET}},
                    "outbox": {"max_attempts": 2, "base_delay_seconds": 10}, "locale": "en"},
        digest={"enabled": False},
    ) as running:
        yield running


@pytest.fixture
def bot(both):
    return both[0]


@pytest.fixture
def chat(both):
    return both[1]


def sent_to(chat: FakeChatPlatform, room: str) -> list[str]:
    return [reply.text for reply in chat.sent if reply.chat.chat_id == room]


async def ops(chat: FakeChatPlatform, line: str) -> str:
    """Olga types ``line`` in the ops room; the bot's answer to it (posts elsewhere are left out)."""
    command = chat.message(line, chat="ops-room", user="olga")
    [reply] = [r for r in await chat.deliver(command) if r.reply_to_message_id == command.message_id]
    return reply.text


async def test_escalate_resolve_and_follow_up_through_the_outbox(bot, chat, receiver, clock):
    replies = await chat.say("the sync agent on our NAS segfaults every night", user="ann")
    [ticket_reply] = [r for r in replies if r.chat.chat_id == "group-1"]
    assert any(r.chat.chat_id == "ops-room" for r in replies)  # the ops inbox, through the outbox
    number = int(re.search(r"#(\d+)", ticket_reply.text).group(1))
    said = await ops(chat, f"/escalate {number} rd")
    assert f"#{number}" in said and "Sent to: chat:fake:rd-room, webhook:jira" in said
    assert (await bot.outbox.sender.run_once()).delivered >= 2
    assert receiver.accepted[-1]["event"] == "escalated" and receiver.accepted[-1]["ticket"]["number"] == number
    assert any(f"Escalated to R&D: #{number}" in line for line in sent_to(chat, "rd-room"))

    await ops(chat, f"/resolve {number} update the agent to 4.2.1")
    # the answer for the asker's group went through the outbox, sent right after the commit
    [answer] = [r for r in chat.sent if r.chat.chat_id == "group-1" and "4.2.1" in r.text]
    async with bot.uow_factory() as uow:
        stored = [m for m in await uow.outbox.find(limit=50) if m.destination.target == "fake:group-1"]
    assert [m.status.value for m in stored] == ["delivered"]
    await bot.outbox.sender.run_once()  # the tracker and the R&D chat hear it on the sender's round
    assert [m.user_id for m in answer.mentions] == ["ann"]
    assert receiver.accepted[-1]["event"] == "resolved"
    assert any("is resolved: update the agent" in line for line in sent_to(chat, "rd-room"))

    follow_up = bot.job("follow-up").run_once
    clock.advance(hours=24)
    assert await follow_up() == 1
    await bot.outbox.sender.run_once()
    assert "solved for you now?" in sent_to(chat, "group-1")[-1]
    [sorry] = await chat.say("2", user="ann", mention=False)
    assert f"reopened ticket #{number}" in sorry.text
    assert await status_of(bot, number) == "open"
    await bot.outbox.sender.run_once()
    assert "reopened" in sent_to(chat, "ops-room")[-1]


async def test_a_report_split_off_a_reopened_ticket_is_not_asked_about_it_any_more(bot, chat, clock):
    await chat.say("the sync agent on our NAS segfaults every night", user="ann", chat="group-1")
    await chat.say("the sync agent on our NAS segfaults every night again", user="bob", chat="group-2")
    await ops(chat, "/resolve 1 update the agent to 4.2.1")  # "solved?" planned in both groups
    await ops(chat, "/reopen 1")
    assert (await ops(chat, "/split 1 2")).startswith("Report 2 of ticket #1 is now ticket #2")  # bob's was another
    await ops(chat, "/resolve 1 update the agent to 4.2.1")
    clock.advance(hours=24)
    await bot.job("follow-up").run_once()
    await bot.outbox.sender.run_once()
    asked = [reply for reply in chat.sent if "solved for you now?" in reply.text]
    assert [(reply.chat.chat_id, "#1" in reply.text) for reply in asked] == [("group-1", True)]
    assert await chat.say("2", user="bob", chat="group-2", mention=False) == []  # no verdict on #1 from him
    assert await status_of(bot, 1) == "resolved"


async def test_auto_escalation_by_keyword_goes_out_without_a_command(bot, chat, receiver):
    await chat.say("支付失败，扣款成功但是会员没有开通", user="bo")
    assert await status_of(bot, 1) == "escalated"
    await bot.outbox.sender.run_once()
    assert receiver.accepted[0]["rule"] == "payments" and receiver.accepted[0]["ticket"]["team"] == "rd"


async def test_dead_letter_shows_in_outbox_and_retry_sends_it(bot, chat, receiver, clock):
    await chat.say("支付失败 again", user="bo")
    receiver.fail_next = 2
    await bot.outbox.sender.run_once()
    clock.advance(seconds=10)
    assert (await bot.outbox.sender.run_once()).dead == 1
    await bot.outbox.sender.run_once()  # the ops room hears about it
    notice = sent_to(chat, "ops-room")[-1]
    assert notice.startswith("⚠️ Message ") and "(escalation → webhook:jira) failed 2 times" in notice
    listing = await ops(chat, "/outbox")
    dead = re.search(r"^(\d+)\. escalation → webhook:jira · dead, 2 attempts — POST .* answered 500", listing, re.M)
    assert dead, listing
    assert "Send /retry ID" in listing
    assert "only dead messages" in await ops(chat, "/retry 1")  # the chat notice was delivered
    assert "queued again" in await ops(chat, f"/retry {dead.group(1)}")
    await bot.outbox.sender.run_once()
    assert len(receiver.accepted) == 1
    assert "There is no outbox message 999" in await ops(chat, "/retry 999")


async def test_oncall_rota_by_command(chat):
    assert "Nobody is on duty" in await ops(chat, "/oncall")
    assert "mei is on duty from now until" in await ops(chat, "/oncall @mei 3")
    assert "On duty now: mei" in await ops(chat, "/oncall")
    [refused] = await chat.say("/oncall me", user="random-customer")
    assert "support team only" in refused.text


async def test_escalate_to_destinations_named_in_the_command(bot, chat, receiver):
    await chat.say("the quantum flux capacitor on my yacht keeps humming", user="cy")
    refused = await ops(chat, "/escalate 1 pm webhook:nope please look")
    assert "I can't send it there: no webhook named 'nope'; configured: jira" in refused
    said = await ops(chat, "/escalate 1 pm webhook:jira chat:fake:pm-room customer is a VIP")
    assert "Sent to: webhook:jira, chat:fake:pm-room" in said
    await bot.outbox.sender.run_once()
    [body] = receiver.accepted
    assert body["ticket"]["team"] == "pm" and body["history"][-2]["note"] == "customer is a VIP"


async def test_split_reopen_and_merge_reach_the_destinations_it_was_escalated_to(bot, chat, receiver):
    await chat.say("the sync agent on our NAS segfaults every night", user="ann", chat="group-1")
    await chat.say("the sync agent on our NAS segfaults every night again", user="bob", chat="group-2")
    await ops(chat, "/escalate 1 rd")
    await bot.outbox.sender.run_once()

    await ops(chat, "/split 1 2")
    await bot.outbox.sender.run_once()
    split = receiver.accepted[-1]
    assert (split["event"], split["ticket"]["number"], split["report_count"]) == ("split", 1, 1)
    assert split["history"][-1]["kind"] == "split" and split["history"][-1]["to"] == "2"
    assert sent_to(chat, "rd-room")[-1].startswith("✂️ #1 the sync agent on our NAS segfaults every night: "
                                                   "report 2 was split off and is ticket #2 now")

    await ops(chat, "/resolve 1 update the agent to 4.2.1")
    await ops(chat, "/reopen 1 the update did not help")
    await bot.outbox.sender.run_once()
    reopened = receiver.accepted[-1]
    assert (reopened["event"], reopened["ticket"]["status"], reopened["ticket"]["resolution"]) == (
        "reopened", "open", None)
    assert sent_to(chat, "rd-room")[-1].endswith("is reopened.\n💬 the update did not help")

    await ops(chat, "/dup 1 2")
    await bot.outbox.sender.run_once()
    merged = receiver.accepted[-1]
    assert (merged["event"], merged["ticket"]["status"], merged["ticket"]["duplicate_of"]) == (
        "merged", "duplicate", 2)
    assert "is a duplicate of #2" in sent_to(chat, "rd-room")[-1]
    # Ticket #2 was never escalated: its split and merge told nobody but the ops room.
    assert [body["ticket"]["number"] for body in receiver.accepted] == [1, 1, 1, 1, 1]


async def test_the_original_a_duplicate_joins_tells_its_own_destinations_how_many_more_wait(bot, chat, receiver):
    await chat.say("the sync agent on our NAS segfaults every night", user="ann", chat="group-1")
    await chat.say("the label printer driver crashes on every second job", user="bob", chat="group-2")
    await ops(chat, "/escalate 2 rd")
    await bot.outbox.sender.run_once()
    await ops(chat, "/dup 1 2")  # #1 was never escalated; #2 was
    await bot.outbox.sender.run_once()
    joined = receiver.accepted[-1]
    assert (joined["event"], joined["ticket"]["number"], joined["report_count"]) == ("joined", 2, 2)
    assert sent_to(chat, "rd-room")[-1] == ("🔗 #2 the label printer driver crashes on every second job: 1 report of "
                                            "duplicate #1 joined it; 2 in all now.")


async def test_closing_or_giving_up_on_an_escalated_ticket_tells_its_destinations_once(bot, chat, receiver):
    await chat.say("the sync agent on our NAS segfaults every night", user="ann", chat="group-1")
    await chat.say("the label printer driver crashes on every second job", user="bob", chat="group-2")
    await ops(chat, "/escalate 1 rd")
    await ops(chat, "/escalate 2 rd")
    await bot.outbox.sender.run_once()

    await ops(chat, "/wontfix 1 NAS agents are end of life")
    await ops(chat, "/close 2 the customer moved to the cloud edition")
    await bot.outbox.sender.run_once()
    assert [(body["event"], body["ticket"]["number"]) for body in receiver.accepted[-2:]] == [
        ("wontfix", 1), ("closed", 2)]
    assert sent_to(chat, "rd-room")[-2:] == [
        "🚫 #1 the sync agent on our NAS segfaults every night is marked won't fix: no more work is needed on it."
        "\n💬 NAS agents are end of life",
        "⏹️ #2 the label printer driver crashes on every second job is closed without an answer: no more work is "
        "needed on it.\n💬 the customer moved to the cloud edition"]

    # A ticket R&D heard was resolved: closing it later is no news for them.
    await ops(chat, "/reopen 2")
    await ops(chat, "/resolve 2 fixed in driver 3.1")
    await bot.outbox.sender.run_once()
    told = len(receiver.accepted)
    await ops(chat, "/close 2")
    await bot.outbox.sender.run_once()
    assert len(receiver.accepted) == told
