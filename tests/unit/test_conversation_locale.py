"""The language of a reply whose own text has no words: the sender's, else the chat's recent messages."""

from groupbot.core.language import EN, ZH, conversation_locale


def test_the_senders_latest_message_with_words_decides():
    recent = [("zoe", "👍"), ("alice", "好的谢谢"), ("zoe", "how do I export?"), ("zoe", "导出在哪里")]
    assert conversation_locale(recent, "zoe") == EN


def test_a_sender_who_has_not_spoken_gets_the_chats_majority():
    recent = [("bob", "hello?"), ("alice", "扫码之后闪退"), ("carol", "同样的问题"), ("dan", "thanks")]
    recent.append(("erin", "我也是"))
    assert conversation_locale(recent, "zoe") == ZH


def test_a_tie_goes_to_the_newest_message():
    assert conversation_locale([("bob", "where is the invoice"), ("alice", "发票在哪")], "zoe") == EN
    assert conversation_locale([("alice", "发票在哪"), ("bob", "where is the invoice")], "zoe") == ZH


def test_no_words_anywhere_gives_the_default():
    assert conversation_locale([("bob", "1"), ("alice", "👍👍")], "zoe") == EN
    assert conversation_locale([], "zoe", default=ZH) == ZH
