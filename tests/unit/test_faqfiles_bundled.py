"""The sample FAQ shipped in faq/ is valid, bilingual and answers what customers ask."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import DecisionKind, Matcher
from groupbot.faqfiles import check_faq_dir, load_faq_dir

FAQ_DIR = Path(__file__).resolve().parents[2] / "faq"
TOPICS = ("account", "permissions", "reports", "api", "billing", "integrations", "errors", "data", "notifications")


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    return load_faq_dir(FAQ_DIR)


def test_bundled_faq_has_no_problems() -> None:
    assert check_faq_dir(FAQ_DIR) == []


def test_bundled_faq_is_large_enough_in_both_locales(entries: list[FaqEntry]) -> None:
    per_locale = Counter(entry.locale for entry in entries)
    assert len(entries) >= 40
    assert per_locale["zh-CN"] >= 25
    assert per_locale["en"] >= 25
    assert set(per_locale) == {"zh-CN", "en"}


def test_both_locales_cover_every_topic(entries: list[FaqEntry]) -> None:
    for locale in ("zh-CN", "en"):
        categories = {entry.category for entry in entries if entry.locale == locale}
        assert categories == set(TOPICS), locale


@pytest.mark.parametrize("entry", load_faq_dir(FAQ_DIR), ids=lambda entry: entry.id)
def test_each_entry_has_aliases_steps_and_a_docs_link(entry: FaqEntry) -> None:
    assert 3 <= len(entry.aliases) <= 6
    assert re.search(r"^1\. ", entry.answer, re.MULTILINE), "answer should give numbered steps"
    assert "https://docs.example.com/" in entry.answer
    assert entry.source.startswith(str(FAQ_DIR))


def test_entry_sources_name_file_and_line(entries: list[FaqEntry]) -> None:
    reset = next(entry for entry in entries if entry.id == "en-password-reset")
    path, line = reset.source.rsplit(":", 1)
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    assert lines[int(line) - 1] == "- id: en-password-reset"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("how do I reset my password?", "en-password-reset"),
        ("forgot my password", "en-password-reset"),
        ("忘记密码怎么办", "zh-password-reset"),
        ("how do I get a pdf of my dashboard", "en-export-pdf"),
        ("导出报表怎么弄", "zh-export-pdf"),
        ("报表导不出来", "zh-export-excel-csv"),
        ("发票怎么开", "zh-fapiao"),
        ("429 error", "en-api-rate-limit"),
    ],
)
def test_matcher_answers_common_questions_from_the_sample(
    entries: list[FaqEntry], question: str, entry_id: str
) -> None:
    decision = Matcher(entries).decide(question)
    assert decision.kind is DecisionKind.ANSWER
    assert decision.entry_id == entry_id


def test_every_phrasing_leads_back_to_its_own_entry(entries: list[FaqEntry]) -> None:
    matcher = Matcher(entries)
    strays = [
        (entry.id, phrasing, matcher.decide(phrasing).entry_id)
        for entry in entries
        for phrasing in entry.phrasings
        if matcher.decide(phrasing).entry_id != entry.id
    ]
    assert strays == []
