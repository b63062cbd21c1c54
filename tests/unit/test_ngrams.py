"""The spelling view: hashed character n-gram vectors, and their classifier next to the encoder's."""

import numpy as np

from groupbot.core.matching.meaning import SPELLING_WEIGHT, EntryMeaning
from groupbot.core.matching.ngrams import BUCKETS, NgramVectorizer

PHRASINGS = [
    ("password", ["how do I reset my password", "forgot my password", "change password"]),
    ("refund", ["how do I get a refund", "refund my order", "money back please"]),
    ("shipping", ["where is my parcel", "track my shipment", "delivery status"]),
    ("退货", ["怎么退货", "我要退货", "退货流程是什么"]),
]


class BlindEncoder:
    """Every text means the same: whatever ranks the entries, it is not this encoder."""

    def encode(self, texts):
        return np.ones((len(texts), 8), np.float32) / np.sqrt(8)


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
