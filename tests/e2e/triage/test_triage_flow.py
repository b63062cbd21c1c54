"""The ticket life from the chat: reports merge across groups, ops work the ticket, answers go back, FAQ learns."""

from __future__ import annotations

import asyncio

import yaml

from groupbot.core.messages import ReplyKind
from groupbot.core.tickets import Category, Team, TicketStatus

FIRST = "扫码之后安卓App闪退"
SECOND = "安卓App扫码后闪退了"
THIRD = "安卓App一扫码就闪退"
MAP = "地图组件在安卓上一直是灰色的"
DARK_MODE = "能不能加个暗黑模式"
ANNOUNCED = ReplyKind.ANNOUNCEMENT
WORKED = ["opened", "report", "status", "assign", "status", "escalate", "status", "resolve"]


async def report_twice(desk) -> None:
    opened = await desk.say(FIRST, user="alice", chat="groupA", message_id="a1")
    assert [(r.chat.chat_id, r.kind) for r in opened] == [("groupA", ReplyKind.TICKET), ("ops-room", ANNOUNCED)]
    assert "#1" in opened[0].text
    merged = await desk.say(SECOND, user="bob", chat="groupB", message_id="b1")
    assert [(r.chat.chat_id, r.kind) for r in merged] == [("groupB", ReplyKind.TICKET), ("ops-room", ANNOUNCED)]
    assert "#1" in merged[0].text


async def test_one_failure_in_two_groups_is_one_ticket_with_two_reports(desk):
    await report_twice(desk)
    ticket = await desk.ticket(1)
    summary = ticket.summary
    assert (summary.reports, summary.askers, summary.groups) == (2, 2, 2)
    assert ticket.category is Category.FAILURE
    assert await desk.count("select count(*) from tickets") == 1
    assert await desk.event_kinds(1) == ["opened", "report"]


async def test_new_tickets_and_new_reports_are_announced_in_the_ops_room(desk):
    await report_twice(desk)
    announced = [r for r in desk.platform.sent if r.kind is ReplyKind.ANNOUNCEMENT]
    assert [r.chat.chat_id for r in announced] == ["ops-room", "ops-room"]
    assert "#1" in announced[0].text and FIRST in announced[0].text and "a1" in announced[0].text
    assert SECOND in announced[1].text and "2" in announced[1].text
    assert announced[1].meta == {"ticket": "1", "source_chat": "fake:groupB", "source_message": "b1", "locale": "en"}


async def test_identical_repeat_in_the_same_chat_counts_but_gets_no_second_reply(desk):
    await desk.say(FIRST, user="alice", chat="groupA")
    replies = await desk.say(FIRST, user="dan", chat="groupA")  # another reporter hears the number
    assert sorted(r.chat.chat_id for r in replies) == ["groupA", "ops-room"]
    assert "#1" in next(r.text for r in replies if r.chat.chat_id == "groupA")
    replies = await desk.say(FIRST, user="alice", chat="groupA")  # the same reporter again: no reply to her
    assert [r.chat.chat_id for r in replies] == ["ops-room"]
    assert (await desk.ticket(1)).summary.reports == 3


async def test_ops_work_the_ticket_and_the_answer_reaches_both_groups(desk):
    await report_twice(desk)
    assert "Olga" in (await desk.ops("/assign 1 me")).text
    assert (await desk.ticket(1)).status is TicketStatus.TRIAGED
    await desk.ops("/escalate 1 rd scanner crash on Android 14")
    escalated = await desk.ticket(1)
    assert (escalated.status, escalated.team, escalated.assignee) == (TicketStatus.ESCALATED, Team.RD, "Olga")
    assert escalated.first_response_at is not None

    desk.clock.advance(hours=3)
    replies = await desk.say("/resolve 1 请升级到 5.2.1 版本，扫码闪退已修复。", user="olga", chat="ops-room")
    posts = {r.chat.chat_id: r for r in replies if r.kind is ReplyKind.ANSWER}
    assert set(posts) == {"groupA", "groupB"}
    assert (posts["groupA"].reply_to_message_id, posts["groupB"].reply_to_message_id) == ("a1", "b1")
    assert [m.user_id for m in posts["groupA"].mentions] == ["alice"]
    assert [m.user_id for m in posts["groupB"].mentions] == ["bob"]
    assert all("5.2.1" in post.text for post in posts.values())
    resolved = await desk.ticket(1)
    assert resolved.status is TicketStatus.RESOLVED and resolved.resolution.startswith("请升级")
    assert resolved.resolved_at == desk.clock.now()
    assert await desk.event_kinds(1) == WORKED
    assert "First response after 0m, resolved after 3h00m" in (await desk.ops("/ticket 1")).text


async def test_learn_writes_the_faq_file_and_the_next_customer_gets_the_answer(desk):
    await report_twice(desk)
    await desk.ops("/resolve 1 请升级到 5.2.1 版本。")
    learned = await desk.ops("/learn 1")
    assert "ticket-1" in learned.text
    [entry] = yaml.safe_load((desk.learned_dir / "learned.yaml").read_text(encoding="utf-8"))
    assert (entry["id"], entry["question"], entry["aliases"]) == ("ticket-1", FIRST, [SECOND])
    assert await desk.count("select count(*) from faq_entries where id = 'ticket-1'") == 1

    [answer] = await desk.say(THIRD, user="carol", chat="groupC")
    assert answer.kind is ReplyKind.ANSWER and "5.2.1" in answer.text
    assert "learned" in await desk.event_kinds(1)


