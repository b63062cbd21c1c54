"""Cost of finding the open ticket a new report repeats, against one bare rapidfuzz pass.

Run: ``PYTHONPATH=src python bench/bench_triage.py [N]`` (N open tickets, default 200,
the number the desk compares against; 3 reports each, half English, half Chinese).
The baseline, in the same process on the same texts, is ``process.extractOne``
with ``token_set_ratio`` over the pre-normalized report texts: the least any
fuzzy search over them must do. The ratio is what normalizing per call, the
second scorer, the Chinese character pairs and the per-ticket loop cost on top.
Classification of the same questions is timed too, against the same baseline.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

from rapidfuzz import fuzz, process

from groupbot.core.classification import classify
from groupbot.core.matching.matcher import normalize
from groupbot.core.messages import ChatRef, Sender
from groupbot.core.repeats import RepeatCandidate, RepeatFinder
from groupbot.core.tickets import Category, Ticket, TicketReport, TicketStatus
from groupbot.features.tickets.classification_rules import load_rules

T0 = datetime(2026, 1, 1, tzinfo=UTC)
EN = "the {} widget on dashboard {} shows error {} after the update"
ZH = "第{}个看板上的{}组件更新后报错{}"
QUESTIONS = [EN.format("map", 7, 502), ZH.format(7, "地图", 502), "how do I rotate my api key", "数据全部丢失了"]


def _ticket(i: int) -> Ticket:
    form = EN if i % 2 else ZH
    texts = [form.format(f"w{i}", i, 400 + j) if form is EN else form.format(i, f"组件{i}", 400 + j) for j in range(3)]
    reports = tuple(
        TicketReport(ChatRef("bench", f"g{j}"), Sender(f"u{j}"), str(j), t, T0) for j, t in enumerate(texts)
    )
    return Ticket(i, texts[0], Category.FAILURE, TicketStatus.OPEN, T0, T0, "bench:u0", reports=reports)


def _time(label: str, run, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        run()
    per_call = (time.perf_counter() - start) / rounds / len(QUESTIONS)
    print(f"{label:<44} {per_call * 1e3:8.3f} ms per question")
    return per_call


def main(n: int) -> None:
    tickets = [_ticket(i) for i in range(1, n + 1)]
    flat = [normalize(r.text) for t in tickets for r in t.reports] + [normalize(t.title) for t in tickets]
    finder, rules = RepeatFinder(), load_rules()
    candidates = [RepeatCandidate.of(ticket) for ticket in tickets]
    rounds = max(1, 2000 // n)

    def baseline() -> None:
        for q in QUESTIONS:
            process.extractOne(normalize(q), flat, scorer=fuzz.token_set_ratio)

    def repeats() -> None:
        for q in QUESTIONS:
            finder.find(q, candidates)

    def classification() -> None:
        for q in QUESTIONS:
            classify(q, rules)

    print(f"{n} open tickets, {len(flat)} texts, {len(QUESTIONS)} questions x {rounds} rounds")
    base = _time("baseline: extractOne(token_set_ratio)", baseline, rounds)
    found = _time("RepeatFinder.find", repeats, rounds)
    classified = _time("classify (bundled rules)", classification, rounds)
    print(f"ratio repeat search / baseline: {found / base:.1f}x; classify / baseline: {classified / base:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
