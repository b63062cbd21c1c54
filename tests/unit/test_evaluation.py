"""`groupbot eval` metrics, checked against values worked out by hand."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from groupbot.core.matching import Candidate, DecisionKind, MatchDecision
from groupbot.features.knowledge.evaluation import (
    METRIC_KEYS,
    EvalQuestion,
    load_faq_jsonl,
    load_questions_jsonl,
    metrics,
    run_questions,
)

ANSWER, SUGGEST, ABSTAIN = DecisionKind.ANSWER, DecisionKind.SUGGEST, DecisionKind.ABSTAIN
# text -> (expected, slice, what the matcher does, candidate ids)
SCRIPT = {
    "q1": ("a", "s1", ANSWER, ["a"]),  # correct answer
    "q2": ("a", "s1", ANSWER, ["b"]),  # wrong answer
    "q3": ("b", "s1", SUGGEST, ["c", "b"]),  # not answered, expected among suggestions
    "q4": ("b", "s2", ABSTAIN, ["b"]),  # not answered, nothing suggested (abstain offers nothing)
    "q5": (None, "s2", ANSWER, ["a"]),  # false answer
    "q6": (None, "s2", SUGGEST, ["a"]),  # a suggestion is not an answer: correct abstain
    "q7": (None, "s2", ABSTAIN, []),  # correct abstain
}


def scripted_decide(text: str) -> MatchDecision:
    _expected, _slice, kind, ids = SCRIPT[text]
    return MatchDecision(kind, tuple(Candidate(i, 0.5) for i in ids))


def ticking_clock() -> Iterator[float]:
    # question n takes n milliseconds: start/stop pairs 0/0.001, 1/1.002, ...
    for n in range(1, len(SCRIPT) + 1):
        yield float(n)
        yield n + n / 1000


@pytest.fixture
def result() -> dict:
    questions = [EvalQuestion(text, exp, sl) for text, (exp, sl, _k, _i) in SCRIPT.items()]
    ticks = ticking_clock()
    seen: list[int] = []
    outcomes = run_questions(scripted_decide, questions, clock=lambda: next(ticks), progress=seen.append)
    assert seen == list(range(1, 8))
    return metrics(outcomes)


def test_overall_metrics_match_hand_computed_values(result: dict) -> None:
    assert {k: result[k] for k in METRIC_KEYS} == {
        "in_scope_top1": 0.25,  # 1 of 4 in-scope answered with the expected id
        "false_answer_rate": 0.3333,  # 1 of 3 out-of-scope answered
        "answered_precision": 0.3333,  # 1 correct of 3 answers
        "overall": 0.4286,  # (1 correct answer + 2 correct abstains) / 7
        "suggest_recall_at_3": 0.5,  # q3 yes, q4 no
        "p50_ms": 4.0,
        "p99_ms": 7.0,
    }


def test_slice_metrics_match_hand_computed_values(result: dict) -> None:
    assert result["slices"] == {
        "s1": {"in_scope_top1": 0.3333, "false_answer_rate": None, "answered_precision": 0.5, "overall": 0.3333,
               "suggest_recall_at_3": 1.0, "p50_ms": 2.0, "p99_ms": 3.0},
        "s2": {"in_scope_top1": 0.0, "false_answer_rate": 0.3333, "answered_precision": 0.0, "overall": 0.5,
               "suggest_recall_at_3": 0.0, "p50_ms": 5.0, "p99_ms": 7.0},
    }


def test_questions_without_slices_have_no_slice_table() -> None:
    outcomes = run_questions(scripted_decide, [EvalQuestion("q1", "a")])
    assert metrics(outcomes)["slices"] == {}
    assert metrics(outcomes)["in_scope_top1"] == 1.0


def test_loaders_read_the_interchange_format(tmp_path: Path) -> None:
    faq = tmp_path / "faq.jsonl"
    faq.write_text('{"id": "x", "question": "Q?", "aliases": ["q"], "answer": "A", "category": "c"}\n\n')
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"text": "q?", "expected": null}\n{"text": "Q", "expected": "x", "slice": "s"}\n')
    (entry,) = load_faq_jsonl(faq)
    assert (entry.id, entry.aliases, entry.category, entry.source) == ("x", ("q",), "c", f"{faq}:1")
    assert load_questions_jsonl(questions) == [EvalQuestion("q?", None), EvalQuestion("Q", "x", "s")]


@pytest.mark.parametrize(
    ("line", "message"),
    [("not json", "not JSON"), ("[1]", "JSON object"), ('{"question": "q"}', "missing field 'id'")],
)
def test_broken_faq_lines_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    faq = tmp_path / "faq.jsonl"
    faq.write_text(json.dumps({"id": "ok", "question": "q"}) + "\n" + line + "\n")
    with pytest.raises(ValueError, match=message) as caught:
        load_faq_jsonl(faq)
    assert f"{faq}:2" in str(caught.value)


def test_question_without_text_is_rejected(tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"expected": "x"}\n')
    with pytest.raises(ValueError, match="'text' must be a string"):
        load_questions_jsonl(questions)
