"""Normalization folds the noise of chat messages away before matching."""

import pytest

from groupbot.core.matching.normalize import normalize
from groupbot.core.matching.stem import stem
from groupbot.core.matching.tokens import tokens


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("ＲＥＳＥＴ　Ｐａｓｓｗｏｒｄ１２３", "reset password123"),  # full-width letters, digits and space
        ("怎麼退貨？運費誰負擔", "怎么退货 运费谁负担"),  # traditional to simplified, Chinese punctuation
        ("你好，请问在吗？我想退货", "我想退货"),  # greeting and filler phrases
        ("亲，帮我查一下物流", "帮我查物流"),  # 亲 at the edge, 一下 anywhere
        ("Hi, please reset my password!!", "reset my password"),
        ("退货😀🎉怎么办", "退货 怎么办"),  # emoji
        ("see https://example.com/a?b=1 and www.example.org now", "see and now"),
        ("@张三 @bot 发票怎么开", "发票怎么开"),  # mentions end at whitespace
        ("收到了/:018 谢谢[微笑]", "收到了"),  # platform emoticon codes
        ("", ""),
        ("😀🎉!!!", ""),  # emoji-only text leaves nothing to match
    ],
)
def test_normalize_folds_noise(raw: str, folded: str) -> None:
    assert normalize(raw) == folded


def test_normalize_keeps_chinese_words_containing_filler_characters() -> None:
    # 亲 only goes at the edge of a clause: 亲戚 (relatives) keeps it.
    assert normalize("我亲戚要买") == "我亲戚要买"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("alarms", "alarm"), ("setting", "set"), ("settings", "set"), ("making", "make"), ("make", "make"),
     ("used", "use"), ("using", "use"), ("played", "play"), ("status", "status"), ("bus", "bus"),
     ("quickly", "quick"), ("2024", "2024")],
)
def test_stem_folds_inflections(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_tokens_drop_function_words_and_make_chinese_bigrams() -> None:
    assert tokens("set my alarms for seven") == ["set", "alarm", "seven"]
    assert tokens("退货运费") == ["退", "货", "运", "费", "退货", "货运", "运费"]


def test_tokens_split_mixed_scripts() -> None:
    assert tokens("iphone15怎么退") == ["iphone15", "怎", "退", "怎么", "么退"]
