"""Entries with one phrasing (what /learn and /faq add make): are their questions answered?

Per dev set and seed, a random 30% of the entries keep one phrasing only (their
first alias, a real customer wording), the rest keep all of theirs. Reported
separately: questions for the one-phrasing entries ("few") and for the others
("many"), each as answered right and as reached (answered right or the right
entry among the did-you-mean choices), plus false answers on out-of-scope
questions and overall. The baseline, in the same run, is the classifier fitted
without the phrasing-count balance (every row weighing one).

    PYTHONPATH=src:. python bench/few_phrasings.py /work/shared/datasets/hwu64-dev /work/shared/datasets/cic-zh-dev
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

from bench.support.devsets import folders_and_encoder
from bench.support.memo import MemoEncoder

from groupbot.core.matching import Matcher
from groupbot.features.knowledge.evaluation import Outcome, load_faq_jsonl, load_questions_jsonl, metrics
from groupbot.semantic.wordvectors import load_word_vectors

SHARE = 0.3
SEEDS = (1, 2)


def _rates(outcomes: Sequence[Outcome]) -> tuple[float, float]:
    right = sum(o.correct_answer for o in outcomes)
    reached = sum(o.correct_answer or o.question.expected in o.suggested for o in outcomes)
    return right / max(len(outcomes), 1), reached / max(len(outcomes), 1)


def measure(folder: Path, encoder: MemoEncoder, seed: int) -> tuple[int, str]:
    """How many entries were cut to one phrasing, and one table row's cells after the set and seed."""
    faq, questions = load_faq_jsonl(folder / "faq.jsonl"), load_questions_jsonl(folder / "questions.jsonl")
    rng = random.Random(seed)
    few = {entry.id for entry in faq if entry.aliases and rng.random() < SHARE}
    entries = [replace(e, question=e.aliases[0], aliases=()) if e.id in few else e for e in faq]
    matcher = Matcher(entries, encoder=encoder, word_vectors=load_word_vectors())
    outcomes = [Outcome(q, matcher.decide(q.text), 0.0) for q in questions]
    few_right, few_reached = _rates([o for o in outcomes if o.question.expected in few])
    many_right, many_reached = _rates([o for o in outcomes if o.question.expected and o.question.expected not in few])
    out = [o for o in outcomes if o.question.expected is None]
    far = sum(o.answered for o in out) / max(len(out), 1)
    cells = f"{few_right:.3f} | {few_reached:.3f} | {many_right:.3f} | {many_reached:.3f} | {far:.3f}"
    return len(few), f"{cells} | {metrics(outcomes)['overall']:.3f}"


def main() -> None:
    folders, encoder = folders_and_encoder(
        __doc__, "| set | seed | one-phrasing entries | fit | few: right | few: reached | many: right "
        "| many: reached | false answers | overall |"
    )
    for folder in folders:
        for seed in SEEDS:
            with patch("groupbot.core.matching.classifier._balance", lambda labels, entries: None):
                cut, unweighted = measure(folder, encoder, seed)
            _, balanced = measure(folder, encoder, seed)
            print(f"| {folder.name} | {seed} | {cut} | unweighted (baseline) | {unweighted} |")
            print(f"| {folder.name} | {seed} | {cut} | balanced (shipped) | {balanced} |")


if __name__ == "__main__":
    main()
