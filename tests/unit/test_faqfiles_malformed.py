"""Broken YAML gives a clear problem with a line number, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from groupbot.faqfiles import FaqFileError, check_faq_dir, load_faq_dir, parse_faq_text

ENTRY = "- id: a\n  question: Q?\n  answer: A\n"


def only_problem(tmp_path: Path, data: bytes):
    (tmp_path / "bad.yaml").write_bytes(data)
    problems = check_faq_dir(tmp_path)
    assert len(problems) == 1, problems
    assert problems[0].file == str(tmp_path / "bad.yaml")
    return problems[0]


def test_tab_indentation(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, (ENTRY + "- id: b\n\tquestion: Q2?\n\tanswer: B\n").encode())
    assert (problem.line, problem.code) == (5, "yaml")
    assert "spaces, not tabs" in problem.message


def test_unclosed_quote(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, (ENTRY + '- id: b\n  question: "never closed\n  answer: B\n').encode())
    assert problem.code == "yaml"
    assert "quoted scalar on line 5" in problem.message


def test_binary_garbage(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, ENTRY.encode() + b"\n\xff\xfe\x00\x81garbage\x9c")
    assert (problem.line, problem.code) == (5, "encoding")
    assert "UTF-8" in problem.message


def test_control_characters_in_valid_utf8(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, (ENTRY + "- id: b\n  question: Q\x00?\n  answer: B\n").encode())
    assert (problem.line, problem.code) == (5, "yaml")
    assert "0x0" in problem.message


@pytest.mark.parametrize("text", ["just a sentence\n", "42\n", "entries:\n  - id: a\n"])
def test_top_level_must_be_a_list(tmp_path: Path, text: str) -> None:
    problem = only_problem(tmp_path, text.encode())
    assert (problem.line, problem.code) == (1, "not-a-list")
    assert "must be a list of entries" in problem.message


def test_two_documents_in_one_file(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, (ENTRY + "---\n- id: b\n  question: Q2?\n  answer: B\n").encode())
    assert (problem.line, problem.code) == (4, "yaml")


def test_python_tags_are_refused_not_executed(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, b"- id: a\n  question: Q?\n  answer: !!python/object/apply:os.system ['true']\n")
    assert (problem.line, problem.code) == (3, "yaml")


def test_empty_and_comment_only_files_hold_no_entries(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "comments.yaml").write_bytes("# 以后再写\n".encode())
    (tmp_path / "real.yaml").write_bytes(ENTRY.encode())
    assert [entry.id for entry in load_faq_dir(tmp_path)] == ["a"]


def test_byte_order_mark_and_crlf_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "win.yaml").write_bytes(b"\xef\xbb\xbf" + ENTRY.replace("\n", "\r\n").encode())
    [entry] = load_faq_dir(tmp_path)
    assert (entry.id, entry.answer, entry.source) == ("a", "A", f"{tmp_path / 'win.yaml'}:1")


def test_loading_a_broken_file_raises_a_readable_error(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"- id: a\n\tquestion: x\n")
    with pytest.raises(FaqFileError, match=r"bad\.yaml:2: invalid YAML"):
        load_faq_dir(tmp_path)


@pytest.mark.parametrize("text", ["", "- [\n", "- {id: [}\n", "- id: &a x\n  question: *b\n", "\x85\u2028- :\n"])
def test_odd_inputs_never_raise(text: str) -> None:
    parsed = parse_faq_text(text, "odd.yaml")
    assert all(problem.file == "odd.yaml" for problem in parsed.problems)
    assert parsed.entries == []
