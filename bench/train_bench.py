"""How long retraining the FAQ takes (target: <= 5 s wall for 1,000 entries), against prototypes.

Times the whole ``EntryMeaning.train``, all three views: the classifier over
sentence embeddings, the one over character n-gram vectors (fitting the
vectorizer and turning every phrasing into grams included) and the one over
word vectors (the real WordLlama vectors, their encoding included: ~0.03 ms a
phrasing, never cached). Encoding sentences is not: the on-disk cache makes a
restart or a one-entry change re-encode almost nothing, so the sentence
encoder is a stub that hands out synthetic unit vectors in the encoder's 512
dimensions, clustered per entry. Each entry has 6 phrasings (the dev sets'
density), synthetic support questions made of a topic (two words of its own)
in varied wordings, so the n-gram vectorizer reads real text of real length.

The baseline, run in the same process, is the cheapest meaning model there is:
one mean vector (prototype) per entry. Wall and CPU seconds are printed (on a
shared machine the CPU column is the steadier one; with training threads CPU
can exceed wall). One BLAS thread for the process, as in the bot.

    PYTHONPATH=src:. python bench/train_bench.py [--entries 100 300 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from groupbot.core.matching.meaning import EntryMeaning
from groupbot.semantic.wordvectors import load_word_vectors

PHRASINGS = 6
DIMS = 512
OBJECTS = (
    "password", "account", "order", "refund", "parcel", "invoice", "card", "address", "phone", "email", "router",
    "printer", "laptop", "screen", "battery", "ticket", "booking", "seat", "flight", "hotel", "room",
    "subscription", "plan", "coupon", "voucher", "gift", "receipt", "warranty", "charger", "cable", "app",
    "update", "login", "profile", "photo", "message", "group", "channel", "bot", "payment", "bank", "transfer",
    "balance", "fee", "tax", "delivery",
)
ACTIONS = (
    "reset", "change", "cancel", "track", "return", "replace", "update", "delete", "add", "find", "renew", "pay",
    "check", "fix", "open", "close", "share", "download", "upload", "sync", "verify", "unlock", "move", "transfer",
    "confirm",
)
TEMPLATES = (
    "how do I {a} my {o} {q}", "I want to {a} the {o} {q}", "can you help me {a} my {o}", "{o} {q} {a}",
    "is it possible to {a} a {o} {q} today", "what happens if I {a} my {o}", "where can I {a} the {o} {q}",
    "my {o} {q} won't let me {a} it", "please {a} {o} {q} for me", "need to {a} {o} asap",
)


def phrasings(entries: int, seed: int = 0) -> list[tuple[str, list[str]]]:
    """``entries`` synthetic FAQ entries, each a topic (action, object, qualifier) in ``PHRASINGS`` wordings."""
    rng = random.Random(seed)
    made = []
    for number in range(entries):
        action, thing = rng.choice(ACTIONS), rng.choice(OBJECTS)
        qualifier = f"{rng.choice(OBJECTS)}{number % 97}"  # two entries rarely share the whole topic
        texts = [t.format(a=action, o=thing, q=qualifier) for t in rng.sample(TEMPLATES, PHRASINGS)]
        made.append((f"entry-{number}", texts))
    return made


class ClusteredEncoder:
    """Stands in for the sentence encoder: each entry's phrasings lie around its own random centre."""

    def __init__(self, faq: Sequence[tuple[str, Sequence[str]]], seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self._known: dict[str, np.ndarray] = {}
        for _entry_id, texts in faq:
            centre = rng.normal(size=DIMS)
            for text in texts:
                row = centre + 0.8 * rng.normal(size=DIMS)
                self._known[text] = (row / np.linalg.norm(row)).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """The precomputed vector of every text (what the on-disk cache hands back)."""
        return np.stack([self._known[text] for text in texts])


def timed(function) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def prototypes(encoder: ClusteredEncoder, faq: Sequence[tuple[str, Sequence[str]]]) -> np.ndarray:
    """The baseline: one normalized mean vector per entry."""
    means = np.stack([encoder.encode(texts).mean(0) for _entry_id, texts in faq])
    return means / np.linalg.norm(means, axis=1, keepdims=True)


def measure(faq: list[tuple[str, list[str]]], repeat: int) -> tuple[tuple[float, float], float]:
    """The fastest training (wall, CPU) and the fastest baseline (CPU) of ``repeat`` runs."""
    encoder, words = ClusteredEncoder(faq), load_word_vectors()
    trained = min(timed(lambda: EntryMeaning.train(encoder, faq, word_vectors=words)) for _ in range(repeat))
    return trained, min(timed(lambda: prototypes(encoder, faq))[1] for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", nargs="+", type=int, default=[100, 300, 1000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest (by wall) is shown")
    args = parser.parse_args()
    threadpool_limits(limits=1, user_api="blas")
    print("| entries | phrasings | train wall s | train CPU s | prototypes CPU s | ratio (CPU) |")
    print("|---|---|---|---|---|---|")
    for entries in args.entries:
        (wall, cpu), base = measure(phrasings(entries), args.repeat)
        print(f"| {entries:,} | {entries * PHRASINGS:,} | {wall:.2f} | {cpu:.2f} | {base:.3f} "
              f"| {cpu / max(base, 1e-6):.0f}x |")


if __name__ == "__main__":
    main()
