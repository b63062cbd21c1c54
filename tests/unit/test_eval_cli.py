"""`groupbot eval` end to end: JSONL in, the live matcher through a throwaway store, metrics out."""

import json
from pathlib import Path

import pytest

from groupbot.cli import main
from groupbot.features.knowledge.evaluation import METRIC_KEYS

FAQ = [
    {"id": "reset", "question": "How do I reset my password?", "aliases": ["forgot my password"], "answer": "A",
     "category": "account"},
    {"id": "invoice", "question": "怎么开发票", "aliases": ["能开发票吗"], "answer": "B", "category": "billing"},
]
QUESTIONS = [
    {"text": "I forgot my password", "expected": "reset", "slice": "in_scope"},
    {"text": "請問能開發票嗎？", "expected": "invoice", "slice": "in_scope"},
    {"text": "what's the weather in Paris", "expected": None, "slice": "out"},
]


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)  # no groupbot.toml: the defaults the bot ships with
    faq, questions = tmp_path / "faq.jsonl", tmp_path / "questions.jsonl"
    faq.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in FAQ), encoding="utf-8")
    questions.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in QUESTIONS), encoding="utf-8")
    return faq, questions


def test_eval_json_has_exactly_the_documented_keys(files: tuple[Path, Path], capsys: pytest.CaptureFixture) -> None:
    faq, questions = files
    assert main(["eval", "--faq", str(faq), "--questions", str(questions), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {*METRIC_KEYS, "slices"}
    assert set(result["slices"]) == {"in_scope", "out"}
    assert all(set(values) == set(METRIC_KEYS) for values in result["slices"].values())
    assert result["in_scope_top1"] == 1.0
    assert result["false_answer_rate"] == 0.0
    assert result["overall"] == 1.0


def test_eval_table_lists_every_slice(files: tuple[Path, Path], capsys: pytest.CaptureFixture) -> None:
    faq, questions = files
    assert main(["eval", "--faq", str(faq), "--questions", str(questions)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["slice", *METRIC_KEYS]
    assert [line.split()[0] for line in lines[1:]] == ["all", "in_scope", "out"]


def test_eval_thresholds_come_from_the_settings(files: tuple[Path, Path], capsys: pytest.CaptureFixture,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROUPBOT_MATCHING__ANSWER", "1.0")  # only phrasings equal after normalization
    faq, questions = files
    assert main(["eval", "--faq", str(faq), "--questions", str(questions), "--json"]) == 0
    # 請問能開發票嗎？ folds to the alias 能开发票吗; "I forgot my password" is not exact
    assert json.loads(capsys.readouterr().out)["in_scope_top1"] == 0.5


def test_eval_reports_a_broken_file_with_its_line(files: tuple[Path, Path], capsys: pytest.CaptureFixture) -> None:
    faq, questions = files
    questions.write_text('{"text": "fine", "expected": null}\n{oops\n', encoding="utf-8")
    assert main(["eval", "--faq", str(faq), "--questions", str(questions)]) == 2
    assert f"{questions}:2: not JSON" in capsys.readouterr().err


def test_eval_reports_a_missing_file(files: tuple[Path, Path], capsys: pytest.CaptureFixture) -> None:
    faq, questions = files
    assert main(["eval", "--faq", str(faq), "--questions", str(questions.with_name("nope.jsonl"))]) == 2
    assert "cannot read" in capsys.readouterr().err
