"""Does one shipped threshold hold for every FAQ? Sweep it on each dev set, both merged, and random halves.

For every scenario the matcher is built once with the live code (sentence
encoder, classifier, guards), each question is decided for every answer
threshold in the grid, and the table shows the shipped threshold's overall
next to the best any threshold gives on that scenario alone ("tuned"), with the
false-answer limits of the issue (near_oos <= 0.25 on English sets, every
abstain slice <= 0.10 on Chinese ones) and without them.

Scenarios: each folder; all folders merged into one bilingual FAQ; two random
halves (seed 0) of each folder's entries, where the questions of the dropped
half must now be refused (slice ``dropped``).

    PYTHONPATH=src:. python bench/threshold_sweep.py /work/shared/datasets/hwu64-dev /work/shared/datasets/cic-zh-dev
"""

from __future__ import annotations

import argparse
import random
from dataclasses import replace
from pathlib import Path

from bench.support.memo import MemoEncoder

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import MODEL_THRESHOLDS, Matcher, Thresholds
from groupbot.features.knowledge.evaluation import EvalQuestion, Outcome, load_faq_jsonl, load_questions_jsonl, metrics
from groupbot.semantic.universal import load_universal_encoder
from groupbot.semantic.wordvectors import load_word_vectors

GRID = [round(0.93 + 0.005 * i, 3) for i in range(13)]


def scenarios(folders: list[Path]) -> dict[str, tuple[list[FaqEntry], list[EvalQuestion], float]]:
    """name -> (FAQ, questions, false-answer limit per abstain slice)."""
    found = {}
    for folder in folders:
        limit = 0.10 if "zh" in folder.name else 0.25
        found[folder.name] = (load_faq_jsonl(folder / "faq.jsonl"), load_questions_jsonl(folder / "questions.jsonl"),
                              limit)
    if len(folders) > 1:
        merged_faq = [e for faq, _q, _l in list(found.values()) for e in faq]
        merged_questions = [q for _f, questions, _l in list(found.values()) for q in questions]
        found["merged"] = (merged_faq, merged_questions, max(limit for _f, _q, limit in found.values()))
    for folder in folders:
        faq, questions, limit = found[folder.name]
        order = list(range(len(faq)))
        random.Random(0).shuffle(order)
        for half, part in (("A", order[: len(faq) // 2]), ("B", order[len(faq) // 2 :])):
            kept = [faq[i] for i in sorted(part)]
            ids = {e.id for e in kept}
            moved = [q if q.expected is None or q.expected in ids else replace(q, expected=None, slice="dropped")
                     for q in questions]
            found[f"{folder.name} half {half}"] = (kept, moved, limit)
    return found


def sweep(faq: list[FaqEntry], questions: list[EvalQuestion], encoder: MemoEncoder) -> dict[float, dict]:
    """answer threshold -> metrics, the rest of the shipped thresholds unchanged."""
    encoder.encode([q.text for q in questions])
    rows = {}
    for answer in GRID:
        limits = Thresholds(answer, min(MODEL_THRESHOLDS.suggest, answer), MODEL_THRESHOLDS.margin)
        matcher = Matcher(faq, limits, encoder=encoder, word_vectors=load_word_vectors())
        rows[answer] = metrics([Outcome(q, matcher.decide(q.text), 0.0) for q in questions])
    return rows


def _within(m: dict, limit: float) -> bool:
    rates = [v["false_answer_rate"] for v in m["slices"].values() if v["false_answer_rate"] is not None]
    return all(rate <= limit + 1e-9 for rate in rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--details", action="store_true", help="print every threshold per scenario")
    args = parser.parse_args()
    encoder = MemoEncoder(load_universal_encoder())
    shipped = MODEL_THRESHOLDS.answer
    print(f"shipped answer threshold {shipped}, grid {GRID[0]}..{GRID[-1]}\n")
    print("| scenario | entries | shipped overall | shipped in_scope_top1 | shipped FAR (max slice) "
          "| tuned overall (FAR limits) | at | tuned overall (no limits) | at | gap |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, (faq, questions, limit) in scenarios(args.folders).items():
        rows = sweep(faq, questions, encoder)
        if args.details:
            for answer, m in rows.items():
                far = {k: v["false_answer_rate"] for k, v in m["slices"].items() if v["false_answer_rate"] is not None}
                print(f"  {name} {answer}: overall {m['overall']} in_scope {m['in_scope_top1']} FAR {far}")
        ours = rows[shipped] if shipped in rows else sweep_one(faq, questions, encoder, shipped)
        limited = [(m["overall"], a) for a, m in rows.items() if _within(m, limit)] or [(0.0, None)]
        free = max((m["overall"], a) for a, m in rows.items())
        best_limited = max(limited)
        far = max(v["false_answer_rate"] for v in ours["slices"].values() if v["false_answer_rate"] is not None)
        gap = max(best_limited[0], 0) - ours["overall"]
        print(f"| {name} | {len(faq)} | {ours['overall']:.3f} | {ours['in_scope_top1']:.3f} | {far:.3f} "
              f"| {best_limited[0]:.3f} | {best_limited[1]} | {free[0]:.3f} | {free[1]} | {gap:+.3f} |")


def sweep_one(faq, questions, encoder, answer: float) -> dict:
    limits = Thresholds(answer, MODEL_THRESHOLDS.suggest, MODEL_THRESHOLDS.margin)
    matcher = Matcher(faq, limits, encoder=encoder, word_vectors=load_word_vectors())
    return metrics([Outcome(q, matcher.decide(q.text), 0.0) for q in questions])


if __name__ == "__main__":
    main()
