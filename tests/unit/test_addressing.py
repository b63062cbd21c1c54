import pytest

from groupbot.core.addressing import is_addressed, looks_like_question
from groupbot.core.chats import AddressMode
from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Sender


def message(text: str, *, kind: ChatKind = ChatKind.GROUP, mention: bool = False, reply: bool = False):
    return IncomingMessage(
        ChatRef("console", "g", kind), Sender("u"), text, "1", None, mention, reply
    )


@pytest.mark.parametrize(
    "text",
    ["how do I export?", "导出报表怎么弄", "为什么打不开", "登录失败了", "Why is it slow", "report export error",
     "can't log in", "支持 SSO 吗", "是这样吗？", "API 报错 401"],
)
def test_questions_are_recognised_in_both_languages(text):
    assert looks_like_question(text)


@pytest.mark.parametrize("text", ["thanks!", "好的，收到", "lol", "👍", "ok see you tomorrow", "谢谢大家"])
def test_chit_chat_is_not_a_question(text):
    assert not looks_like_question(text)


def test_mention_mode_answers_only_when_addressed():
    assert not is_addressed(message("how do I export?"), AddressMode.MENTION)
    assert is_addressed(message("how do I export?", mention=True), AddressMode.MENTION)
    assert is_addressed(message("export", reply=True), AddressMode.MENTION)
    assert is_addressed(message("export", kind=ChatKind.PRIVATE), AddressMode.MENTION)


def test_questions_mode_takes_questions_but_not_chit_chat():
    assert is_addressed(message("导出报表怎么弄"), AddressMode.QUESTIONS)
    assert not is_addressed(message("好的，谢谢"), AddressMode.QUESTIONS)


def test_all_mode_takes_everything():
    assert is_addressed(message("好的，谢谢"), AddressMode.ALL)
