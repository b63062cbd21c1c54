"""Screenshots: they go onto the ticket with the report, or with the report that follows them."""

from __future__ import annotations

from groupbot.core.messages import ReplyKind

SHOT = "https://pictures.example.test/download?fileid=err-1&rkey=k1"
OTHER = "https://pictures.example.test/download?fileid=err-2&rkey=k2"
REPORT = "地图组件在安卓上一直是灰色的"
ANNOUNCED = ReplyKind.ANNOUNCEMENT


async def test_a_report_with_a_screenshot_shows_it_to_ops(desk):
    replies = await desk.say(REPORT, user="alice", chat="groupA", images=(SHOT,))
    [opened] = [r for r in replies if r.chat.chat_id == "groupA"]
    [announced] = [r for r in replies if r.chat.chat_id == "ops-room"]
    assert opened.kind is ReplyKind.TICKET and SHOT not in opened.text  # the customer is not sent links
    assert f"🖼 {SHOT}" in announced.text
    assert (await desk.ticket(1)).reports[0].images == (SHOT,)
    assert f"🖼 {SHOT}" in (await desk.ops("/ticket 1")).text


async def test_a_photo_the_platform_keeps_by_reference_is_pointed_to_the_console_never_shown_raw(desk):
    photo = "telegram:AgACAgIAAxkBAAIB"  # its download link would hold the bot's token
    replies = await desk.say(REPORT, user="alice", chat="groupA", images=(photo,))
    [announced] = [r for r in replies if r.chat.chat_id == "ops-room"]
    assert "🖼 a picture: open the ticket in the web console" in announced.text and photo not in announced.text
    card = (await desk.ops("/ticket 1")).text
    assert "🖼" in card and photo not in card
    assert (await desk.ticket(1)).reports[0].images == (photo,)


async def test_a_screenshot_posted_first_joins_the_senders_next_report(desk):
    assert await desk.say("", user="alice", chat="groupA", mention=False, images=(SHOT,)) == []
    assert await desk.say("", user="alice", chat="groupA", mention=False, images=(OTHER,)) == []
    assert await desk.say("", user="bob", chat="groupA", mention=False, images=("https://x.test/meme.gif",)) == []
    desk.clock.advance(minutes=2)
    await desk.say(REPORT, user="alice", chat="groupA")
    assert (await desk.ticket(1)).reports[0].images == (SHOT, OTHER)
    assert await desk.count("select count(*) from tickets") == 1  # pictures alone open nothing


async def test_a_screenshot_waits_ten_minutes_and_only_for_its_sender_and_chat(desk):
    await desk.say("", user="alice", chat="groupA", mention=False, images=(SHOT,))
    await desk.say(REPORT, user="bob", chat="groupA")
    await desk.say("安卓App一扫码就闪退", user="alice", chat="groupB")
    tickets = [await desk.ticket(number) for number in (1, 2)]
    assert [report.images for ticket in tickets for report in ticket.reports] == [(), ()]
    desk.clock.advance(minutes=11)
    await desk.say("签名栏的logo上传后变成黑块", user="alice", chat="groupA")
    assert (await desk.ticket(3)).reports[0].images == ()


async def test_a_screenshot_said_to_the_bot_gets_asked_for_a_sentence(desk):
    [hint] = await desk.say("", user="alice", chat="groupA", images=(SHOT,))
    assert hint.kind is ReplyKind.NOTICE and "picture" in hint.text
    await desk.say("怎么开发票？", user="carol", chat="groupA")  # answered: no report of hers awaits details
    [zh_hint] = await desk.say("", user="carol", chat="groupA", images=(OTHER,))
    assert "收到截图" in zh_hint.text  # in the language the sender writes
    await desk.say(REPORT, user="alice", chat="groupA")
    assert (await desk.ticket(1)).reports[0].images == (SHOT,)


async def test_a_screenshot_answering_an_update_joins_the_ticket(desk):
    await desk.say(REPORT, user="alice", chat="groupA")
    await desk.ops("/reply 1 有截图吗？")
    replies = await desk.say("", user="alice", chat="groupA", mention=False, images=(SHOT,))
    assert [(r.chat.chat_id, r.kind) for r in replies] == [("groupA", ReplyKind.TICKET), ("ops-room", ANNOUNCED)]
    assert f"🖼 {SHOT}" in replies[1].text
    reports = (await desk.ticket(1)).reports
    assert (len(reports), reports[-1].images) == (2, (SHOT,))
