"""Telegram update mapping: a forged or broken update is refused by de_json or mapped, never a crash."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from groupbot.adapters.telegram.gateway import read_update
from groupbot.adapters.telegram.mapping import BotIdentity, addressing, ignore_reason, incoming_message
from groupbot.adapters.telegram.webhook import MalformedUpdate
from groupbot.core.messages import Role
from tests.properties.strategies import JSON, TIMESTAMPS, sometimes

BOT = BotIdentity(4242, "groupbot_test_bot")
USER = st.fixed_dictionaries(
    {"id": sometimes(st.integers(1, 10**12)), "is_bot": sometimes(st.booleans()),
     "first_name": sometimes(st.text(max_size=10))},
    optional={"username": sometimes(st.sampled_from(["groupbot_test_bot", "alice", ""]))},
)
CHAT = st.fixed_dictionaries(
    {"id": sometimes(st.integers(-(10**13), 10**13)),
     "type": sometimes(st.sampled_from(["private", "group", "supergroup", "channel"]))},
    optional={"title": JSON},
)
ENTITY = st.fixed_dictionaries(
    {"type": sometimes(st.sampled_from(["mention", "bot_command", "text_mention", "bold"])),
     "offset": sometimes(st.integers(-3, 60)), "length": sometimes(st.integers(-3, 60))},
    optional={"user": USER},
)
MESSAGE = st.fixed_dictionaries(
    {"message_id": sometimes(st.integers(1, 10**9)), "date": TIMESTAMPS},
    optional={
        "chat": sometimes(CHAT),
        "from": sometimes(USER),
        "text": sometimes(st.text(max_size=60)),
        "caption": JSON,
        "entities": sometimes(st.lists(ENTITY, max_size=4)),
        "edit_date": TIMESTAMPS,
        "sender_chat": sometimes(CHAT),
    },
)
UPDATES = st.fixed_dictionaries({"update_id": st.integers(1, 10**9)}, optional={"message": sometimes(MESSAGE)})


@given(UPDATES)
def test_an_update_is_refused_by_de_json_or_mapped_without_raising(data) -> None:
    try:
        update = read_update(data, None)  # what the webhook and the poller both go through
    except MalformedUpdate:
        return
    message = update.message
    if message is None:
        return
    reason = ignore_reason(message)
    found = addressing(message, BOT)
    if reason is None and not found.for_other_bot:
        incoming = incoming_message(message, found, Role.CUSTOMER)
        assert isinstance(incoming.text, str)
