"""Telegram end to end: fake Bot API -> PTB -> our gateway -> the real service and database -> sendMessage."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from groupbot.adapters.telegram import TelegramGateway
from groupbot.bootstrap import Bot, _gateways, open_bot, telegram_commands
from groupbot.db import create_engine
from groupbot.settings import Settings
from tests.adapters.telegram.fake_bot_api import FakeBotApi, Fault
from tests.adapters.telegram.harness import FakeSleep
from tests.adapters.telegram.tg_updates import GROUP_ID, asking, bot_user, message, press, update, user

ROOT = Path(__file__).resolve().parents[2]
OPS_USER = 99

StartBot = Callable[..., Awaitable[tuple[Bot, TelegramGateway]]]


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def start_bot(db_url: str, api: FakeBotApi) -> AsyncIterator[StartBot]:
    """Open the real bot on ``db_url`` with a Telegram gateway on the fake server (several times if asked)."""
    opened: list[tuple[Bot, TelegramGateway]] = []

    async def start(**overrides: Any) -> tuple[Bot, TelegramGateway]:
        telegram = {"token": api.token, "base_url": api.base_url, "poll_timeout": 5, "limits": {"enabled": False}}
        values = {"database_url": db_url, "faq_dir": ROOT / "faq", "telegram": telegram,
                  "ops": {"users": [f"telegram:{OPS_USER}"]}}
        settings = Settings(**{**values, **overrides})
        bot = await open_bot(settings)
        menus = telegram_commands(bot.commands.commands)
        gateway = TelegramGateway(settings.telegram, commands=menus, sleep=FakeSleep())
        bot.outbound.register(gateway)
        await gateway.start(bot.router)
        opened.append((bot, gateway))
        return bot, gateway

    yield start
    for bot, gateway in reversed(opened):
        await gateway.stop()
        await bot.close()


async def count(bot: Bot, sql: str) -> int:
    async with bot.engine.connect() as conn:
        return (await conn.execute(text(sql))).scalar_one()


async def test_known_question_is_answered_as_a_reply(api: FakeBotApi, start_bot: StartBot) -> None:
    await start_bot()
    api.push_update(update(message=asking("@groupbot_test_bot how do I reset my password?", message_id=101)))

    [sent] = await api.wait_for("sendMessage")

    assert "Forgot password?" in sent["text"]
    assert sent["reply_parameters"]["message_id"] == 101 and sent["parse_mode"] == "HTML"


async def test_unknown_question_gets_a_ticket_reply(api: FakeBotApi, start_bot: StartBot) -> None:
    bot, _gateway = await start_bot()
    api.push_update(update(message=asking("@groupbot_test_bot why does the flux capacitor hum?", message_id=102)))

    [sent] = await api.wait_for("sendMessage")

    assert "ticket #1" in sent["text"] and sent["reply_parameters"]["message_id"] == 102
    assert await count(bot, "select count(*) from tickets") == 1


async def test_ops_command_in_a_group_from_ops_and_from_a_customer(api: FakeBotApi, start_bot: StartBot) -> None:
    await start_bot()
    ops_text = "/mode@groupbot_test_bot all"
    api.push_update(update(message=message(ops_text, sender=user(OPS_USER, "Olga"),
                                           entities=[_command(ops_text, "/mode@groupbot_test_bot")])))
    api.push_update(update(message=message("/mode mention", entities=[_command("/mode mention", "/mode")])))

    done, refused = await api.wait_for("sendMessage", 2)

    assert "now answer every message" in done["text"]
    assert "support team only" in refused["text"]


async def test_group_admin_is_ops_when_configured(api: FakeBotApi, start_bot: StartBot) -> None:
    api.members[(GROUP_ID, 7)] = "administrator"
    await start_bot(ops={"users": [], "chat_admins_are_ops": True})
    api.push_update(update(message=message("/mode questions", sender=user(7, "Ada"),
                                           entities=[_command("/mode questions", "/mode")])))

    [sent] = await api.wait_for("sendMessage")

    assert "looks like a question" in sent["text"]


async def test_did_you_mean_buttons_lead_to_the_answer(api: FakeBotApi, start_bot: StartBot) -> None:
    await start_bot(matching={"answer": 1.0, "suggest": 0.3})
    question = asking("@groupbot_test_bot export dashboard pdf please", message_id=103)
    api.push_update(update(message=question))
    [suggestion] = await api.wait_for("sendMessage")
    buttons = [row[0] for row in suggestion["reply_markup"]["inline_keyboard"]]
    assert buttons[0]["callback_data"] == "1" and "PDF" in buttons[0]["text"]

    shown = message(suggestion["text"], sender=bot_user(), message_id=104, reply_to_message=question)
    api.push_update(update(callback_query=press("1", on=shown, query_id="press-1")))
    _suggestion, answer = await api.wait_for("sendMessage", 2)
    await api.wait_for("editMessageReplyMarkup")

    assert "PDF" in answer["text"] and answer["reply_parameters"]["message_id"] == 103
    assert "reply_markup" not in api.sent("editMessageReplyMarkup")[0]


async def test_duplicate_update_even_across_a_restart_gives_one_reply_and_one_ticket(
    api: FakeBotApi, start_bot: StartBot
) -> None:
    _bot, gateway = await start_bot()
    twice = update(update_id=500, message=asking("@groupbot_test_bot my yacht's flux capacitor hums", message_id=105))
    api.push_update(twice)
    api.push_update(dict(twice))
    await api.wait_for("sendMessage")
    await gateway.stop()

    restarted, _gateway = await start_bot()  # fresh process memory: only the message log remembers
    api.push_update(dict(twice))
    api.push_update(update(message=asking("@groupbot_test_bot how do I reset my password?", message_id=106)))
    sent = await api.wait_for("sendMessage", 2)

    assert len(sent) == 2 and "Forgot password?" in sent[1]["text"]
    assert await count(restarted, "select count(*) from tickets") == 1


async def test_command_menus_are_published_in_english_and_chinese(api: FakeBotApi, start_bot: StartBot) -> None:
    await start_bot()

    menus = {(p.get("language_code"), "scope" in p): p["commands"] for p in api.sent("setMyCommands")}

    everyone = [c["command"] for c in menus[None, False]]
    assert "help" in everyone and "resolve" not in everyone
    assert "resolve" in [c["command"] for c in menus[None, True]]
    assert menus["zh", False][0]["description"] == "查看本帮助"


def _command(text: str, command: str) -> dict[str, Any]:
    return {"type": "bot_command", "offset": text.index(command), "length": len(command)}


async def test_group_upgraded_to_supergroup_keeps_its_tickets_and_settings(
    api: FakeBotApi, start_bot: StartBot
) -> None:
    bot, _gateway = await start_bot()
    old = {"id": -555, "type": "group", "title": "Acme"}
    ops_text = "/mode all"
    api.push_update(update(message=message(ops_text, chat=old, sender=user(OPS_USER, "Olga"),
                                           entities=[_command(ops_text, "/mode")])))
    api.push_update(update(message=asking("@groupbot_test_bot why does the flux capacitor hum?", chat=old)))
    await api.wait_for("sendMessage", 2)

    api.push_update(update(message=message(chat=old, migrate_to_chat_id=GROUP_ID)))
    api.push_update(update(message=message(chat={"id": GROUP_ID, "type": "supergroup", "title": "Acme"},
                                           migrate_from_chat_id=-555)))
    api.push_update(update(message=message("thanks all, how do I reset my password?")))  # mode all moved along
    [*_, answer] = await api.wait_for("sendMessage", 3)

    assert "Forgot password?" in answer["text"] and answer["chat_id"] == str(GROUP_ID)
    async with bot.engine.connect() as conn:
        chats = (await conn.execute(text("select chat_id from ticket_reports"))).scalars().all()
    assert chats == [str(GROUP_ID)]


async def test_not_helpful_button_opens_a_ticket_for_the_question(api: FakeBotApi, start_bot: StartBot) -> None:
    bot, _gateway = await start_bot()
    question = asking("@groupbot_test_bot how do I reset my password?", message_id=120)
    api.push_update(update(message=question))
    [answer] = await api.wait_for("sendMessage")
    buttons = {b["callback_data"]: b["text"] for row in answer["reply_markup"]["inline_keyboard"] for b in row}
    assert buttons == {"1": "👍 Helpful", "2": "👎 Not helpful"}

    shown = message(answer["text"], sender=bot_user(), message_id=121, reply_to_message=question)
    api.push_update(update(callback_query=press("2", on=shown, query_id="fb-1")))
    _answer, ticket = await api.wait_for("sendMessage", 2)
    await api.wait_for("editMessageReplyMarkup")

    assert "#1" in ticket["text"] and ticket["reply_parameters"]["message_id"] == 120
    assert await count(bot, "select count(*) from tickets") == 1


async def test_reply_that_cannot_be_delivered_is_recorded_and_ops_are_told(
    api: FakeBotApi, start_bot: StartBot
) -> None:
    bot, _gateway = await start_bot(ops={"users": [f"telegram:{OPS_USER}"], "chat": "telegram:-100777"})
    api.fail_next("sendMessage", Fault(403, description="Forbidden: bot was kicked from the supergroup chat"))
    api.push_update(update(message=asking("@groupbot_test_bot how do I reset my password?", message_id=130)))

    _lost, notice = await api.wait_for("sendMessage", 2)

    assert notice["chat_id"] == "-100777" and "kicked" in notice["text"]
    assert await count(bot, "select count(*) from audit_events where action = 'deliver'") == 1


async def test_someone_else_pressing_the_askers_buttons_gets_a_pop_up_only(api: FakeBotApi, db_url: str) -> None:
    settings = Settings(database_url=db_url, faq_dir=ROOT / "faq", matching={"answer": 1.0, "suggest": 0.3},
                        telegram={"token": api.token, "base_url": api.base_url, "limits": {"enabled": False}})
    bot = await open_bot(settings)
    [gateway] = [g for g in _gateways(settings, bot) if isinstance(g, TelegramGateway)]
    bot.outbound.register(gateway)
    await gateway.start(bot.router)
    try:
        question = asking("@groupbot_test_bot export dashboard pdf please", message_id=140)
        api.push_update(update(message=question))
        [suggestion] = await api.wait_for("sendMessage")
        shown = message(suggestion["text"], sender=bot_user(), message_id=141, reply_to_message=question)
        bob = {**user(555, "Bob"), "language_code": "zh-hans"}
        api.push_update(update(callback_query=press("1", on=shown, presser=bob, query_id="bob-1")))
        api.push_update(update(callback_query=press("1", on=shown, query_id="alice-1")))
        _suggestion, answer = await api.wait_for("sendMessage", 2)
        await api.wait_for("answerCallbackQuery", 2)
    finally:
        await gateway.stop()
        await bot.close()

    assert "PDF" in answer["text"] and answer["reply_parameters"]["message_id"] == 140
    bobs, alices = api.sent("answerCallbackQuery")
    assert bobs["callback_query_id"] == "bob-1" and "提问人" in bobs["text"]
    assert "text" not in alices
    assert await _count_tickets(db_url) == 0


async def _count_tickets(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text("select count(*) from tickets"))).scalar_one()
    finally:
        await engine.dispose()
