"""How fast teaching pays off: move k real questions per entry into its aliases, measure on the rest.

This is what ``/learn`` does in real life: an ops person turns the askers'
wordings of a resolved ticket into aliases of the entry. For k = 0, 1, 2, 4, 8
in-scope questions per entry (seeded random, the same pool for every k so each
step adds to the last), the questions moved are removed from the test set and
the live matcher (shipped configuration) is rebuilt and evaluated on the rest.
Every k is evaluated on the questions left at the largest k, so the columns
compare the same questions.

    PYTHONPATH=src:. python bench/teach_curve.py /work/shared/datasets/hwu64-dev /work/shared/datasets/cic-zh-dev
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from bench.support.devsets import folders_and_encoder
from bench.support.memo import MemoEncoder

from groupbot.core.matching import Matcher
from groupbot.features.knowledge.evaluation import Outcome, load_faq_jsonl, load_questions_jsonl, metrics
from groupbot.semantic.wordvectors import load_word_vectors

STEPS = (0, 1, 2, 4, 8)


def curve(folder: Path, encoder: MemoEncoder, seed: int = 0) -> list[tuple[int, int, dict]]:
    """``(k, test questions, metrics)`` for each step, on the questions no step teaches."""
    faq = load_faq_jsonl(folder / "faq.jsonl")
    questions = load_questions_jsonl(folder / "questions.jsonl")
    rng = random.Random(seed)
    taught: dict[str, list[str]] = {}
    for entry in faq:
        own = [q.text for q in questions if q.expected == entry.id]
        rng.shuffle(own)
        taught[entry.id] = own[: max(STEPS)]
    held_back = {text for texts in taught.values() for text in texts}
    test = [q for q in questions if q.text not in held_back]
    encoder.encode([q.text for q in test])
    rows = []
    for k in STEPS:
        entries = [replace(e, aliases=(*e.aliases, *taught[e.id][:k])) for e in faq]
        matcher = Matcher(entries, encoder=encoder, word_vectors=load_word_vectors())
        rows.append((k, len(test), metrics([Outcome(q, matcher.decide(q.text), 0.0) for q in test])))
    return rows


def main() -> None:
    folders, encoder = folders_and_encoder(
        __doc__, "| set | k taught per entry | test questions | overall | in_scope_top1 | false_answer_rate | "
        "suggest_recall_at_3 |"
    )
    for folder in folders:
        for k, count, m in curve(folder, encoder):
            print(f"| {folder.name} | {k} | {count} | {m['overall']:.3f} | {m['in_scope_top1']:.3f} | "
                  f"{m['false_answer_rate']:.3f} | {m['suggest_recall_at_3'] or 0:.3f} |")


if __name__ == "__main__":
    main()
