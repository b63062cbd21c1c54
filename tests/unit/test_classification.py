"""Classification rules: the bundled YAML file and how rules are applied."""

from __future__ import annotations

import re

import pytest

from groupbot.core.classification import (
    CategoryRule,
    ClassificationRules,
    TextRule,
    classify,
    guess_version,
    is_urgent,
)
from groupbot.core.tickets import Category, Severity
from groupbot.features.tickets.classification_rules import RulesError, load_rules, parse_rules


@pytest.fixture(scope="module")
def rules() -> ClassificationRules:
    return load_rules()


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("The app shows error 502 when I log in", Category.FAILURE, Severity.NORMAL),
        ("登录的时候报错502", Category.FAILURE, Severity.NORMAL),
        ("所有人都无法登录了！", Category.FAILURE, Severity.CRITICAL),
        ("How do I export a report?", Category.HOWTO, Severity.LOW),
        ("怎么导出报表", Category.HOWTO, Severity.LOW),
        ("能不能加个暗黑模式", Category.FEATURE, Severity.LOW),
        ("I was charged twice, need a refund", Category.ACCOUNT, Severity.NORMAL),
        ("发票怎么开", Category.HOWTO, Severity.LOW),
        ("hello there", Category.OTHER, Severity.LOW),
        ("we lost data after the upgrade, data loss everywhere", Category.FAILURE, Severity.CRITICAL),
        ("the site is down", Category.FAILURE, Severity.HIGH),
        # how customers describe a failure without an error word
        ("导出表格一直转圈圈，半天没好", Category.FAILURE, Severity.NORMAL),
        ("今天打开报表全是空的", Category.FAILURE, Severity.NORMAL),
        ("短信验证码一直收不到", Category.FAILURE, Severity.NORMAL),
        ("the chart keeps spinning forever", Category.FAILURE, Severity.NORMAL),
        ("my widgets are not showing after the update", Category.FAILURE, Severity.NORMAL),
        # other forms of the rules' English words
        ("the barcode scanner freezes after every scan", Category.FAILURE, Severity.NORMAL),
        ("imports keep failing since Monday", Category.FAILURE, Severity.NORMAL),
        ("I get errors when saving a dashboard", Category.FAILURE, Severity.NORMAL),
        ("every report prints fine except the monthly one", Category.OTHER, Severity.LOW),  # not "exception"
        ("the app keeps crashing on my phone", Category.FAILURE, Severity.NORMAL),
        # a control or a component that stays grey: disabled, not rendered
        ("地图组件在安卓上一直是灰色的", Category.FAILURE, Severity.NORMAL),
        ("保存按钮点不了", Category.FAILURE, Severity.NORMAL),
        ("the Save button is greyed out for editors", Category.FAILURE, Severity.NORMAL),
    ],
)
def test_bundled_rules_classify_english_and_chinese(
    rules: ClassificationRules, text: str, category: Category, severity: Severity
) -> None:
    guess = classify(text, rules)
    assert (guess.category, guess.severity) == (category, severity)


def test_forms_of_one_keyword_count_as_one_hit() -> None:
    failure = CategoryRule(Category.FAILURE, TextRule(("crash", "crashes", "crashed")))
    account = CategoryRule(Category.ACCOUNT, TextRule(("login", "password")))
    text = "login crashes, and it crashed again after the password reset"
    guess = classify(text, ClassificationRules((failure, account)))
    assert (guess.category, guess.reasons) == (Category.ACCOUNT, ("login", "password"))


def test_ascii_keywords_match_whole_words_only(rules: ClassificationRules) -> None:
    guess = classify("where is the download page", rules)
    assert guess.category is Category.HOWTO
    assert "down" not in guess.reasons


def test_ties_go_to_the_rule_listed_first() -> None:
    first = CategoryRule(Category.ACCOUNT, TextRule(("login",)))
    second = CategoryRule(Category.FAILURE, TextRule((), (re.compile("login"),)))
    assert classify("login", ClassificationRules((first, second))).category is Category.ACCOUNT
    assert classify("login", ClassificationRules((second, first))).category is Category.FAILURE


@pytest.mark.parametrize(
    ("document", "needle"),
    [
        ("categories: [{category: nonsense}]", "nonsense"),
        ("categories: [{category: failure, patterns: ['(']}]", "missing"),
        ("- just a list", "mapping"),
        ("categories: [{keywords: [x]}]", "category"),
        ("fallback: [", "while parsing"),
    ],
)
def test_broken_rules_files_name_the_problem(document: str, needle: str) -> None:
    with pytest.raises(RulesError) as info:
        parse_rules(document, "rules.yaml")
    assert str(info.value).startswith("rules.yaml: ")
    assert needle in str(info.value)


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("crash on v5.2 after update", "5.2"),
        ("Version 3 still fails", "3"),
        ("升级到版本 5.2.1 之后闪退", "5.2.1"),
        ("the 4.10.2 build is broken", "4.10.2"),
        ("error 502 when I log in", None),
        ("3.5 stars, meh", None),
    ],
)
def test_versions_are_picked_up_when_mentioned(text: str, version: str | None) -> None:
    assert guess_version(text) == version


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("the site is down", True),
        ("everyone in our company gets a 502 error page since 9am", True),
        ("nobody can log in since 9am", True),
        ("全部用户都登录不了了", True),
        ("系统宕机了", True),
        # severity words without a failure, and failures that hurt one person
        ("怎么导出全部数据", False),
        ("how do I add everyone to the project", False),
        ("urgent: how do I export a report", False),
        ("I get a 502 error page sometimes", False),
        ("how do I scroll down to the export button?", False),
        ("how do I make sure no one can edit my invoices?", False),
        ("Everyone except admins should see the report, how do I set that?", False),
        ("do you send an outage notification email?", False),
    ],
)
def test_urgent_means_a_failure_at_high_severity_or_above(rules: ClassificationRules, text: str, urgent: bool) -> None:
    assert is_urgent(text, rules) is urgent
