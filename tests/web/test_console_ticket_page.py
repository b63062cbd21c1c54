"""The ticket page as ops read it: the timeline in sentences of the page's language."""

from __future__ import annotations

import re

import pytest

from groupbot.core.tickets import TicketEvent
from groupbot.web.timeline import timeline
from tests.web.conftest import Desk

ZH = {"Accept-Language": "zh-CN"}


def _timeline_of(page: str) -> str:
    section = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S)
    assert section is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section.group(1)))


async def test_the_timeline_says_what_happened_in_the_page_language(desk: Desk) -> None:
    await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    await desk.platform.say("the sun panel on my roof hums every night", user="dave", chat="group-2")
    for command in ("/assign 1 me", "/resolve 1 Update the laser firmware.", "/dup 2 1"):
        await desk.platform.say(command, user="olga", chat="ops")
    page = await (await desk.client.get("/tickets/1", headers=ZH)).text()
    said = _timeline_of(page)
    assert "机器人 新建工单：" in said
    assert "olga 状态：待处理 → 处理中" in said
    assert "olga 指派给 Olga" in said
    assert "已解决，答复已发给每位提问人" in said
    assert said.count("Update the laser firmware.") == 1  # the status change and the resolve share it
    assert '<a href="/tickets/2">工单 #2 已合并到此工单（转入 1 条报告）</a>' in page
    assert "from=" not in said and "to=" not in said
    english = _timeline_of(await (await desk.client.get("/tickets/1")).text())
    assert "olga Assigned to Olga" in english and "Ticket #2 merged into this one" in english


def test_an_event_the_console_does_not_know_is_shown_as_stored() -> None:
    from datetime import UTC, datetime

    event = TicketEvent(3, "fake:olga", datetime(2026, 3, 2, tzinfo=UTC), "frobnicated", "", {"level": "9"})
    odd_status = TicketEvent(3, "bot", datetime(2026, 3, 2, tzinfo=UTC), "status", "", {"from": "open", "to": "new"})
    [unknown, status] = timeline([event, odd_status], "zh-CN")
    assert (unknown.actor, unknown.what) == ("olga", "frobnicated level=9")
    assert (status.actor, status.what) == ("机器人", "状态：待处理 → new")


def test_answers_to_an_update_and_added_details_are_not_called_new_reports() -> None:
    from datetime import UTC, datetime

    base = {"chat": "qq:555", "user": "77", "message": "m9"}
    when = datetime(2026, 3, 2, tzinfo=UTC)
    events = [TicketEvent(3, "bot", when, "report", "Chrome 120", {**base, "answers": "update"}),
              TicketEvent(3, "bot", when, "report", "X200", {**base, "adds": "details"}),
              TicketEvent(3, "bot", when, "report", "same here", base)]
    assert [line.what for line in timeline(events, "zh-CN")] == [
        "qq:555 的 77 回复了进展", "qq:555 的 77 补充了报告的细节", "qq:555 的 77 报告了同一问题"]
    assert timeline(events, "en")[0].what == "77 in qq:555 answered the update"


def test_a_report_joined_by_its_error_code_says_so() -> None:
    from datetime import UTC, datetime

    data = {"chat": "qq:555", "user": "77", "message": "m9", "score": "0.42", "code": "E1042"}
    events = [TicketEvent(3, "bot", datetime(2026, 3, 2, tzinfo=UTC), "report", "E1042 here too", data)]
    assert timeline(events, "en")[0].what == "Another report, from 77 in qq:555 (same error code E1042)"
    assert timeline(events, "zh-CN")[0].what == "qq:555 的 77 报告了同一问题（错误码同为 E1042）"


def test_the_notes_the_bot_writes_are_said_in_the_page_language() -> None:
    from datetime import UTC, datetime

    moved = {"from": "resolved", "to": "open"}
    events = [TicketEvent(3, "qq:77", datetime(2026, 3, 2, tzinfo=UTC), "status", "asker: not solved", moved),
              TicketEvent(3, "qq:77", datetime(2026, 3, 3, tzinfo=UTC), "status", "follow-up: not solved", moved),
              TicketEvent(3, "groupbot", datetime(2026, 3, 4, tzinfo=UTC), "escalate", "auto: outage", {"to": "rd"}),
              TicketEvent(3, "qq:olga", datetime(2026, 3, 5, tzinfo=UTC), "note", "asker: not solved?", {})]
    assert [line.note for line in timeline(events, "zh-CN")] == [
        "提问人表示问题仍未解决", "回访答复：未解决", "按规则“outage”自动升级", "asker: not solved?"]
    assert timeline(events, "en")[0].note == "the asker says it is not solved"


