"""Half characters (lone surrogates) made readable for every UTF-8 consumer."""

from groupbot.core.unicode import well_formed


def test_valid_text_is_returned_as_is() -> None:
    text = "怎么导出报表 😀 e\u0301"
    assert well_formed(text) is text


def test_a_split_pair_is_joined_and_a_lone_half_becomes_a_replacement_character() -> None:
    assert well_formed("ok \ud83d\ude00") == "ok 😀"  # an emoji some JSON decoders hand on as two halves
    assert well_formed("a\ud800b\udc00") == "a\ufffdb\ufffd"
    assert well_formed("\ud83d").encode("utf-8") == "\ufffd".encode()
