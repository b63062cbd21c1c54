"""One catalog: every key in zh-CN and en with the same placeholders; plural forms; one table per feature."""

import pytest

from groupbot.core.chats import AddressMode
from groupbot.core.language import EN, ZH, detect_locale
from groupbot.core.matching.decision import DecisionKind
from groupbot.core.sla import SlaKind, SlaState
from groupbot.core.texts import Catalog, placeholders
from groupbot.features.texts import CATALOG, render
from groupbot.web.texts import CATALOG as CONSOLE
from groupbot.web.texts import LOCALES as CONSOLE_LOCALES


@pytest.mark.parametrize(("catalog", "key"), [*((CATALOG, k) for k in sorted(CATALOG)),
                                                *((CONSOLE, k) for k in sorted(CONSOLE))])
def test_every_text_exists_in_both_languages_with_the_same_placeholders(catalog, key):
    variants = catalog.variants(key)
    assert set(variants) == {EN, ZH}
    assert all(v.strip() for v in variants.values())
    assert placeholders(variants[EN]) == placeholders(variants[ZH])


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_no_english_text_hedges_its_plurals(key):
    assert "(s)" not in CATALOG.variants(key)[EN]


def test_render_fills_placeholders():
    assert "#42" in render("ticket_opened", ZH, number=42)
    assert "#42" in render("ticket_opened", EN, number=42)


def test_plural_forms_follow_the_number():
    card = {"number": 7, "status": "open", "category": "failure", "severity": "high", "assignee": "-", "title": "t"}
    assert "1 report, 1 chat," in render("ticket_line", EN, reports=1, groups=1, **card)
    assert "3 reports, 2 chats," in render("ticket_line", EN, reports=3, groups=2, **card)
    assert "3 次反馈，2 个会话" in render("ticket_line", ZH, reports=3, groups=2, **card)
    assert render("digest_askers_groups", EN, askers=1, groups=1) == "1 asker in 1 chat"


def test_a_key_in_two_tables_is_refused():
    table = {"hello": {EN: "hi", ZH: "你好"}}
    with pytest.raises(ValueError, match="hello"):
        Catalog(table, table)


def test_an_unknown_key_raises_rather_than_showing_the_key():
    with pytest.raises(KeyError):
        render("no_such_text", EN)
    with pytest.raises(KeyError):
        CONSOLE.render("no_such_text", EN)


def test_every_key_the_console_builds_at_run_time_has_a_text():
    built = [f"sla_{v}" for v in (*SlaKind, *SlaState)] + [f"mode_{mode}" for mode in AddressMode]
    built += [f"language_{locale}" for locale in CONSOLE_LOCALES] + [f"decision_{kind}" for kind in DecisionKind]
    assert [key for key in built if key not in CONSOLE] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("how do I export a report?", EN), ("导出报表怎么弄", ZH), ("导出PDF报错", ZH), ("👍👍", EN), ("SSO 登录", ZH)],
)
def test_locale_follows_the_script_of_the_question(text, expected):
    assert detect_locale(text) == expected