def test_an_unpicked_did_you_mean_is_said_with_the_entries_offered() -> None:
    from datetime import UTC, datetime

    offered = "导出报错 / 大数据量导出"
    event = TicketEvent(3, "bot", datetime(2026, 3, 2, tzinfo=UTC), "unpicked", offered, {"offered": "2"})
    [en] = timeline([event], "en")
    [zh] = timeline([event], "zh-CN")
    assert (en.what, en.note) == ("The bot offered 2 FAQ entries; the asker picked none", offered)
    assert zh.what == "机器人推荐了 2 个 FAQ 条目，提问人没有选择"


def test_a_look_alike_links_to_the_other_ticket() -> None:
    from datetime import UTC, datetime

    data = {"ticket": "7", "score": "0.64"}
    event = TicketEvent(9, "bot", datetime(2026, 3, 2, tzinfo=UTC), "look_alike", "扫码枪一扫就卡死", data)
    [line] = timeline([event], "en")
    assert (line.what, line.other_ticket) == ("Maybe the same problem as #7, told in the other language "
                                              "(meaning 0.64)", 7)
    assert timeline([event], "zh-CN")[0].what == "可能与 #7 是同一问题（另一种语言，语义相似度 0.64）"


def _offered(page: str, number: int) -> set[str]:
    return set(re.findall(rf'action="/tickets/{number}/(\w+)"', page))


async def test_the_page_offers_only_the_actions_the_ticket_status_allows(desk: Desk) -> None:
    await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    await desk.platform.say("the sun panel on my roof hums every night", user="dave", chat="group-2")
    fresh = await (await desk.client.get("/tickets/1")).text()
    everything = {"resolve", "reply", "assign", "escalate", "dup", "close", "wontfix", "reclassify", "severity", "note"}
    assert _offered(fresh, 1) == everything
    assert "Merge into ticket #" in fresh and ">Merge</button>" in fresh
    await desk.platform.say("/resolve 1 Update the laser firmware.", user="olga", chat="ops")
    resolved = await (await desk.client.get("/tickets/1")).text()
    assert _offered(resolved, 1) == {"assign", "reclassify", "severity", "close", "reopen", "learn", "note"}
    await desk.platform.say("/dup 2 1", user="olga", chat="ops")
    merged = await (await desk.client.get("/tickets/2", headers=ZH)).text()
    assert _offered(merged, 2) == {"note"}
    assert "如需处理，请重新打开它所合并到的工单" in merged


def _conversation_of(page: str) -> str:
    section = re.search(r'<ol class="chat">(.*?)</ol>', page, re.S)
    assert section is not None, page
    return section.group(1)


async def test_each_report_shows_its_chat_and_what_the_bot_did_with_each_message(desk: Desk) -> None:
    await desk.sign_in()
    await desk.platform.say("How do I reset my password?", user="carol", chat="group-1")
    await desk.platform.say("my moon laser keeps humming at night, why?", user="erin", chat="group-2")
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    await desk.platform.say("thanks, waiting for news", user="carol", chat="group-1")
    page = await (await desk.client.get("/tickets/1", headers=ZH)).text()
    chat = re.sub(r"\s+", " ", _conversation_of(page))  # the first report: erin's, alone in group-2
    assert "erin" in chat and "carol" not in chat
    assert '<a href="/tickets/1">#1</a>' in chat  # the ticket her message became
    carols = re.sub(r"\s+", " ", _conversation_of(page.split('<details class="conversation">', 2)[2]))
    assert "How do I reset my password?" in carols and "erin" not in carols
    assert '→ 机器人回答了 <a href="/knowledge/en-password-reset">en-password-reset</a>' in carols
    assert re.search(r'<li class="reported">.*?moon laser.*?机器人并入了已有工单 <a href="/tickets/1">#1</a>', carols)
    assert re.search(r'How do I reset my password\?</span> <span class="bot-did">[^<]*<a href="/knowledge/[^"]*">'
                     r'[^<]*</a></span>', carols)  # an answered question links its entry, and no ticket
    assert "thanks, waiting for news" in carols  # what the customer said after the report
    assert re.findall("前后对话（(\\d+) 条消息）", page) == ["1", "4"], re.findall("前后对话（.*?）", page)


