"""The spelling view: hashed character n-gram vectors, and their classifier next to the encoder's."""

import zlib

import numpy as np

from groupbot.core.matching.classifier import EntryClassifier
from groupbot.core.matching.meaning import SPELLING_PLAN, SPELLING_WEIGHT, EntryMeaning, _Spelling
from groupbot.core.matching.ngrams import BUCKETS, NgramVectorizer
from groupbot.core.matching.softmax_fit import BLOCK_ROWS
from tests.fakes import BlindEncoder

PHRASINGS = [
    ("password", ["how do I reset my password", "forgot my password", "change password"]),
    ("refund", ["how do I get a refund", "refund my order", "money back please"]),
    ("shipping", ["where is my parcel", "track my shipment", "delivery status"]),
    ("退货", ["怎么退货", "我要退货", "退货流程是什么"]),
]


class ClusteredEncoder:
    """Texts of one entry (same number) lie around that entry's random centre."""

    def __init__(self, seed: int) -> None:
        self._seed = seed

    def encode(self, texts):
        rows = []
        for text in texts:
            entry = next((word for word in text.split() if word.isdigit()), "")
            centre = np.random.default_rng([self._seed, zlib.crc32(entry.encode())]).normal(size=32)
            noise = np.random.default_rng([self._seed, zlib.crc32(text.encode())]).normal(size=32)
            rows.append(centre + 0.5 * noise)
        vectors = np.array(rows, np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_vectors_are_unit_rows_of_fixed_length_and_empty_text_is_zero() -> None:
    vectorizer = NgramVectorizer.fit([text for _id, texts in PHRASINGS for text in texts])
    vectors = vectorizer.encode(["reset my password", "", "！！！"])
    assert vectors.shape == (3, BUCKETS)
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0)
    assert not vectors[1].any() and not vectors[2].any()


def test_similar_spelling_is_closer_than_other_words() -> None:
    vectorizer = NgramVectorizer.fit([text for _id, texts in PHRASINGS for text in texts])
    base, typo, other = vectorizer.encode(["reset my password", "resett my pasword", "track my parcel"])
    assert base @ typo > 0.5 > base @ other


def test_normalization_comes_first_traditional_and_full_width_match_plain() -> None:
    vectorizer = NgramVectorizer.fit(["怎么退货", "ABC 123"])
    assert np.allclose(*vectorizer.encode(["怎麼退貨", "怎么退货"]))
    assert np.allclose(*vectorizer.encode(["ＡＢＣ １２３", "abc 123"]))


def test_spelling_ranks_the_entries_when_the_encoder_cannot_tell_them_apart() -> None:
    meaning = EntryMeaning.train(BlindEncoder(), PHRASINGS)
    for question, expected in [("how can I reset the password", "password"), ("I want a refund for my order", "refund"),
                               ("track the parcel", "shipping"), ("退货怎么弄", "退货")]:
        leads = meaning.leads(question)
        assert meaning.entry_ids[int(np.argmax(leads))] == expected, (question, leads)


def test_the_spelling_view_only_carries_its_weight_in_the_lead() -> None:
    # A blind encoder gives every entry the same meaning lead (zero), so the lead is the spelling lead times its weight.
    meaning = EntryMeaning.train(BlindEncoder(), PHRASINGS)
    spelling_only = EntryMeaning.train(BlindEncoder(), PHRASINGS)._spelling
    assert spelling_only is not None
    leads = meaning.leads("forgot my password")
    alone = spelling_only.classifier.leads(spelling_only.vectorizer.encode(["forgot my password"]))[0]
    assert 0 < SPELLING_WEIGHT < 0.5
    assert np.allclose(leads, SPELLING_WEIGHT * alone, atol=1e-4)


def test_fitting_and_encoding_at_once_is_fitting_then_encoding() -> None:
    texts = [text for _id, texts in PHRASINGS for text in texts]
    vectorizer, vectors = NgramVectorizer.fit_encode(texts)
    assert np.array_equal(vectors, NgramVectorizer.fit(texts).encode(texts))
    assert np.array_equal(vectorizer.encode(["refund please"]), NgramVectorizer.fit(texts).encode(["refund please"]))


def test_both_views_trained_at_once_lead_as_when_trained_one_after_the_other() -> None:
    encoder = ClusteredEncoder(seed=3)
    faq = [(f"entry-{n}", [f"question {n} {word}" for word in ("how", "why", "when", "where", "who")])
           for n in range(2 * BLOCK_ROWS // 5)]  # two blocks of phrasings in each view
    concurrent = EntryMeaning.train(encoder, faq)
    texts = [text for _id, entry_texts in faq for text in entry_texts]
    labels = [n for n, (_id, entry_texts) in enumerate(faq) for _text in entry_texts]
    vectorizer, grams = NgramVectorizer.fit_encode(texts)
    meaning = EntryClassifier.train(encoder.encode(texts), labels, len(faq))
    spelling = _Spelling(vectorizer, EntryClassifier.train(grams, labels, len(faq), SPELLING_PLAN))
    sequential = EntryMeaning(encoder, concurrent.entry_ids, meaning, spelling)
    for question in ("question 7 how", "why question 300", "nothing like it"):
        assert np.array_equal(concurrent.leads(question), sequential.leads(question))
    assert concurrent.entry_ids[int(np.argmax(concurrent.leads("question 7 how")))] == "entry-7"
