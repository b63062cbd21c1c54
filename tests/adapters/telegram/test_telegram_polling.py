"""The polling gateway against the fake Bot API: what reaches the sink, what is sent back."""

from __future__ import annotations

from groupbot.adapters.telegram import TelegramGateway
from groupbot.core.messages import ChatKind, Choice, Reply, ReplyKind, Role, Sender
from tests.adapters.telegram.fake_bot_api import BOT_USERNAME, FakeBotApi
from tests.adapters.telegram.harness import RecordingSink, telegram_settings
from tests.adapters.telegram.tg_updates import GROUP_ID, asking, bot_user, entity, message, private, update, user


async def test_question_reaches_sink_and_reply_replies_to_it(api: FakeBotApi, polling) -> None:
    _gateway, sink = await polling()
    question = asking(f"@{BOT_USERNAME} how do I reset my password?", message_id=501)
    api.push_update(update(message=question))

    [sent] = await api.wait_for("sendMessage")
    [incoming] = sink.received

    assert incoming.text == "how do I reset my password?"
    assert incoming.mentions_bot and not incoming.reply_to_bot
    assert incoming.chat.chat_id == str(GROUP_ID) and incoming.chat.kind is ChatKind.GROUP
    assert incoming.message_id == "501" and incoming.sender.user_id == "42"
    assert sent["text"] == "echo: how do I reset my password?"
    assert sent["parse_mode"] == "HTML"
    assert sent["reply_parameters"]["message_id"] == 501


async def test_private_chat_and_caption_count_as_text(api: FakeBotApi, polling) -> None:
    _gateway, sink = await polling()
    api.push_update(update(message=message(chat=private(42), caption="photo of the error")))

    await api.wait_for("sendMessage")

    [incoming] = sink.received
    assert incoming.text == "photo of the error"
    assert incoming.chat.kind is ChatKind.PRIVATE and incoming.is_direct


async def test_bots_other_bots_commands_and_textless_messages_are_ignored(api: FakeBotApi, polling) -> None:
    _gateway, sink = await polling()
    api.push_update(update(message=message("I am a bot", sender=user(9, "Spam", is_bot=True))))
    api.push_update(update(message=message("/help@other_bot", entities=[entity("/help@other_bot", "/help@other_bot",
                                                                                 "bot_command")])))
    sticker = {"file_id": "x", "file_unique_id": "u", "width": 1, "height": 1, "is_animated": False,
               "is_video": False, "type": "regular"}
    api.push_update(update(message=message(sticker=sticker)))
    api.push_update(update(message=message("last one", message_id=900)))

    await sink.wait_for(1)

    assert [m.message_id for m in sink.received] == ["900"]


async def test_command_with_our_suffix_loses_the_suffix(api: FakeBotApi, polling) -> None:
    _gateway, sink = await polling()
    text = f"/tickets@{BOT_USERNAME} open"
    api.push_update(update(message=message(text, entities=[entity(text, f"/tickets@{BOT_USERNAME}", "bot_command")])))

    [incoming] = await sink.wait_for(1)

    assert incoming.text == "/tickets open"
    assert incoming.mentions_bot


async def test_reply_to_bot_and_text_mention_address_the_bot(api: FakeBotApi, polling) -> None:
    _gateway, sink = await polling()
    ours = message("earlier answer", sender=bot_user(), message_id=77)
    api.push_update(update(message=message("it did not work", reply_to_message=ours)))
    text = "Groupbot where is my invoice"
    api.push_update(update(message=message(text, entities=[entity(text, "Groupbot", "text_mention", user=bot_user())])))

    first, second = await sink.wait_for(2)

    assert first.reply_to_bot and first.reply_to_message_id == "77" and not first.mentions_bot
    assert second.mentions_bot and second.text == "where is my invoice"


async def test_group_admin_is_reported_as_admin(api: FakeBotApi, polling) -> None:
    api.members[(GROUP_ID, 7)] = "administrator"
    api.members[(GROUP_ID, 8)] = "creator"
    _gateway, sink = await polling()
    for user_id in (7, 8, 9, 7):
        api.push_update(update(message=message("/tickets", sender=user(user_id, f"u{user_id}"))))

    received = await sink.wait_for(4)

    assert [m.sender.role for m in received] == [Role.ADMIN, Role.ADMIN, Role.CUSTOMER, Role.ADMIN]
    assert received[0].sender.is_chat_admin and not received[2].sender.is_chat_admin
    assert len(api.sent("getChatMember")) == 3, "the second message of user 7 uses the cached role"


async def test_html_is_escaped_and_mentions_link_to_the_user(api: FakeBotApi, polling) -> None:
    alice = Sender("42", "Alice <admin> & co")

    def respond(incoming):
        return Reply(incoming.chat, "use <b>x</b> & 1 > 0", mentions=(alice,))

    _gateway, _sink = await polling(respond)
    api.push_update(update(message=message("hi")))

    [sent] = await api.wait_for("sendMessage")

    mention = '<a href="tg://user?id=42">Alice &lt;admin&gt; &amp; co</a>'
    assert sent["text"] == mention + " use &lt;b&gt;x&lt;/b&gt; &amp; 1 &gt; 0"


async def test_long_answer_is_split_at_paragraphs_with_buttons_on_the_last_piece(api: FakeBotApi, polling) -> None:
    paragraphs = [f"Step {n}: " + "x" * 1000 for n in range(5)]
    answer = "\n\n".join(paragraphs)
    assert len(answer) > 5000

    def respond(incoming):
        choices = (Choice("Helpful", "fb:1:y"), Choice("Not helpful", "fb:1:n"))
        return Reply(incoming.chat, answer, ReplyKind.ANSWER, reply_to_message_id=incoming.message_id, choices=choices)

    _gateway, _sink = await polling(respond)
    api.push_update(update(message=message("long one please", message_id=321)))

    first, second = await api.wait_for("sendMessage", 2)

    assert all(len(part["text"]) <= 4096 for part in (first, second))
    assert first["text"] + "\n\n" + second["text"] == answer
    assert first["reply_parameters"]["message_id"] == 321 and "reply_parameters" not in second
    assert "reply_markup" not in first
    buttons = second["reply_markup"]["inline_keyboard"][0]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [("Helpful", "fb:1:y"), ("Not helpful", "fb:1:n")]


async def test_roles_are_not_looked_up_when_nobody_needs_them(api: FakeBotApi, fake_sleep, running) -> None:
    api.members[(GROUP_ID, 7)] = "administrator"
    sink = RecordingSink()
    await running(TelegramGateway(telegram_settings(api), look_up_roles=False, sleep=fake_sleep), sink)
    api.push_update(update(message=message("/tickets", sender=user(7, "Ada"))))

    [incoming] = await sink.wait_for(1)

    assert incoming.sender.role is Role.CUSTOMER and api.sent("getChatMember") == []
