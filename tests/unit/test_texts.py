import string

import pytest

from groupbot.core.language import EN, ZH, detect_locale
from groupbot.features.texts import TEXTS, render


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_exists_in_both_languages_with_the_same_placeholders(key):
    variants = TEXTS[key]
    assert set(variants) == {EN, ZH}
    assert all(v.strip() for v in variants.values())
    assert placeholders(variants[EN]) == placeholders(variants[ZH])


def test_render_fills_placeholders():
    assert "#42" in render("ticket_opened", ZH, number=42)
    assert "#42" in render("ticket_opened", EN, number=42)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("how do I export a report?", EN), ("导出报表怎么弄", ZH), ("导出PDF报错", ZH), ("👍👍", EN), ("SSO 登录", ZH)],
)
def test_locale_follows_the_script_of_the_question(text, expected):
    assert detect_locale(text) == expected
