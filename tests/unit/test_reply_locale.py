"""Each message is answered in its own language; the chat's language only for what says nothing."""

from groupbot.core.language import EN, ZH, reply_locale


def test_words_answer_in_their_own_language_whatever_the_chat_speaks():
    assert reply_locale("how do I export a PDF?", ZH) == EN
    assert reply_locale("导出PDF怎么弄", EN) == ZH
    assert reply_locale("@bot 扫码之后闪退", None) == ZH


def test_wordless_messages_get_the_chats_language():
    for text in ("1", "2", "👍", "2024", "🙂🙂", ""):
        assert reply_locale(text, ZH) == ZH, text
        assert reply_locale(text, EN) == EN, text


def test_commands_get_the_chats_language_whatever_their_arguments():
    assert reply_locale("/mytickets", ZH) == ZH
    assert reply_locale("/resolve 1 please update to 2.3", ZH) == ZH
    assert reply_locale("/resolve 1 请升级到 2.3", EN) == EN


def test_nothing_to_go_by_gives_none():
    assert reply_locale("👍", None) is None
    assert reply_locale("/mytickets", None) is None
