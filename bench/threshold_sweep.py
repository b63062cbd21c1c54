"""Sweep answer/margin thresholds on labelled sets with the live ranking and decision code.

Ranks each question once with :meth:`Matcher.rank`, then re-decides with every
threshold pair through the same :func:`choose` the bot uses, and prints the
metrics of ``groupbot eval`` per pair. Used to pick the defaults in settings.py.

    PYTHONPATH=src python bench/threshold_sweep.py /work/shared/datasets/hwu64-dev [...]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from groupbot.core.matching import Matcher, Thresholds
from groupbot.core.matching.decide import choose
from groupbot.core.matching.score import Query
from groupbot.service.evaluation import Outcome, load_faq_jsonl, load_questions_jsonl, metrics


def sweep(folder: Path, answers: list[float], margins: list[float], suggest: float) -> list[tuple]:
    matcher = Matcher(load_faq_jsonl(folder / "faq.jsonl"))
    questions = load_questions_jsonl(folder / "questions.jsonl")
    ranked = [(q, matcher.rank(Query.of(q.text))) for q in questions]
    rows = []
    for answer in answers:
        for margin in margins:
            limits = Thresholds(answer, min(suggest, answer), margin)
            outcomes = [Outcome(q, choose(c, lambda _id, lim=limits: lim), 0.0) for q, c in ranked]
            rows.append((answer, margin, metrics(outcomes)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--suggest", type=float, default=0.30)
    args = parser.parse_args()
    answers = [round(0.45 + 0.03 * i, 2) for i in range(13)]
    margins = [0.0, 0.02, 0.03, 0.05, 0.08]
    for folder in args.folders:
        print(f"\n## {folder.name}\n")
        print("| answer | margin | overall | in_scope_top1 | precision | FAR per slice | sugg@3 |")
        print("|---|---|---|---|---|---|---|")
        for answer, margin, m in sweep(folder, answers, margins, args.suggest):
            far = ", ".join(f"{k} {v['false_answer_rate']:.3f}" for k, v in m["slices"].items()
                            if v["false_answer_rate"] is not None) or f"{m['false_answer_rate']}"
            print(f"| {answer:.2f} | {margin:.2f} | {m['overall']:.3f} | {m['in_scope_top1']:.3f} | "
                  f"{m['answered_precision'] or 0:.3f} | {far} | {m['suggest_recall_at_3'] or 0:.3f} |")


if __name__ == "__main__":
    main()
