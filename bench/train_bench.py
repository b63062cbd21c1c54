"""How long retraining the FAQ classifier takes (target: <= 5 s for 1,000 entries), against prototypes.

Vectors are synthetic unit vectors in the encoder's 512 dimensions, clustered
per entry with 6 phrasings each (the dev sets' density); training cost does not
depend on what the vectors mean. Encoding is not included: the on-disk cache
makes a restart or a one-entry change re-encode almost nothing. The baseline,
run in the same process, is the cheapest meaning model there is: one mean vector
(prototype) per entry. Wall and CPU seconds are printed (on a shared machine the
CPU column is the steadier one). One BLAS thread, as in the bot.

    PYTHONPATH=src python bench/train_bench.py [--entries 100 300 1000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

from groupbot.core.matching.classifier import EntryClassifier

PHRASINGS = 6
DIMS = 512


def vectors(entries: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(entries, DIMS))
    rows = np.repeat(centres, PHRASINGS, axis=0) + 0.8 * rng.normal(size=(entries * PHRASINGS, DIMS))
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype(np.float32), np.repeat(np.arange(entries), PHRASINGS)


def timed(function) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def prototypes(x: np.ndarray, y: np.ndarray, entries: int) -> np.ndarray:
    sums = np.zeros((entries, x.shape[1]), np.float32)
    np.add.at(sums, y, x)
    return sums / np.linalg.norm(sums, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", nargs="+", type=int, default=[100, 300, 1000])
    args = parser.parse_args()
    threadpool_limits(limits=1, user_api="blas")
    print("| entries | phrasings | classifier wall s | classifier CPU s | prototypes CPU s | ratio |")
    print("|---|---|---|---|---|---|")
    for entries in args.entries:
        x, y = vectors(entries)
        wall, cpu = timed(lambda x=x, y=y, n=entries: EntryClassifier.train(x, y, n))
        _, base = timed(lambda x=x, y=y, n=entries: prototypes(x, y, n))
        print(f"| {entries:,} | {len(x):,} | {wall:.2f} | {cpu:.2f} | {base:.3f} | {cpu / max(base, 1e-6):.0f}x |")


if __name__ == "__main__":
    main()
