"""The console's security: sign-in required everywhere, one-time links, CSRF, escaping, rate limits."""

from __future__ import annotations

import re
from pathlib import Path

from groupbot.core.messages import ChatKind, Role
from tests.fakes import SettableClock
from tests.web.conftest import Desk, console_settings, desk_on

PAGES = ["/", "/tickets/1", "/knowledge", "/knowledge/new", "/knowledge/import", "/knowledge/en-password-reset",
         "/insights", "/insights/2026-W01", "/insights/2026-W01.png", "/groups"]
POSTS = ["/tickets/1/resolve", "/knowledge/save", "/knowledge/try", "/knowledge/preview", "/knowledge/import",
         "/knowledge/x/delete", "/groups/fake/group-1", "/signout"]


async def test_every_page_needs_a_session(desk: Desk) -> None:
    for path in PAGES:
        response = await desk.client.get(path)
        assert response.status == 401, path
        assert "/web" in await response.text()
    for path in POSTS:
        assert (await desk.client.post(path, data={"text": "x"})).status == 401, path


async def test_web_sends_the_link_in_a_direct_message_only(desk: Desk) -> None:
    replies = await desk.platform.say("/web", user="olga", chat="group-1")
    in_group = [r for r in replies if r.chat.chat_id == "group-1"]
    direct = [r for r in replies if r.chat.kind is ChatKind.PRIVATE]
    assert len(in_group) == 1 and "signin?token=" not in in_group[0].text
    assert len(direct) == 1 and direct[0].chat.chat_id == "olga" and "signin?token=" in direct[0].text
    async with desk.bot.uow_factory() as uow:
        assert await uow.outbox.find() == []  # the link is never stored


async def test_customers_get_no_link(desk: Desk) -> None:
    replies = await desk.platform.say("/web", user="carol")
    assert not any("signin?token=" in reply.text for reply in replies)


async def test_a_link_works_once(desk: Desk) -> None:
    link = await desk.link_for()
    first = await desk.client.get(link, allow_redirects=False)
    assert first.status == 303
    cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    desk.client.session.cookie_jar.clear()
    again = await desk.client.get(link)
    assert again.status == 403
    assert "used" in await again.text()


async def test_an_expired_link_is_refused(desk: Desk) -> None:
    link = await desk.link_for()
    desk.clock.advance(minutes=10, seconds=1)
    response = await desk.client.get(link)
    assert response.status == 403
    assert "expired" in await response.text()


async def test_a_forged_link_is_refused(desk: Desk) -> None:
    link = await desk.link_for()
    forged = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    assert (await desk.client.get(forged)).status == 403
    assert (await desk.client.get("/signin?token=nonsense")).status == 403


async def test_a_post_without_the_csrf_token_is_refused(desk: Desk) -> None:
    csrf = await desk.sign_in()
    await desk.platform.say("my moon laser keeps humming at night, why?", user="carol")
    refused = await desk.client.post("/tickets/1/note", data={"text": "checking"}, allow_redirects=False)
    assert refused.status == 403
    wrong = await desk.client.post("/tickets/1/note", data={"text": "x", "csrf": "wrong"}, allow_redirects=False)
    assert wrong.status == 403
    done = await desk.client.post("/tickets/1/note", data={"text": "checking", "csrf": csrf}, allow_redirects=False)
    assert done.status == 303
    async with desk.bot.uow_factory() as uow:
        notes = [e for e in await uow.tickets.events(1) if e.kind == "note"]
    assert [(n.actor, n.note) for n in notes] == [("fake:olga", "checking")]


async def test_script_in_customer_text_and_faq_answers_is_shown_as_text(desk: Desk) -> None:
    csrf = await desk.sign_in()
    await desk.platform.say("why does <script>alert(1)</script> appear on my moon laser dashboard?", user="carol")
    page = await (await desk.client.get("/tickets/1")).text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    entry = {"csrf": csrf, "is_new": "1", "id": "xss-test", "question": "What about scripts in answers?",
             "answer": "<script>alert(2)</script> is text", "category": "other"}
    assert (await desk.client.post("/knowledge/save", data=entry, allow_redirects=False)).status == 303
    listing = await (await desk.client.get("/knowledge?q=xss")).text()
    assert "<script>alert(2)</script>" not in listing and "&lt;script&gt;alert(2)" in listing
    response = await desk.client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


async def test_link_issuing_is_rate_limited(desk: Desk) -> None:
    texts = [[r.text for r in await desk.platform.say("/web", user="olga")] for _ in range(4)]
    assert all(any("signin?token=" in t for t in batch) for batch in texts[:3])
    assert not any("signin?token=" in t for t in texts[3])
    desk.clock.advance(minutes=11)
    assert any("signin?token=" in r.text for r in await desk.platform.say("/web", user="olga"))


async def test_link_use_is_rate_limited(desk: Desk) -> None:
    statuses = [(await desk.client.get(f"/signin?token=bad{n}")).status for n in range(11)]
    assert statuses[:10] == [403] * 10
    assert statuses[10] == 429


async def test_only_admins_delete_entries(desk: Desk) -> None:
    csrf = await desk.sign_in("olga")
    response = await desk.client.post("/knowledge/en-password-reset/delete", data={"csrf": csrf})
    assert response.status == 403
    assert re.search(r"admins", await response.text())


async def test_group_admins_are_ops_in_their_group_but_get_no_console_link(db_url: str, tmp_path: Path) -> None:
    settings = console_settings(db_url, tmp_path)
    settings = settings.model_copy(update={"ops": settings.ops.model_copy(update={"chat_admins_are_ops": True})})
    async with desk_on(settings, SettableClock()) as desk:
        replies = await desk.platform.say("/web", user="grace", role=Role.OPS)  # the platform says: group admin
        assert [reply.chat.chat_id for reply in replies] == ["group-1"]
        assert "ops.users" in replies[0].text and "signin?token=" not in replies[0].text
        assert (await desk.client.get(await desk.link_for("olga"), allow_redirects=False)).status == 303