async def test_times_are_shown_in_the_console_timezone_not_utc(desk: Desk) -> None:
    await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    assert desk.clock.now().strftime("%Y-%m-%d %H:%M") == "2026-11-23 09:00"  # UTC; Shanghai is 8 hours on
    queue = await (await desk.client.get("/")).text()
    assert '<td class="when">2026-11-23 17:00</td>' in queue and "Times are in Asia/Shanghai." in queue
    page = await (await desk.client.get("/tickets/1")).text()
    assert "09:00" not in page and '<span class="when">2026-11-23 17:00</span>' in page


async def test_reclassify_and_wont_fix_from_the_page_run_the_chat_commands(desk: Desk) -> None:
    csrf = await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    moved = await desk.client.post("/tickets/1/reclassify", data={"csrf": csrf, "category": "feature"}, headers=ZH)
    assert "flash ok" in await moved.text()
    refused = await desk.client.post("/tickets/1/reclassify", data={"csrf": csrf, "category": "moon"})
    assert "flash bad" in (said := await refused.text())
    assert "failure, howto" in said and "missing" not in said  # why, not "something is missing"
    closed = await desk.client.post("/tickets/1/wontfix", data={"csrf": csrf, "note": "works as designed"})
    assert "flash ok" in await closed.text()
    async with desk.bot.uow_factory() as uow:
        ticket = await uow.tickets.get(1)
        events = await uow.tickets.events(1)
    assert ticket is not None and (ticket.category.value, ticket.status.value) == ("feature", "wontfix")
    assert [(e.kind, e.data.get("to")) for e in events if e.kind in ("reclassify", "status")] == [
        ("reclassify", "feature"), ("status", "wontfix")]
    page = await (await desk.client.get("/tickets/1")).text()
    assert _offered(page, 1) == {"assign", "reclassify", "severity", "reopen", "note"}


async def test_a_merged_ticket_no_longer_runs_against_its_sla(desk: Desk) -> None:
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    await desk.platform.say("the sun panel on my roof hums every night", user="dave", chat="group-2")
    await desk.platform.say("/dup 2 1", user="olga", chat="ops")
    desk.clock.advance(days=30)  # long past every target
    await desk.sign_in()
    merged = await (await desk.client.get("/tickets/2", headers=ZH)).text()
    assert "不再计时（已合并到其他工单）" in merged and "已超时" not in merged
    still_open = await (await desk.client.get("/tickets/1")).text()
    assert "breached" in still_open
    # dave's message now lives on #1: the chat around it names #1, where the work goes on, not #2
    assert '<a href="/tickets/1">#1</a>' in _conversation_of(still_open.split('<details class="conversation">', 2)[2])
    assert '<a href="/tickets/2">#2</a>' not in _conversation_of(merged)


async def test_send_without_resolving_posts_an_update_and_keeps_the_ticket_open(desk: Desk) -> None:
    csrf = await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    await desk.platform.say("moon laser humming at night, why?", user="dave", chat="group-2")
    before = len(desk.platform.sent)
    asked = "Which firmware version does your laser show under Settings?"
    page = await (await desk.client.post("/tickets/1/reply", data={"csrf": csrf, "text": asked})).text()
    assert "the update went to 2 askers in 2 chats" in page
    posted = {reply.chat.chat_id for reply in desk.platform.sent[before:] if asked in reply.text}
    assert posted == {"group-1", "group-2"}
    async with desk.bot.uow_factory() as uow:
        ticket = await uow.tickets.get(1)
    assert ticket is not None and ticket.is_open and ticket.first_response_at == desk.clock.now()
    assert "olga Replied to every asker" in _timeline_of(page)
    assert "Send without resolving" in page  # still open: the box offers both again


def _due_times(page: str) -> list[str]:
    return re.findall(r"\(due (\d{4}-\d\d-\d\d \d\d:\d\d)\)", page)


