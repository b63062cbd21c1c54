"""Measure matching on labelled questions: how often it answers right, and refuses right.

Pure over a ``decide`` callable so the numbers come from exactly the code the
live bot runs; nothing but each question's ``text`` reaches ``decide``.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import DecisionKind, MatchDecision

__all__ = [
    "METRIC_KEYS",
    "EvalQuestion",
    "Outcome",
    "load_faq_jsonl",
    "load_questions_jsonl",
    "metrics",
    "report",
    "run_questions",
]

METRIC_KEYS = (
    "in_scope_top1",
    "false_answer_rate",
    "answered_precision",
    "overall",
    "suggest_recall_at_3",
    "p50_ms",
    "p99_ms",
)
SUGGESTIONS_COUNTED = 3


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    """A question with the entry that should answer it (None: the bot should abstain)."""

    text: str
    expected: str | None
    slice: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the matcher did with one question, and how long it took."""

    question: EvalQuestion
    decision: MatchDecision
    elapsed_ms: float

    @property
    def answered(self) -> bool:
        """True when the bot would reply with an answer straight away."""
        return self.decision.kind is DecisionKind.ANSWER

    @property
    def correct_answer(self) -> bool:
        """Answered, with the expected entry."""
        return self.answered and self.question.expected is not None and self.decision.entry_id == self.question.expected

    @property
    def suggested(self) -> tuple[str, ...]:
        """Entry ids offered as "did you mean" (empty unless the decision is a suggestion)."""
        if self.decision.kind is not DecisionKind.SUGGEST:
            return ()
        return tuple(c.entry_id for c in self.decision.candidates[:SUGGESTIONS_COUNTED])


def run_questions(
    decide: Callable[[str], MatchDecision],
    questions: Iterable[EvalQuestion],
    *,
    clock: Callable[[], float] = time.perf_counter,
    progress: Callable[[int], None] | None = None,
) -> list[Outcome]:
    """Ask ``decide`` every question's text, timing each call."""
    outcomes = []
    for done, question in enumerate(questions, start=1):
        started = clock()
        decision = decide(question.text)
        outcomes.append(Outcome(question, decision, (clock() - started) * 1000))
        if progress is not None:
            progress(done)
    return outcomes


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _percentile(values: Sequence[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(fraction * len(ordered)) - 1, 0)
    return round(ordered[rank], 3)


def _summary(outcomes: Sequence[Outcome]) -> dict[str, float | None]:
    in_scope = [o for o in outcomes if o.question.expected is not None]
    out_of_scope = [o for o in outcomes if o.question.expected is None]
    answers = [o for o in outcomes if o.answered]
    correct = sum(o.correct_answer for o in outcomes)
    abstained_right = sum(not o.answered for o in out_of_scope)
    unanswered = [o for o in in_scope if not o.answered]
    elapsed = [o.elapsed_ms for o in outcomes]
    return {
        "in_scope_top1": _ratio(correct, len(in_scope)),
        "false_answer_rate": _ratio(sum(o.answered for o in out_of_scope), len(out_of_scope)),
        "answered_precision": _ratio(correct, len(answers)),
        "overall": _ratio(correct + abstained_right, len(outcomes)),
        "suggest_recall_at_3": _ratio(sum(o.question.expected in o.suggested for o in unanswered), len(unanswered)),
        "p50_ms": _percentile(elapsed, 0.50),
        "p99_ms": _percentile(elapsed, 0.99),
    }


def metrics(outcomes: Sequence[Outcome]) -> dict[str, object]:
    """The metrics over all outcomes, plus the same per ``slice`` under ``slices``."""
    result: dict[str, object] = dict(_summary(outcomes))
    names = sorted({o.question.slice for o in outcomes if o.question.slice})
    result["slices"] = {name: _summary([o for o in outcomes if o.question.slice == name]) for name in names}
    return result


def report(result: dict[str, object]) -> str:
    """A plain-text table of :func:`metrics` output, one row per slice."""
    rows = [("all", result), *sorted(dict(result.get("slices") or {}).items())]
    header = f"{'slice':<14}" + "".join(f"{key:>21}" for key in METRIC_KEYS)
    lines = [header]
    for name, values in rows:
        cells = "".join(f"{_cell(values.get(key)):>21}" for key in METRIC_KEYS)
        lines.append(f"{name:<14}{cells}")
    return "\n".join(lines)


def _cell(value: object) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def load_faq_jsonl(path: Path) -> list[FaqEntry]:
    """FAQ entries from JSONL lines ``{"id","question","aliases","answer","category"}``."""
    entries = []
    for number, record in _records(path):
        try:
            entries.append(
                FaqEntry(
                    id=str(record["id"]),
                    question=str(record["question"]),
                    answer=str(record.get("answer", "")),
                    aliases=tuple(str(a) for a in record.get("aliases", ())),
                    category=str(record.get("category") or "other"),
                    source=f"{path}:{number}",
                )
            )
        except KeyError as exc:
            raise ValueError(f"{path}:{number}: missing field {exc}") from None
    return entries


def load_questions_jsonl(path: Path) -> list[EvalQuestion]:
    """Questions from JSONL lines ``{"text", "expected": id or null, "slice": optional}``."""
    questions = []
    for number, record in _records(path):
        if not isinstance(record.get("text"), str):
            raise ValueError(f"{path}:{number}: 'text' must be a string")
        expected = record.get("expected")
        questions.append(EvalQuestion(record["text"], None if expected is None else str(expected), record.get("slice")))
    return questions


def _records(path: Path) -> Iterable[tuple[int, dict]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON: {exc.msg}") from None
            if not isinstance(record, dict):
                raise ValueError(f"{path}:{number}: expected a JSON object")
            yield number, record
