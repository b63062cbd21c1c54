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
from groupbot.features.knowledge.evaluation import Outcome, load_faq_jsonl, load_questions_jsonl, metrics


def sweep(folder: Path, answers: list[float], margins: list[float], suggest: float, semantic: float = 0.0) -> list:
    """``(answer, margin, metrics)`` for every threshold pair; ``semantic`` > 0 blends in embeddings."""
    model = None
    if semantic:
        from groupbot.semantic.embeddings import SentenceEmbeddings

        model = SentenceEmbeddings.load()
    matcher = Matcher(load_faq_jsonl(folder / "faq.jsonl"), semantic=model, semantic_weight=semantic)
    questions = load_questions_jsonl(folder / "questions.jsonl")
    ranked = [(q, matcher.rank(Query.of(q.text), matcher.meaning(Query.of(q.text)))) for q in questions]
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
    parser.add_argument("--semantic", type=float, default=0.0, help="semantic weight (0: lexical only)")
    args = parser.parse_args()
    answers = [round(0.44 + 0.02 * i, 2) for i in range(14)]
    margins = [0.0, 0.01, 0.02, 0.03, 0.05]
    for folder in args.folders:
        print(f"\n## {folder.name}\n")
        print("| answer | margin | overall | in_scope_top1 | precision | FAR per slice | sugg@3 |")
        print("|---|---|---|---|---|---|---|")
        for answer, margin, m in sweep(folder, answers, margins, args.suggest, args.semantic):
            far = ", ".join(f"{k} {v['false_answer_rate']:.3f}" for k, v in m["slices"].items()
                            if v["false_answer_rate"] is not None) or f"{m['false_answer_rate']}"
            print(f"| {answer:.2f} | {margin:.2f} | {m['overall']:.3f} | {m['in_scope_top1']:.3f} | "
                  f"{m['answered_precision'] or 0:.3f} | {far} | {m['suggest_recall_at_3'] or 0:.3f} |")


if __name__ == "__main__":
    main()