async def test_raising_the_severity_from_the_page_tightens_the_sla(desk: Desk) -> None:
    csrf = await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    guessed = (await _ticket(desk, 1)).severity.value
    assert guessed != "critical"
    before = _due_times(await (await desk.client.get("/tickets/1")).text())
    raised = await desk.client.post("/tickets/1/severity", data={"csrf": csrf, "severity": "critical"})
    assert "flash ok" in await raised.text()
    after = _due_times(await (await desk.client.get("/tickets/1")).text())
    # Acting on the ticket is its first response (as for any ops action); the resolution is due much sooner.
    assert len(before) == 2 and len(after) == 1 and after[0] < before[1]
    refused = await desk.client.post("/tickets/1/severity", data={"csrf": csrf, "severity": "apocalyptic"})
    assert "flash bad" in await refused.text()
    async with desk.bot.uow_factory() as uow:
        events = [e for e in await uow.tickets.events(1) if e.kind == "severity"]
    assert [(e.actor, e.data) for e in events] == [("fake:olga", {"from": guessed, "to": "critical"})]
    page = await (await desk.client.get("/tickets/1", headers=ZH)).text()
    assert "严重程度：" in page and "→ 紧急" in page  # the timeline names the levels


async def _ticket(desk: Desk, number: int):
    async with desk.bot.uow_factory() as uow:
        return await uow.tickets.get(number)


def _split_buttons(page: str) -> list[str]:
    return re.findall(r'action="/tickets/\d+/split".*?name="report" value="(\d+)"', page, re.S)


async def test_a_report_merged_by_mistake_is_split_off_from_the_page(desk: Desk) -> None:
    csrf = await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    await desk.platform.say("moon laser humming at night, why?", user="dave", chat="group-2")
    page = await (await desk.client.get("/tickets/1")).text()
    assert _split_buttons(page) == ["1", "2"] and "split" in _offered(page, 1)
    assert re.findall(r'<span class="position">(\d+)\.</span> <span class="who">(\w+)', page) == [
        ("1", "Carol"), ("2", "Dave")]  # numbered as /split counts them
    forged = await desk.client.post("/tickets/1/split", data={"report": "2"}, allow_redirects=False)
    assert forged.status == 403
    missing = await (await desk.client.post("/tickets/1/split", data={"csrf": csrf, "report": "3"})).text()
    assert "flash bad" in missing and "there is no report 3" in missing
    split = await (await desk.client.post("/tickets/1/split", data={"csrf": csrf, "report": "2"}, headers=ZH)).text()
    assert "flash ok" in split and "工单 #1 的第 2 条反馈已拆分为新工单 #2" in split
    assert '<a href="/tickets/2">第 2 条报告已拆分为单独的工单 #2</a>' in split
    assert _split_buttons(split) == [] and "split" not in _offered(split, 1)  # one report left: nothing to split
    new = await (await desk.client.get("/tickets/2")).text()
    assert '<a href="/tickets/1">Split off ticket #1, where it was report 2</a>' in new
    assert "moon laser humming at night, why?" in new and "carol" not in new.lower()


def test_both_sides_of_a_split_link_to_the_other_ticket() -> None:
    from datetime import UTC, datetime

    when = datetime(2026, 3, 2, tzinfo=UTC)
    where = {"report": "3", "chat": "fake:group-2", "message": "m7"}
    left = TicketEvent(4, "fake:olga", when, "split", "moon laser", {"to": "9", **where})
    came = TicketEvent(9, "fake:olga", when, "split", "moon laser", {"from": "4", **where, "told": "4"})
    assert [(line.what, line.other_ticket) for line in timeline([left], "en") + timeline([came], "en")] == [
        ("Report 3 split off into a ticket of its own, #9", 9), ("Split off ticket #4, where it was report 3", 4)]
    assert timeline([came], "zh-CN")[0].what == "从工单 #4 拆分而来（原第 3 条报告）"


@pytest.mark.parametrize("outcome", ["ask_me", "too_long", "ticket_reopened", "follow_up:solved",
                                     "follow_up:not_solved", "ticket_reply", "ticket_details", "ticket_details_quiet",
                                     "command:assign", "feedback:helpful"])
@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_what_the_bot_did_is_said_in_words_not_its_outcome_key(outcome: str, locale: str) -> None:
    from groupbot.web.conversation import bot_did

    said = bot_did(outcome, locale)
    assert said and said != outcome and "_" not in said


async def test_details_a_reporter_adds_are_not_called_an_answer_to_an_update(desk: Desk) -> None:
    await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    await desk.platform.say("model X200, firmware 2.1, since Tuesday", user="carol", chat="group-1")
    chat = re.sub(r"\s+", " ", _conversation_of(await (await desk.client.get("/tickets/1")).text()))
    assert "firmware 2.1" in chat and "added to the sender&#39;s own report as details" in chat
    assert "update" not in chat
