"""Insights, groups, imports and languages, through the console's HTTP interface."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from aiohttp import FormData

from groupbot.core.digest import IsoWeek
from groupbot.features.digest.demo_seed import seed_demo
from groupbot.features.escalation.config import sla_policy_from
from tests.web.conftest import Desk


async def test_insights_show_the_digest_numbers_and_chart(desk: Desk) -> None:
    week = IsoWeek.containing(desk.clock.now(), "Asia/Shanghai")
    await desk.sign_in()
    fresh = await (await desk.client.get("/insights")).text()
    assert "No past week with activity yet." in fresh and 'href="/insights/20' not in fresh  # no empty weeks
    async with desk.bot.uow_factory() as uow:
        await seed_demo(uow, week.previous(), sla_policy_from(desk.bot.settings.sla), "Asia/Shanghai")
        await uow.commit()
    await desk.sign_in()
    page = await (await desk.client.get("/insights")).text()
    for heading in ("Answer rate per day", "Week over week", "Top unanswered questions", "FAQ coverage",
                    "SLA breaches", "Weekly digest archive"):
        assert heading in page
    assert f'href="/insights/{week.previous()}"' in page  # the seeded week is in the archive
    covered = re.search(r"would answer (\d+) of last week&#39;s (\d+)", page)
    assert covered is not None and int(covered.group(2)) > 0
    chart = await desk.client.get(f"/insights/{week.previous()}.png")
    assert chart.status == 200 and chart.content_type == "image/png"
    assert (await chart.read()).startswith(b"\x89PNG")
    archived = await (await desk.client.get(f"/insights/{week.previous()}")).text()
    assert str(week.previous()) in archived
    assert (await desk.client.get(f"/insights/{week}")).status == 200  # this week so far
    future = week
    for _ in range(3):
        future = IsoWeek.containing(future.start("Asia/Shanghai") + timedelta(days=7), "Asia/Shanghai")
    for path in (f"/insights/{future}", f"/insights/{future}.png"):
        assert (await desk.client.get(path)).status == 404, path  # no digest of weeks to come


async def test_groups_list_chats_and_change_mode_and_language(desk: Desk) -> None:
    await desk.platform.say("hello there, how do I export a report?", chat="sales-team")
    csrf = await desk.sign_in()
    page = await (await desk.client.get("/groups")).text()
    assert "sales-team" in page
    form = {"csrf": csrf, "mode": "questions", "locale": "zh-CN"}
    assert (await desk.client.post("/groups/fake/sales-team", data=form, allow_redirects=False)).status == 303
    async with desk.bot.uow_factory() as uow:
        from groupbot.core.messages import ChatRef

        saved = await uow.chats.get(ChatRef("fake", "sales-team"))
    assert saved is not None and (saved.mode.value, saved.locale) == ("questions", "zh-CN")
    bad = await desk.client.post("/groups/fake/sales-team", data={**form, "mode": "shout"})
    assert bad.status == 400
    # Some platforms' chat ids hold a slash (a WeCom chat id, a Telegram topic): the form still saves.
    await desk.platform.say("hello there, how do I export a report?", chat="org/42")
    page = await (await desk.client.get("/groups")).text()
    action = re.search(r'action="(/groups/fake/org[^"]*)"', page).group(1)
    assert (await desk.client.post(action, data=form, allow_redirects=False)).status == 303
    async with desk.bot.uow_factory() as uow:
        slashed = await uow.chats.get(ChatRef("fake", "org/42"))
    assert slashed is not None and slashed.mode.value == "questions"


async def test_the_chat_list_tells_groups_from_direct_chats_and_filters_by_kind(desk: Desk) -> None:
    await desk.platform.say("hello there, how do I export a report?", chat="sales-team")
    await desk.platform.say("how do I export a report?", chat="dm-carol", user="carol", direct=True)
    csrf = await desk.sign_in()
    page = await (await desk.client.get("/groups")).text()
    rows = dict(re.findall(r"<small>([\w-]+)</small></td>\s*<td class=\"kind\">([^<]+)</td>", page))
    assert rows == {"sales-team": "group", "dm-carol": "direct chat", "group-1": "group"}  # group-1: the sign-in
    assert "<h1>Chats</h1>" in page and ">All (3)</a>" in page and ">Direct chats (1)</a>" in page
    direct = await (await desk.client.get("/groups?kind=private")).text()
    assert "dm-carol" in direct and "sales-team" not in direct
    groups = await (await desk.client.get("/groups?kind=group", headers={"Accept-Language": "zh-CN"})).text()
    assert "sales-team" in groups and "dm-carol" not in groups
    assert "<h1>会话</h1>" in groups and ">群聊（2）</a>" in groups and '<td class="kind">群聊</td>' in groups
    # Settings saved from the console keep the chat's kind: a direct chat is not made a group by it.
    form = {"csrf": csrf, "mode": "all", "locale": ""}
    assert (await desk.client.post("/groups/fake/dm-carol", data=form, allow_redirects=False)).status == 303
    async with desk.bot.uow_factory() as uow:
        from groupbot.core.messages import ChatKind, ChatRef

        saved = await uow.chats.get(ChatRef("fake", "dm-carol"))
    assert saved is not None and saved.chat.kind is ChatKind.PRIVATE


async def test_an_xlsx_import_previews_then_writes_the_good_rows(desk: Desk) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "question", "answer", "aliases", "tags"])
    sheet.append(["moon-aim", "How do I aim the moon laser?", "Use the scope.", "aim it|point it", "laser"])
    sheet.append(["moon bad", "Spaces in the id?", "No.", None, None])
    data = io.BytesIO()
    book.save(data)
    csrf = await desk.sign_in()
    form = FormData()
    form.add_field("csrf", csrf)
    form.add_field("file", data.getvalue(), filename="faq.xlsx")
    page = await (await desk.client.post("/knowledge/import", data=form)).text()
    assert "row 3, column A (id)" in page
    plan = re.search(r'action="/knowledge/import/([^"]+)"', page).group(1)
    applied = await desk.client.post(f"/knowledge/import/{plan}", data={"csrf": csrf})
    assert "1 added" in await applied.text()
    assert desk.bot.catalog.entry("moon-aim").tags == ("laser",)
    again = await desk.client.post(f"/knowledge/import/{plan}", data={"csrf": csrf})
    assert "Nothing to import" in await again.text()


async def test_a_jsonl_upload_and_a_wrong_file_kind(desk: Desk) -> None:
    csrf = await desk.sign_in()
    line = {"id": "moon-aim", "question": "How do I aim the moon laser?", "aliases": [], "answer": "Scope.",
            "category": "howto"}
    form = FormData()
    form.add_field("csrf", csrf)
    form.add_field("file", (json.dumps(line) + "\n{broken\n").encode(), filename="faq.jsonl")
    page = await (await desk.client.post("/knowledge/import", data=form)).text()
    assert "line 2: not valid JSON" in page and "moon-aim" in page
    wrong = FormData()
    wrong.add_field("csrf", csrf)
    wrong.add_field("file", b"%PDF", filename="faq.pdf")
    response = await desk.client.post("/knowledge/import", data=wrong)
    assert response.status == 422 and "use a .csv, .xlsx or .jsonl file" in await response.text()


async def test_pages_follow_the_browser_language_and_the_switch(desk: Desk) -> None:
    await desk.sign_in()
    chinese = await (await desk.client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})).text()
    assert "<h1>工单</h1>" in chinese
    await desk.client.get("/lang?to=en&next=/knowledge")
    english = await (await desk.client.get("/", headers={"Accept-Language": "zh-CN"})).text()
    assert "<h1>Tickets</h1>" in english
    away = await desk.client.get("/lang?to=en&next=//evil.example", allow_redirects=False)
    assert away.headers["Location"] == "/"


async def test_the_queue_filters_counts_and_pages(desk: Desk) -> None:
    await desk.sign_in()
    questions = [f"my moon laser model {n} refuses to start at night, why?" for n in range(3)]
    for n, question in enumerate(questions):
        await desk.platform.say(question, user=f"user{n}", chat=f"group-{n}")
    listed = await (await desk.client.get("/?status=all")).text()
    total = int(re.search(r"(\d+) tickets?\b", listed).group(1))
    assert total >= 1
    in_group = await (await desk.client.get("/?status=all&group=group-0")).text()
    assert re.search(r"\b1 ticket\b", in_group)  # one, not "1 tickets"
    nothing = await (await desk.client.get("/?status=all&q=no+such+words+anywhere")).text()
    assert "No tickets match." in nothing
    partial = await desk.client.get("/?status=all", headers={"HX-Request": "true"})
    assert "<html" not in await partial.text()


async def test_the_queue_finds_a_ticket_by_its_number_whatever_its_status(desk: Desk) -> None:
    await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    await desk.platform.say("the sun panel on my roof shows error 1 every morning", user="dave", chat="group-2")
    await desk.platform.say("/resolve 1 Update the laser firmware.", user="olga", chat="ops")
    numbers = re.compile(r'href="/tickets/(\d+)"')
    quoted = await (await desk.client.get("/?status=open&q=%231")).text()
    assert set(numbers.findall(quoted)) == {"1"}  # resolved, yet found: the customer quoted its number
    plain = await (await desk.client.get("/?status=all&q=1")).text()
    assert set(numbers.findall(plain)) == {"1", "2"}  # the number, and "error 1" in the text
    other = await (await desk.client.get("/?status=all&q=%232")).text()
    assert set(numbers.findall(other)) == {"2"}


async def test_trying_a_question_says_the_decision_in_the_page_language(desk: Desk) -> None:
    csrf = await desk.sign_in()
    zh = {"Accept-Language": "zh-CN"}
    answered = await desk.client.post("/knowledge/try", data={"csrf": csrf, "question": "How do I reset my password?"},
                                      headers=zh)
    assert '<strong class="decision">直接用第一个条目回答</strong>' in await answered.text()
    unknown = await desk.client.post("/knowledge/try", data={"csrf": csrf, "question": "my moon laser hums, why?"})
    assert '<strong class="decision">no answer: it becomes a ticket</strong>' in await unknown.text()


async def test_trying_a_question_shows_the_five_nearest_entries_and_the_thresholds(desk: Desk) -> None:
    csrf = await desk.sign_in()
    limits = desk.bot.catalog.decide("password").thresholds
    # One word: a did-you-mean of three at most, yet the page shows the five entries nearest to it.
    page = await (await desk.client.post("/knowledge/try", data={"csrf": csrf, "question": "password"})).text()
    assert '<strong class="decision">suggest the first entries</strong>' in page
    assert "too few words to be sure" in page
    assert f"answer at {limits.answer:g} or more" in page and f"suggest from {limits.suggest:g}" in page
    table = page[page.index('<table class="list nearest">'):page.index("</table>")]
    assert "<caption>The 5 nearest entries</caption>" in table
    ids = re.findall(r'href="/knowledge/([\w-]+)"', table)
    scores = [float(score) for score in re.findall(r'<td class="score">([\d.]+)</td>', table)]
    assert len(ids) == len(set(ids)) == 5 and ids[0] == "en-password-reset"
    assert scores == sorted(scores, reverse=True)
    bands = re.findall(r'<td class="band">(\w+)</td>', table)
    assert bands == ["answer" if s >= limits.answer else "suggest" if s >= limits.suggest else "neither"
                     for s in scores]
    zh = await desk.client.post("/knowledge/try", data={"csrf": csrf, "question": "my moon laser hums, why?"},
                                headers={"Accept-Language": "zh-CN"})
    text = await zh.text()
    assert "当前阈值" in text and f"分数 ≥ {limits.suggest:g} 列出候选" in text and "最接近的 5 个条目" in text
    assert text.count('<td class="band">均未达到</td>') == 5  # an abstention: nothing reaches either line


async def test_the_queue_flags_tickets_whose_sla_is_breached(desk: Desk) -> None:
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="group-1")
    await desk.platform.say("the sun panel on my roof shows error 7 every morning", user="dave", chat="group-2")
    await desk.platform.say("/resolve 2 Clean the panel.", user="olga", chat="ops")
    desk.clock.advance(days=10)  # past both targets of an untouched ticket
    await desk.platform.say("my garden robot will not charge since Monday", user="erin", chat="group-3")
    await desk.sign_in()
    rows = re.findall(r"<tr>(.*?)</tr>", await (await desk.client.get("/?status=all")).text(), re.S)
    flagged = {re.search(r"#(\d+)", row).group(1): "SLA breached" in row for row in rows[1:]}
    assert flagged == {"1": True, "2": False, "3": False}


async def test_the_queue_search_finds_tickets_by_asker_and_group_too(desk: Desk) -> None:
    await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol", chat="acme-support")
    await desk.platform.say("the sun panel on my roof shows error 7 every morning", user="dave", chat="globex")
    numbers = re.compile(r'href="/tickets/(\d+)"')
    for wanted, found in (("CAROL", {"1"}), ("acme", {"1"}), ("globe", {"2"}), ("nobody-here", set())):
        page = await (await desk.client.get(f"/?status=all&q={wanted}")).text()
        assert set(numbers.findall(page)) == found, wanted


async def test_the_header_shows_who_is_signed_in_and_asks_for_no_favicon(desk: Desk) -> None:
    await desk.sign_in()
    page = await (await desk.client.get("/")).text()
    assert re.search(r'<span class="me" title="Signed in as fake:olga \(ops\)">Olga</span>', page)
    assert '<link rel="icon" href="data:,">' in page  # else every page load asks /favicon.ico for a 404


@pytest.mark.parametrize("language", ["en", "zh-CN"])
async def test_the_queue_status_filter_names_each_choice_once(desk: Desk, language: str) -> None:
    await desk.sign_in()
    page = await (await desk.client.get("/", headers={"Accept-Language": language})).text()
    select = re.search(r'<select name="status">(.*?)</select>', page, re.S)
    assert select is not None
    names = re.findall(r"<option[^>]*>([^<]+)</option>", select.group(1))
    assert len(names) == len(set(names)) > 5, names
