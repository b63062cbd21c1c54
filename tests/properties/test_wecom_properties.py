"""WeCom smart-robot callbacks (decrypted JSON): mapped to a message or refused as MalformedCallback."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from groupbot.adapters.json_body import BadJson, parse_json
from groupbot.adapters.wecom.inbound import MalformedCallback, to_incoming
from tests.properties.strategies import JSON, TIMESTAMPS, deep, sometimes

ITEM = st.fixed_dictionaries({"msgtype": sometimes(st.just("text")),
                              "text": sometimes(st.fixed_dictionaries({"content": sometimes(st.text(max_size=30))}))})
CALLBACKS = st.fixed_dictionaries(
    {
        "msgid": sometimes(st.text(min_size=1, max_size=12)),
        "chattype": sometimes(st.sampled_from(["group", "single"])),
        "from": sometimes(st.fixed_dictionaries({"userid": sometimes(st.text(min_size=1, max_size=8))})),
        "msgtype": sometimes(st.sampled_from(["text", "mixed"])),
    },
    optional={
        "chatid": JSON,
        "text": sometimes(st.fixed_dictionaries({"content": sometimes(st.text(max_size=40))})),
        "mixed": sometimes(st.fixed_dictionaries({"msg_item": sometimes(st.lists(ITEM, max_size=3))})),
        "create_time": TIMESTAMPS,
        "response_url": JSON,
    },
)


@given(CALLBACKS, st.sampled_from(["", "RobotA"]))
def test_a_callback_is_mapped_or_refused_as_malformed(payload, robot_name) -> None:
    try:
        message = to_incoming(payload, robot_name)
    except MalformedCallback:
        return
    assert isinstance(message.text, str) and message.message_id


@given(st.one_of(st.text(max_size=80), st.binary(max_size=80), st.just(deep()), st.just(deep().encode())))
def test_any_body_is_json_or_bad_json(body) -> None:
    with contextlib.suppress(BadJson):
        parse_json(body)
