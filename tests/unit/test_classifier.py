"""The numpy softmax classifier, on vectors we construct (no model needed)."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from groupbot.core.matching.classifier import EntryClassifier
from groupbot.core.matching.softmax_fit import BLOCK_ROWS


def clusters(entries: int, per_entry: int, dims: int = 64, seed: int = 0) -> tuple[np.ndarray, list[int], np.ndarray]:
    """Unit vectors around one random centre per entry; returns (vectors, labels, centres)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(entries, dims))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    rows = np.repeat(centres, per_entry, axis=0) + 0.35 * rng.normal(size=(entries * per_entry, dims)) / np.sqrt(dims)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype(np.float32), [i for i in range(entries) for _ in range(per_entry)], centres


def test_it_tells_entries_apart_on_unseen_phrasings() -> None:
    vectors, labels, centres = clusters(entries=30, per_entry=5)
    model = EntryClassifier.train(vectors, labels, 30)
    unseen, unseen_labels, _ = clusters(entries=30, per_entry=3, seed=1)
    # new noise around the same centres
    rng = np.random.default_rng(2)
    probe = centres + 0.35 * rng.normal(size=centres.shape) / 8
    assert (model.logits(probe).argmax(1) == np.arange(30)).mean() >= 0.95
    assert model.size == 30 and unseen.shape[0] == len(unseen_labels)


def test_the_lead_of_a_clear_match_keeps_its_scale_as_the_faq_grows() -> None:
    leads = []
    for entries in (4, 16, 64):
        vectors, labels, centres = clusters(entries=entries, per_entry=5, seed=entries)
        model = EntryClassifier.train(vectors, labels, entries)
        leads.append(float(np.median(model.leads(centres).max(1))))
    # softmax probabilities of the same matches fall roughly as 1/entries; the lead stays put
    assert max(leads) / min(leads) < 1.6, leads


def test_an_off_topic_vector_leads_less_than_a_phrasing() -> None:
    vectors, labels, centres = clusters(entries=20, per_entry=5)
    model = EntryClassifier.train(vectors, labels, 20)
    off_topic = np.random.default_rng(9).normal(size=(20, vectors.shape[1])).astype(np.float32)
    off_topic /= np.linalg.norm(off_topic, axis=1, keepdims=True)
    assert np.median(model.leads(off_topic).max(1)) < np.median(model.leads(centres).max(1)) - 1.0


def test_degenerate_inputs_do_not_crash() -> None:
    empty = EntryClassifier.train(np.zeros((0, 8), np.float32), [], 0)
    assert empty.logits(np.ones((1, 8), np.float32)).shape == (1, 0)
    one = EntryClassifier.train(np.ones((2, 8), np.float32), [0, 0], 1)
    assert one.leads(np.ones((1, 8), np.float32)).shape == (1, 1)



def test_blocks_fitted_on_threads_give_the_same_weights_as_one_thread() -> None:
    entries = 3 * BLOCK_ROWS // 5 + 7  # five phrasings each: three blocks, the last one short
    vectors, labels, centres = clusters(entries=entries, per_entry=5)
    alone = EntryClassifier.train(vectors, labels, entries)
    with ThreadPoolExecutor(3) as pool:
        threaded = EntryClassifier.train(vectors, labels, entries, pool=pool)
    assert np.array_equal(alone.leads(centres), threaded.leads(centres))
    assert (alone.logits(centres).argmax(1) == np.arange(entries)).mean() >= 0.95


def test_huge_features_keep_the_fit_finite() -> None:
    # Scores far above exp()'s float32 range: the rows are shifted by their maximum before exp().
    vectors, labels, centres = clusters(entries=10, per_entry=5)
    model = EntryClassifier.train(vectors * 1e4, labels, 10)
    logits = model.logits(centres.astype(np.float32) * 1e4)
    assert np.isfinite(logits).all()
    assert (logits.argmax(1) == np.arange(10)).all()
