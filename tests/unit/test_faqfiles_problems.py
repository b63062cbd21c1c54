"""Each kind of problem in FAQ files is reported with the right file, line and kind."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from groupbot.faqfiles import FaqFileError, FaqProblem, check_faq_dir, load_faq_dir


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return str(path)


def codes_at(problems: list[FaqProblem]) -> list[tuple[str, int, str]]:
    return [(problem.file, problem.line, problem.code) for problem in problems]


GOOD = """
- id: first
  question: How do I export a report?
  aliases: [export report]
  answer: |
    1. Open the report.
    2. Click Export.
  category: reports
  locale: en
"""


@pytest.mark.parametrize(
    ("entry", "line", "code"),
    [
        ("- question: q?\n  answer: a\n", 10, "missing-field"),  # no id: the entry's line
        ("- id: x\n  answer: a\n", 10, "missing-field"),
        ("- id: x\n  question: q?\n", 10, "missing-field"),
        ("- id: x\n  question: q?\n  answer: ''\n", 12, "empty-field"),
        ("- id: x\n  question: q?\n  answer: |\n\n- id: y\n  question: r?\n  answer: b\n", 12, "empty-field"),
        ("- id: x\n  question: '   '\n  answer: a\n", 11, "empty-field"),
        ("- id: 42\n  question: q?\n  answer: a\n", 10, "wrong-type"),
        ("- id: x\n  question: q?\n  answer: a\n  aliases: just one string\n", 13, "wrong-type"),
        ("- id: x\n  question: q?\n  answer: a\n  aliases:\n    - fine\n    - 2024\n", 15, "wrong-type"),
        ("- id: x\n  question: q?\n  answer: yes\n", 12, "wrong-type"),
        ("- id: x\n  question: q?\n  answer: a\n  version: 2.3\n", 13, "wrong-type"),
        ("- id: x\n  question: q?\n  answer: a\n  locale: fr\n", 13, "bad-locale"),
        ("- id: two words\n  question: q?\n  answer: a\n", 10, "bad-id"),
        ("- id: x\n  question: q?\n  anwser: a\n  answer: a\n", 12, "unknown-field"),
        ("- id: x\n  question: q?\n  answer: a\n  answer: b\n", 13, "duplicate-field"),
        ("- just a string\n", 10, "not-a-mapping"),
    ],
)
def test_field_problems_point_at_their_line(tmp_path: Path, entry: str, line: int, code: str) -> None:
    # GOOD fills lines 1-8 and a blank line 9, so the entry under test starts on line 10.
    file = write(tmp_path, "faq.yaml", GOOD + "\n" + entry)
    problems = check_faq_dir(tmp_path)
    assert (file, line, code) in codes_at(problems), problems


def test_unknown_field_suggests_the_close_name(tmp_path: Path) -> None:
    write(tmp_path, "faq.yaml", "- id: x\n  question: q?\n  anwser: a\n  answer: a\n")
    [problem] = check_faq_dir(tmp_path)
    assert "did you mean 'answer'" in problem.message


def test_duplicate_ids_are_reported_at_both_places(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", GOOD)
    second = write(tmp_path, "sub/b.yaml", "# other\n- id: first\n  question: Something else?\n  answer: b\n")
    problems = check_faq_dir(tmp_path)
    assert codes_at(problems) == [(first, 1, "duplicate-id"), (second, 2, "duplicate-id")]
    assert f"{second}:2" in problems[0].message
    assert f"{first}:1" in problems[1].message


def test_alias_shared_by_two_entries_is_reported_at_the_later_one(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    second = write(
        tmp_path, "b.yaml", "- id: other\n  question: Other?\n  aliases:\n    - x\n    - Export   REPORT\n  answer: b\n"
    )
    [problem] = check_faq_dir(tmp_path)
    assert (problem.file, problem.line, problem.code) == (second, 5, "alias-is-alias")
    assert "'first'" in problem.message


def test_alias_equal_to_another_question_is_reported_at_the_alias(tmp_path: Path) -> None:
    # The alias comes first in file order, yet the alias is what is wrong.
    aliased = write(
        tmp_path, "a.yaml", "- id: early\n  question: Early?\n  aliases: ['how do I export a report?']\n  answer: b\n"
    )
    write(tmp_path, "b.yaml", GOOD)
    [problem] = check_faq_dir(tmp_path)
    assert (problem.file, problem.line, problem.code) == (aliased, 3, "alias-is-question")


def test_alias_matching_needs_nfkc_and_casefold(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "- id: a\n  question: A?\n  aliases: [ＡＰＩ　Ｋｅｙ]\n  answer: a\n")
    other = write(tmp_path, "b.yaml", "- id: b\n  question: B?\n  aliases: [api key]\n  answer: b\n")
    assert codes_at(check_faq_dir(tmp_path)) == [(other, 3, "alias-is-alias")]


def test_repeating_a_phrasing_inside_one_entry_is_fine(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "- id: a\n  question: Export?\n  aliases: ['export?', 'Export?']\n  answer: a\n")
    assert check_faq_dir(tmp_path) == []


def test_load_refuses_with_every_problem_named_by_file_and_line(tmp_path: Path) -> None:
    file = write(tmp_path, "faq.yaml", GOOD + "\n- id: x\n  question: q?\n  answer: ''\n- id: y\n  answer: a\n")
    with pytest.raises(FaqFileError) as caught:
        load_faq_dir(tmp_path)
    message = str(caught.value)
    assert message.splitlines()[0] == f"2 problems in the FAQ files, first: {file}:12: 'answer' is empty"
    assert f"{file}:12: 'answer' is empty" in message
    assert f"{file}:13: entry has no 'question'" in message
    assert len(caught.value.problems) == 2


def test_missing_directory_and_empty_directory_are_problems(tmp_path: Path) -> None:
    assert [p.code for p in check_faq_dir(tmp_path / "nope")] == ["no-directory"]
    assert [p.code for p in check_faq_dir(tmp_path)] == ["no-files"]


def test_hidden_files_are_ignored_and_yml_is_read(tmp_path: Path) -> None:
    write(tmp_path, ".backup/old.yaml", "not: [valid")
    write(tmp_path, "faq.yml", GOOD)
    assert [entry.id for entry in load_faq_dir(tmp_path)] == ["first"]
