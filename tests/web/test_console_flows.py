"""Console actions take the chat's paths: resolve posts to every asker, FAQ edits reach the matcher."""

from __future__ import annotations

import warnings

from groupbot.core.messages import ReplyKind
from groupbot.faqfiles.tables import plan_import, read_upload
from tests.web.conftest import Desk

QUESTION = "my moon laser keeps humming at night, why?"


async def test_resolving_in_the_console_posts_the_answer_to_every_group(desk: Desk) -> None:
    csrf = await desk.sign_in()
    await desk.platform.say(QUESTION, user="carol", chat="group-1")
    await desk.platform.say("moon laser humming at night, why?", user="dave", chat="group-2")
    before = len(desk.platform.sent)
    form = {"csrf": csrf, "text": "Update the laser firmware to 2.1."}
    response = await desk.client.post("/tickets/1/resolve", data=form)
    assert response.status == 200
    assert "resolved" in (await response.text()).lower()
    answers = [r for r in desk.platform.sent[before:] if r.kind is ReplyKind.ANSWER]
    assert sorted(r.chat.chat_id for r in answers) == ["group-1", "group-2"]
    async with desk.bot.uow_factory() as uow:
        events = await uow.tickets.events(1)
    assert ("resolve", "fake:olga") in [(e.kind, e.actor) for e in events]


async def test_a_ticket_page_links_the_screenshots_and_never_a_script(desk: Desk) -> None:
    await desk.sign_in()
    shot = "https://pictures.example.test/download?fileid=e1&rkey=k"
    await desk.platform.say(QUESTION, user="carol", chat="group-1", images=(shot, "javascript:alert(1)"))
    page = await (await desk.client.get("/tickets/1")).text()
    assert 'href="https://pictures.example.test/download?fileid=e1&amp;rkey=k"' in page
    assert 'rel="noopener noreferrer"' in page and "javascript:" not in page


async def test_a_photo_kept_by_reference_is_served_by_the_console_and_only_to_a_signed_in_user(desk: Desk) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32
    desk.platform.pictures["telegram:shot-1"] = png
    desk.platform.pictures["telegram:page-2"] = b"<svg onload=alert(1)>"
    await desk.platform.say(QUESTION, user="carol", chat="group-1", images=("telegram:shot-1", "telegram:page-2"))
    anonymous = await desk.client.get("/tickets/1/pictures/1/1", allow_redirects=False)
    assert anonymous.status in (302, 303, 401) and await anonymous.read() != png
    await desk.sign_in()
    page = await (await desk.client.get("/tickets/1")).text()
    assert 'href="/tickets/1/pictures/1/1"' in page and 'src="/tickets/1/pictures/1/1"' in page  # a thumbnail
    assert "telegram:" not in page
    served = await desk.client.get("/tickets/1/pictures/1/1")
    assert (served.status, served.content_type, await served.read()) == (200, "image/png", png)
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    refused = await desk.client.get("/tickets/1/pictures/1/2")  # no picture: never served as what it claims
    assert refused.status == 404 and "svg" not in await refused.text()
    for missing in ("/tickets/1/pictures/1/3", "/tickets/1/pictures/2/1", "/tickets/9/pictures/1/1"):
        assert (await desk.client.get(missing)).status == 404


async def test_a_link_picture_opens_its_page_from_the_picture_route(desk: Desk) -> None:
    await desk.sign_in()
    shot = "https://pictures.example.test/download?fileid=e2"
    await desk.platform.say(QUESTION, user="carol", chat="group-1", images=(shot,))
    response = await desk.client.get("/tickets/1/pictures/1/1", allow_redirects=False)
    assert (response.status, response.headers["Location"]) == (302, shot)


async def test_a_refused_action_says_why_and_changes_nothing(desk: Desk) -> None:
    csrf = await desk.sign_in()
    await desk.platform.say(QUESTION, user="carol")
    page = await (await desk.client.post("/tickets/1/reopen", data={"csrf": csrf})).text()
    assert "flash bad" in page


async def test_editing_an_entry_changes_what_the_bot_answers(desk: Desk) -> None:
    csrf = await desk.sign_in()
    entry = desk.bot.catalog.entry("en-password-reset")
    assert entry is not None
    form = {"csrf": csrf, "is_new": "0", "id": "en-password-reset", "question": entry.question,
            "aliases": "my moon laser forgot its passcode", "answer": "Use the moon laser reset key.",
            "category": entry.category, "tags": ""}
    assert (await desk.client.post("/knowledge/save", data=form, allow_redirects=False)).status == 303
    decision = desk.bot.catalog.decide("my moon laser forgot its passcode")
    assert decision.best is not None and decision.best.entry_id == "en-password-reset"
    async with desk.bot.uow_factory() as uow:
        stored = await uow.faq.get("en-password-reset")
    assert stored is not None and stored.answer == "Use the moon laser reset key."