async def test_learn_refuses_an_unanswered_ticket_and_writes_nothing(desk):
    await report_twice(desk)
    reply = await desk.ops("/learn 1")
    assert "/resolve" in reply.text
    assert not (desk.learned_dir / "learned.yaml").exists()


async def test_dup_moves_the_reports_so_the_original_answer_reaches_them(desk):
    await desk.say(MAP, user="alice", chat="groupA", message_id="a1")
    await desk.say(DARK_MODE, user="bob", chat="groupB", message_id="b1")
    assert "#2" in (await desk.ops("/dup 2 1")).text
    assert (await desk.ticket(2)).status is TicketStatus.DUPLICATE
    assert (await desk.ticket(2)).duplicate_of == 1
    assert (await desk.ticket(1)).summary.groups == 2
    replies = await desk.say("/resolve 1 fixed in today's release", user="olga", chat="ops-room")
    posts = {r.chat.chat_id: r.text for r in replies if r.kind is ReplyKind.ANSWER}
    assert set(posts) == {"groupA", "groupB"}
    assert posts["groupA"].startswith("工单 #1 有答复了")
    assert posts["groupB"].startswith("工单 #2（已并入 #1） 有答复了")  # bob was told #2


async def test_askers_merged_twice_hear_the_number_they_were_told(desk):
    await desk.say(MAP, user="alice", chat="groupA", message_id="a1")
    await desk.say(DARK_MODE, user="bob", chat="groupB", message_id="b1")
    await desk.say("the barcode scanner freezes after every scan", user="carl", chat="groupC", message_id="c1")
    await desk.ops("/dup 3 2")
    await desk.ops("/dup 2 1")
    replies = await desk.say("/reply 1 we are on it", user="olga", chat="ops-room")
    posts = {r.chat.chat_id: r.text for r in replies if r.kind is ReplyKind.ANSWER}
    assert posts["groupA"].startswith("工单 #1 的处理进展")
    assert posts["groupB"].startswith("工单 #2（已并入 #1） 的处理进展")
    assert posts["groupC"].startswith("News on ticket #3 (merged into #1):\nwe are on it")


async def test_forbidden_transitions_are_refused_and_change_nothing(desk):
    await desk.say(FIRST)
    await desk.ops("/close 1")
    reply = await desk.ops("/escalate 1 pm")
    assert "closed" in reply.text and "escalated" in reply.text
    assert (await desk.ticket(1)).team is Team.OPS
    await desk.ops("/reopen 1 customer says it's back")
    assert (await desk.ticket(1)).status is TicketStatus.OPEN


async def test_reclassify_and_notes_are_kept_for_review(desk):
    await desk.say(FIRST)
    await desk.ops("/reclassify 1 billing")
    await desk.ops("/note 1 customer on Android 14, Pixel 8")
    assert (await desk.ticket(1)).category is Category.ACCOUNT
    async with desk.bot.uow_factory() as uow:
        events = await uow.tickets.events(1)
    reclassified = next(e for e in events if e.kind == "reclassify")
    assert reclassified.data == {"from": "failure", "to": "account", "text": FIRST}
    assert next(e for e in events if e.kind == "note").note == "customer on Android 14, Pixel 8"


async def test_listing_showing_and_counting(desk):
    await report_twice(desk)
    await desk.say(DARK_MODE, user="carol", chat="groupC")
    listing = (await desk.ops("/tickets")).text.splitlines()
    assert [line.split()[0] for line in listing] == ["#2", "#1"]
    assert (await desk.ops("/tickets feature")).text.startswith("#2")
    assert "No tickets" in (await desk.ops("/tickets mine")).text
    await desk.ops("/assign 1 me")
    assert (await desk.ops("/tickets mine")).text.startswith("#1")
    # Filters combine, in either language; statuses named add up.
    assert "No tickets" in (await desk.ops("/tickets mine feature")).text
    await desk.ops("/escalate 1 rd")
    assert [line.split()[0] for line in (await desk.ops("/tickets mine 已升级")).text.splitlines()] == ["#1"]
    assert "没有符合条件的工单" in (await desk.ops("/tickets 我的 已解决")).text  # replied in the words' language
    await desk.ops("/resolve 2 shipped in 5.3")
    both = (await desk.ops("/tickets escalated resolved")).text.splitlines()
    assert sorted(line.split()[0] for line in both) == ["#1", "#2"]
    assert [line.split()[0] for line in (await desk.ops("/tickets")).text.splitlines()] == ["#1"]
    card = (await desk.ops("/ticket 1")).text
    assert "2 reports from 2 people in 2 chats: groupA, groupB" in card
    stats = (await desk.ops("/stats 30")).text
    assert "tickets opened 2" in stats and "failure 1" in stats and "feature request 1" in stats


