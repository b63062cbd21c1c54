"""A did-you-mean nobody picks from: when the offer expires, the question goes to the support team quietly."""

from __future__ import annotations

from datetime import timedelta

from groupbot.bootstrap import open_bot
from groupbot.core.messages import ReplyKind
from groupbot.core.tickets import TicketStatus
from groupbot.settings import Settings
from tests.e2e.triage.conftest import ROOT, Desk
from tests.fakes import FakeChatPlatform, SettableClock

FAILURE = "我们的导出一直报错"  # the bundled FAQ offers its export entry, unsure
EXPIRED = timedelta(minutes=11)


async def _offered(desk, text: str = FAILURE, user: str = "alice") -> None:
    [offer] = await desk.say(text, user=user, chat="groupA")
    assert offer.kind is ReplyKind.SUGGEST, offer.text


async def _lapse(desk, after: timedelta = EXPIRED):
    """Let ``after`` pass and run the round that tidies the short memory; what it sent."""
    desk.clock.advance(seconds=after.total_seconds())
    before = len(desk.platform.sent)
    await desk.bot.job("short-memory-purge").run_once()
    return desk.platform.sent[before:]


async def test_an_ignored_offer_becomes_a_ticket_that_only_ops_hear_of(desk):
    await _offered(desk)
    assert await _lapse(desk, timedelta(minutes=9)) == [], "the offer still waits for the asker"
    assert await _lapse(desk, timedelta(seconds=90)) == [], "expired, but a pick sent just before may be in flight"
    assert await desk.count("select count(*) from tickets") == 0

    [notice] = await _lapse(desk, timedelta(seconds=30))
    assert notice.chat.chat_id == "ops-room" and notice.kind is ReplyKind.ANNOUNCEMENT
    assert "#1" in notice.text and FAILURE in notice.text
    assert "picked none" in notice.text and "导出" in notice.text.splitlines()[-1]  # the entries offered
    ticket = await desk.ticket(1)
    assert ticket.status is TicketStatus.OPEN and ticket.reports[0].sender.user_id == "alice"
    assert ticket.reports[0].chat.chat_id == "groupA"
    assert await desk.event_kinds(1) == ["opened", "unpicked"]
    assert await _lapse(desk) == [] and await desk.count("select count(*) from tickets") == 1, "taken once"

    # The support team's answer reaches the asker in the group, as for any ticket.
    replies = await desk.say("/resolve 1 大数据量请用异步导出", user="olga", chat="ops-room")
    [post] = [r for r in replies if r.chat.chat_id == "groupA"]
    assert [m.user_id for m in post.mentions] == ["alice"] and "异步导出" in post.text


async def test_an_offer_answered_or_declined_or_followed_by_an_answer_makes_no_extra_ticket(desk):
    await _offered(desk, user="alice")
    [answer] = await desk.say("1", user="alice", chat="groupA")
    assert answer.kind is ReplyKind.ANSWER
    await _offered(desk, user="bob")
    [declined, _notice] = await desk.say("0", user="bob", chat="groupA")
    assert declined.kind is ReplyKind.TICKET
    await _offered(desk, user="carol")  # carol asks again in other words and gets her answer
    [rephrased] = await desk.say("接口调用频率有限制吗", user="carol", chat="groupA")
    assert rephrased.kind is ReplyKind.ANSWER

    assert await _lapse(desk) == []
    assert await desk.count("select count(*) from tickets") == 1, "bob's 0 alone"


async def test_small_talk_after_the_offer_does_not_count_as_an_answer(desk):
    await _offered(desk)
    assert await desk.say("好的", user="alice", chat="groupA") == []
    [notice] = await _lapse(desk)
    assert "#1" in notice.text


async def test_an_ignored_repeat_of_an_open_ticket_joins_it(desk):
    await _offered(desk, user="dave")
    [opened, _notice] = await desk.say("0", user="dave", chat="groupA")
    assert opened.kind is ReplyKind.TICKET and "#1" in opened.text
    await _offered(desk, user="alice")
    [notice] = await _lapse(desk)
    assert "#1" in notice.text
    assert await desk.count("select count(*) from tickets") == 1
    assert (await desk.ticket(1)).summary.askers == 2


async def test_turned_off_an_ignored_offer_just_expires(db_url, tmp_path, scenario_start):
    settings = Settings(database_url=db_url, faq_dir=ROOT / "faq", learned_faq_dir=tmp_path / "learned",
                        ops={"chat": "fake:ops-room"}, tickets={"unpicked_offers": False})
    clock = SettableClock(scenario_start)
    bot = await open_bot(settings, clock=clock)
    platform = FakeChatPlatform()
    bot.outbound.register(platform)
    await platform.start(bot.router)
    try:
        off = Desk(bot, platform, clock, tmp_path / "learned")
        await _offered(off)
        assert await _lapse(off) == []
        assert await off.count("select count(*) from tickets") == 0
        assert await off.count("select count(*) from short_memory where key like 'offer:%'") == 0, "purged"
    finally:
        await bot.close()


async def test_an_offer_that_cannot_be_read_is_dropped_and_the_others_still_go_on(desk, caplog):
    async with desk.bot.uow_factory() as uow:
        await uow.memory.keep("offer:fake:groupA:zed", {"written by": "an older version"}, desk.clock.now())
        await uow.commit()
    await _offered(desk)
    [notice] = await _lapse(desk)
    assert "#1" in notice.text
    assert "offer:fake:groupA:zed" in caplog.text
    assert await desk.count("select count(*) from short_memory where key like 'offer:%'") == 0


async def test_a_report_instead_of_a_pick_becomes_a_ticket_that_keeps_the_question(desk):
    await _offered(desk)
    [ticket, _notice] = await desk.say("每次点到百分之九十九就卡住，等了两个小时还是一样", user="alice", chat="groupA")
    assert ticket.kind is ReplyKind.TICKET and "#1" in ticket.text
    report = (await desk.ticket(1)).reports[0].text
    assert FAILURE in report and "百分之九十九" in report
    assert await desk.say("1", user="alice", chat="groupA", mention=False) == []  # the offer went with it
    assert await _lapse(desk) == [] and await desk.count("select count(*) from tickets") == 1
