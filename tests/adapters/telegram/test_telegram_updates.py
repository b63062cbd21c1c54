"""Buttons, edits, redelivery, group migration and the one-poller rule."""

from __future__ import annotations

import asyncio

import pytest

from groupbot.adapters.telegram import CommandMenu, PollingConflict, TelegramGateway
from groupbot.core.messages import ChatRef, Choice, Reply, ReplyKind
from tests.adapters.telegram.fake_bot_api import FakeBotApi, Fault
from tests.adapters.telegram.harness import RecordingSink, telegram_settings
from tests.adapters.telegram.tg_updates import GROUP_ID, asking, bot_user, message, press, update


def did_you_mean(incoming):
    """A tiny service: suggest two entries; a pressed "1" or "2" gets the answer."""
    if incoming.text in {"1", "2"}:
        return Reply(incoming.chat, f"answer {incoming.text}", ReplyKind.ANSWER,
                     reply_to_message_id=incoming.message_id)
    return Reply(incoming.chat, "Did you mean:", ReplyKind.SUGGEST, reply_to_message_id=incoming.message_id,
                 choices=(Choice("1. Reset password", "1"), Choice("2. Change email", "2")))


async def test_did_you_mean_button_press_reaches_sink_as_typed_choice(api: FakeBotApi, polling) -> None:
    _gateway, sink = await polling(did_you_mean)
    question = asking("@groupbot_test_bot password?", message_id=10)
    api.push_update(update(message=question))
    [suggestion] = await api.wait_for("sendMessage")
    keyboard = suggestion["reply_markup"]["inline_keyboard"]
    assert [b["callback_data"] for b in keyboard[0]] == ["1", "2"]

    shown = message(suggestion["text"], sender=bot_user(), message_id=11, reply_to_message=question,
                    reply_markup=suggestion["reply_markup"])
    api.push_update(update(callback_query=press("1", on=shown, query_id="q-1")))
    _suggestion, answer = await api.wait_for("sendMessage", 2)
    await api.wait_for("editMessageReplyMarkup")

    pressed = sink.received[1]
    assert (pressed.text, pressed.message_id, pressed.reply_to_bot) == ("1", "cb:q-1", True)
    assert pressed.reply_to_message_id == "11"
    assert answer["text"] == "answer 1"
    assert answer["reply_parameters"]["message_id"] == 10, "the answer replies to the original question"
    assert api.sent("answerCallbackQuery")[0]["callback_query_id"] == "q-1"
    removed = api.sent("editMessageReplyMarkup")[0]
    assert removed["message_id"] == "11" and "reply_markup" not in removed


async def test_same_update_twice_is_handled_once(api: FakeBotApi, polling) -> None:
    _gateway, sink = await polling()
    duplicate = update(update_id=55, message=asking("@groupbot_test_bot hello?", message_id=20))
    api.push_update(duplicate)
    api.push_update(dict(duplicate))
    api.push_update(update(message=message("after", message_id=21)))

    await sink.wait_for(2)
    await api.wait_for("sendMessage", 2)

    assert [m.message_id for m in sink.received] == ["20", "21"]
    assert len(api.sent()) == 2


async def test_edit_of_an_answered_question_is_ignored_but_a_new_question_is_not(api: FakeBotApi, polling) -> None:
    _gateway, sink = await polling()
    api.push_update(update(message=message("how to pay?", message_id=30)))
    await api.wait_for("sendMessage")
    edited_answered = message("how to pay??", message_id=30, edit_date=1_700_000_100)
    chit_chat_now_question = asking("@groupbot_test_bot how to refund?", message_id=31, edit_date=1_700_000_200)
    api.push_update(update(edited_message=edited_answered))
    api.push_update(update(edited_message=chit_chat_now_question))

    await sink.wait_for(2)

    first, edit = sink.received
    assert first.message_id == "30"
    assert edit.message_id == "31:edit:1700000200" and edit.mentions_bot and edit.text == "how to refund?"


async def test_group_migration_moves_replies_to_the_supergroup(api: FakeBotApi, polling) -> None:
    gateway, sink = await polling(respond=None)
    old_id = -555
    api.push_update(update(message=message(chat={"id": old_id, "type": "group", "title": "Old"},
                                           migrate_to_chat_id=GROUP_ID)))
    api.push_update(update(message=message("after the move", message_id=40)))
    await sink.wait_for(1)

    await gateway.send(Reply(ChatRef("telegram", str(old_id)), "ticket #3 is solved"))

    assert api.sent()[0]["chat_id"] == str(GROUP_ID)


async def test_second_poller_is_refused_politely(api: FakeBotApi, polling) -> None:
    gateway, _sink = await polling()
    api.fail_next("getUpdates", Fault(409, description="Conflict: terminated by other getUpdates request; "
                                      "make sure that only one bot instance is running"), times=50)

    async with asyncio.timeout(10):
        await gateway.polling_stopped.wait()

    health = gateway.health()
    assert not health["ok"] and "Only one groupbot instance may poll" in health["conflict"]
    assert gateway.application.updater is not None and not gateway.application.updater.running


async def test_polling_refuses_to_start_while_a_webhook_is_set(api: FakeBotApi, fake_sleep, running) -> None:
    api.webhook_url = "https://bot.example.com/telegram/webhook"
    gateway = TelegramGateway(telegram_settings(api), sleep=fake_sleep)

    with pytest.raises(PollingConflict, match="delete-webhook"):
        await running(gateway, RecordingSink())

    assert api.webhook_url, "the other instance's webhook is left alone"
    assert api.sent("getUpdates") == []


async def test_command_menus_are_published_per_language_with_staff_commands_for_admins(
    api: FakeBotApi, fake_sleep, running
) -> None:
    commands = {
        "": CommandMenu([("help", "What I can do")], [("tickets", "List tickets")]),
        "zh": CommandMenu([("help", "我能做什么")]),
    }
    gateway = TelegramGateway(telegram_settings(api), commands=commands, sleep=fake_sleep)
    await running(gateway, RecordingSink())

    published = [(p.get("language_code"), p.get("scope"), [c["command"] for c in p["commands"]])
                 for p in api.sent("setMyCommands")]

    assert published == [
        (None, None, ["help"]),
        (None, {"type": "all_chat_administrators"}, ["help", "tickets"]),
        ("zh", None, ["help"]),
    ]


async def test_a_failing_sink_is_logged_and_the_next_update_still_handled(api: FakeBotApi, polling) -> None:
    def fragile(incoming):
        if incoming.text == "boom":
            raise RuntimeError("database is down")
        return Reply(incoming.chat, "ok")

    gateway, sink = await polling(fragile)
    api.push_update(update(message=message("boom")))
    api.push_update(update(message=message("fine")))

    await api.wait_for("sendMessage")

    assert [m.text for m in sink.received] == ["boom", "fine"]
    assert gateway.health()["handler_errors"] == 1