async def test_faq_commands_in_the_chat(desk: Desk) -> None:
    shown = await desk.platform.say("/faq show en-password-reset", user="olga")
    assert "en-password-reset" in shown[0].text
    await desk.platform.say("/faq alias en-password-reset lunar laser passcode lost", user="olga")
    assert desk.bot.catalog.decide("lunar laser passcode lost").best.entry_id == "en-password-reset"
    aliases = desk.bot.catalog.entry("en-password-reset").aliases
    for again in ("Lunar laser passcode lost!", "How do I reset my password?"):  # known wordings, other case
        said = await desk.platform.say(f"/faq alias en-password-reset {again}", user="olga")
        assert "already has that wording" in said[0].text
    assert desk.bot.catalog.entry("en-password-reset").aliases == aliases
    edited = await desk.platform.say("/faq edit en-password-reset answer Press the red button.", user="olga")
    assert "answer" in edited[0].text
    assert desk.bot.catalog.entry("en-password-reset").answer == "Press the red button."
    await desk.platform.say("/lang zh", user="olga", chat="ops-zh")
    tagged = await desk.platform.say("/faq edit en-password-reset tags 密码, 重置", user="olga", chat="ops-zh")
    assert "标签 已修改" in tagged[0].text and "tags" not in tagged[0].text  # the field named in the reply's language
    refused = await desk.platform.say("/faq delete en-password-reset", user="olga")
    assert desk.bot.catalog.entry("en-password-reset").answer == "Press the red button.", refused[0].text
    # The edits live in the learned directory; deleting them brings the shipped entry back.
    await desk.platform.say("/faq delete en-password-reset", user="ada")
    assert desk.bot.catalog.entry("en-password-reset").answer != "Press the red button."
    shipped = await desk.platform.say("/faq delete en-password-reset", user="ada")
    assert "shipped FAQ" in shipped[0].text
    await desk.platform.say("/faq add How do I aim the moon laser? | Use the scope.", user="olga")
    added = next(e for e in (await _entries(desk)) if e.question == "How do I aim the moon laser?")
    await desk.platform.say(f"/faq delete {added.id}", user="ada")
    assert desk.bot.catalog.entry(added.id) is None
    async with desk.bot.uow_factory() as uow:
        assert await uow.faq.get(added.id) is None


async def _entries(desk: Desk) -> list:
    async with desk.bot.uow_factory() as uow:
        return await uow.faq.all()


def test_a_csv_with_a_bad_row_names_row_and_column() -> None:
    data = "id,question,answer,aliases\nmoon,How do I aim the laser?,Use the scope.,aim | point\nbad,Broken?,,\n"
    plan = plan_import(read_upload("faq.csv", data.encode()), [])
    assert [e.id for e in plan.added] == ["moon"]
    assert plan.added[0].aliases == ("aim", "point")
    assert [p.message for p in plan.problems] == ["row 3, column C (answer): 'answer' is empty"]


def test_chart_fonts_stay_with_their_chart() -> None:
    from matplotlib import pyplot as plt

    from groupbot.core.digest import AnswerStats, DigestInput, IsoWeek, build_digest
    from groupbot.features.digest.chart import render_chart

    before = list(plt.rcParams["font.sans-serif"])
    week = IsoWeek.parse("2026-W10")
    # An empty week: matplotlib's axis then runs below zero, and "−0.04" needs U+2212.
    digest = build_digest(DigestInput(week, "UTC", [], AnswerStats(), AnswerStats()), lambda _text: False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert render_chart(digest, "zh-CN") is not None
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert plt.rcParams["font.sans-serif"] == before
    assert render_chart(digest, "en") is not None


def test_an_upload_without_a_column_keeps_that_field_of_the_entry_it_replaces() -> None:
    from pathlib import Path

    from groupbot.faqfiles import scan_faq_dir

    existing = scan_faq_dir(Path(__file__).resolve().parents[2] / "faq" / "en").entries
    old = next(item.entry for item in existing if item.entry.id == "en-password-reset")
    data = "id,question,answer\nen-password-reset,How do I reset my password?,Use the reset link.\n"
    plan = plan_import(read_upload("faq.csv", data.encode()), existing)
    [(before, after)] = plan.changed
    assert before.answer != after.answer == "Use the reset link."
    assert (after.tags, after.aliases, after.category) == (old.tags, old.aliases, old.category)


async def test_me_in_the_console_is_the_same_owner_as_me_in_chat(desk: Desk) -> None:
    csrf = await desk.sign_in("olga")  # her chat display name is "Olga"
    await desk.platform.say(QUESTION, user="carol", chat="group-1")
    await desk.platform.say("the coffee widget draws purple squares on our wall display", user="dave", chat="group-2")
    await desk.platform.say("/assign 1 me", user="olga", chat="ops")
    response = await desk.client.post("/tickets/2/assign", data={"csrf": csrf})
    assert response.status == 200
    async with desk.bot.uow_factory() as uow:
        owners = [(await uow.tickets.get(number)).assignee for number in (1, 2)]
    assert owners == ["Olga", "Olga"]
    mine = await desk.platform.say("/tickets mine", user="olga", chat="ops")
    assert "#1" in mine[0].text and "#2" in mine[0].text
    queue = await (await desk.client.get("/")).text()
    assert 'href="/?owner=Olga"' in queue  # the "Assigned to me" shortcut
    shortcut = await (await desk.client.get("/?owner=Olga")).text()
    assert 'href="/tickets/1"' in shortcut and 'href="/tickets/2"' in shortcut


async def test_a_new_entry_cannot_take_an_id_the_console_needs_or_one_already_used(desk: Desk) -> None:
    csrf = await desk.sign_in()
    form = {"csrf": csrf, "is_new": "1", "question": "How do I order new moon lasers?",
            "answer": "From the shop page.", "category": "howto", "aliases": "", "tags": ""}
    taken = await desk.client.post("/knowledge/save", data={**form, "id": "new"}, headers={"Accept-Language": "zh"})
    assert taken.status == 422 and "与控制台页面重名" in await taken.text()
    used = await desk.client.post("/knowledge/save", data={**form, "id": "en-password-reset"})
    assert used.status == 409 and "already exists" in await used.text()
    assert desk.bot.catalog.entry("new") is None
    assert desk.bot.catalog.entry("en-password-reset").answer != "From the shop page."