async def test_askers_see_their_own_tickets_in_their_language(desk):
    await desk.say(FIRST, user="alice", chat="groupA")
    [mine] = await desk.say("/mytickets", user="alice", chat="groupA")
    assert "#1" in mine.text
    [theirs] = await desk.say("/mytickets", user="zoe", chat="groupA")
    assert "没有工单" in theirs.text  # zoe has not spoken: groupA speaks Chinese
    await desk.say("where can I download my invoice?", user="bob", chat="groupB")
    [english] = await desk.say("/mytickets", user="bob", chat="groupB")
    assert "no tickets" in english.text
    await desk.say("hello, where can I download my invoice?", user="bob", chat="groupA")
    [asked] = await desk.say("/mytickets", user="bob", chat="groupA")
    assert "no tickets" in asked.text  # in Chinese groupA, bob's own words are English


async def test_faq_add_and_search(desk):
    added = await desk.ops("/faq add How do I enable the scanner beta? | Settings → Labs → Scanner beta.")
    assert "chat-" in added.text
    [answer] = await desk.say("how do I enable the scanner beta?", user="carol", chat="groupC")
    assert answer.kind is ReplyKind.ANSWER and "Labs" in answer.text
    [found] = await desk.say("/faq search scanner beta", user="carol", chat="groupC")
    assert "Labs" in found.text or "scanner beta" in found.text.lower()


async def test_faq_search_finds_an_entry_by_a_word_of_its_answer(desk):
    await desk.ops("/faq add How do I rotate the API key? | Open the Zorblax panel, then Rotate.")
    [found] = await desk.say("/faq search zorblax", user="carol", chat="groupC")
    assert found.text.splitlines()[1].startswith("1. How do I rotate the API key?")
    [none] = await desk.say("/faq search quuxplonk", user="carol", chat="groupC")
    assert "rotate" not in none.text.lower()
    # A word the FAQ does not cover lists nothing, not the entries that happen to rank first.
    [nothing] = await desk.say("/faq search kubernetes", user="carol", chat="groupC")
    assert len(nothing.text.splitlines()) == 1, nothing.text
    assert "(chat-" not in found.text  # a customer sees questions, not internal ids
    assert "(chat-" in (await desk.ops("/faq search zorblax")).text  # ops get the id for /faq show


async def test_dup_onto_an_answered_ticket_sends_its_answer_to_the_duplicates_askers(desk):
    await desk.say(MAP, user="alice", chat="groupA", message_id="a1")
    await desk.ops("/resolve 1 clear the map cache")
    await desk.say(DARK_MODE, user="bob", chat="groupB", message_id="b1")
    replies = await desk.say("/dup 2 1", user="olga", chat="ops-room")
    [post] = [r for r in replies if r.kind is ReplyKind.ANSWER]
    assert (post.chat.chat_id, post.reply_to_message_id) == ("groupB", "b1")
    assert "clear the map cache" in post.text and [m.user_id for m in post.mentions] == ["bob"]
    assert post.text.startswith("工单 #2（已并入 #1） 有答复了")
    assert not [r for r in replies if r.chat.chat_id == "groupA"]  # alice had the answer already


async def test_a_duplicate_cannot_be_reopened_its_original_can(desk):
    await desk.say(MAP, user="alice", chat="groupA")
    await desk.say(DARK_MODE, user="bob", chat="groupB")
    await desk.ops("/dup 2 1")
    reply = await desk.ops("/reopen 2")
    assert "reopen #1 instead" in reply.text
    assert (await desk.ticket(2)).status is TicketStatus.DUPLICATE
    assert (await desk.ticket(1)).summary.reports == 2


async def test_concurrent_faq_adds_all_reach_the_file(desk):
    # OneBot handles events concurrently; each /faq add must see the others' writes.
    lines = [f"/faq add How do I rename workspace {n}? | Settings > Workspace {n} > Rename." for n in range(4)]
    await asyncio.gather(*(desk.say(line, user="olga", chat="ops-room") for line in lines))
    learned = yaml.safe_load((desk.learned_dir / "learned.yaml").read_text(encoding="utf-8"))
    assert sorted(entry["question"] for entry in learned) == sorted(line[9:].split(" | ")[0] for line in lines)


async def test_the_same_failure_told_in_the_other_language_is_pointed_out_to_ops_not_merged(desk):
    await desk.say("条码扫描枪扫完一次就死机", user="alice", chat="groupA")
    replies = await desk.say("the barcode scanner freezes after every scan", user="bob", chat="groupB")
    [told, notice] = replies
    assert "#2" in told.text, "a ticket of its own: meaning across languages is a hint, not a merge"
    assert notice.chat.chat_id == "ops-room" and notice.text.startswith("New ticket #2")
    assert "🔗" in notice.text and "#1" in notice.text and "/dup 2 1" in notice.text
    assert await desk.event_kinds(2) == ["opened", "look_alike"]

    await desk.ops("/dup 2 1")
    assert (await desk.ticket(1)).summary.askers == 2
    [_told, unrelated] = await desk.say("our printer integration prints each label twice", user="carl", chat="groupC")
    assert "🔗" not in unrelated.text
