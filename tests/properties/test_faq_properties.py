"""FAQ files: any YAML or JSONL text yields entries and problems with line numbers, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from groupbot.faqfiles import FaqFileError, parse_faq_text, read_jsonl
from tests.properties.strategies import JSON, deep, sometimes

ENTRY = st.fixed_dictionaries(
    {"id": sometimes(st.text(min_size=1, max_size=10)), "question": sometimes(st.text(max_size=30)),
     "answer": sometimes(st.text(max_size=30))},
    optional={"aliases": sometimes(st.lists(st.text(max_size=10), max_size=3)), "category": JSON, "locale": JSON,
              "tags": JSON},
)


@given(st.text(max_size=300))
@example("- " * 5000)
@example(deep())
@example("a: &x [*x]")
def test_any_text_parses_to_entries_and_problems(text) -> None:
    parsed = parse_faq_text(text, "faq.yaml")
    assert all(problem.line >= 0 for problem in parsed.problems)


@given(st.lists(ENTRY, max_size=4))
def test_generated_entries_parse_without_raising(entries) -> None:
    text = yaml.safe_dump(entries, allow_unicode=True)
    parsed = parse_faq_text(text, "faq.yaml")
    assert len(parsed.entries) <= len(entries)


@given(st.lists(st.one_of(ENTRY.map(lambda e: json.dumps(e, ensure_ascii=False)), st.text(max_size=40),
                          st.just(deep())), max_size=5))
def test_any_jsonl_reads_or_is_a_faq_file_error(tmp_path_factory, lines) -> None:
    path = Path(tmp_path_factory.mktemp("jsonl")) / "faq.jsonl"
    path.write_text("\n".join(line.replace("\n", " ") for line in lines), encoding="utf-8")
    try:
        read_jsonl(path)
    except FaqFileError as exc:
        assert all(problem.line >= 1 for problem in exc.problems)
