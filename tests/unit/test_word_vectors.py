"""The word-vector view: WordLlama's token vectors from the installed wheel, and their classifier in the lead."""

import numpy as np
import pytest

from groupbot.core.matching.meaning import SPELLING_WEIGHT, WORDS_WEIGHT, EntryMeaning
from groupbot.semantic.wordvectors import WordVectorEncoder, load_word_vectors
from tests.fakes import BlindEncoder

ALARMS = [
    ("remove-alarm", ["remove an alarm", "cancel the alarm", "turn off my alarm"]),
    ("set-alarm", ["set an alarm", "wake me up at seven", "new alarm please"]),
    ("weather", ["what is the weather", "will it rain today", "forecast for tomorrow"]),
]


@pytest.fixture(scope="module")
def words() -> WordVectorEncoder:
    found = load_word_vectors()
    assert found is not None, "wordllama is a base dependency"
    return found


def test_sentences_become_unit_vectors_and_an_empty_one_a_zero_row(words: WordVectorEncoder) -> None:
    vectors = words.encode(["remove the alarm", "删除闹钟", "👍👍", ""])
    assert vectors.shape == (4, 256) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()
    assert words.encode([]).shape == (0, 256)


def test_synonyms_lie_close_and_mentions_and_links_are_not_read(words: WordVectorEncoder) -> None:
    remove, delete, weather, noisy = words.encode(
        ["remove the alarm", "delete the alarm", "check the weather", "@helpdesk_bot remove the alarm https://x.example/a"])
    assert remove @ delete > 0.8 > 0.2 > remove @ weather
    assert np.allclose(noisy, remove, atol=1e-6)


def test_the_word_view_knows_a_synonym_no_phrasing_spells(words: WordVectorEncoder) -> None:
    # "erase" is in no phrasing: spelling alone ranks the weather entry first, the word view the right one.
    without = EntryMeaning.train(BlindEncoder(), ALARMS)
    with_words = EntryMeaning.train(BlindEncoder(), ALARMS, word_vectors=words)
    assert without.entry_ids[int(np.argmax(without.leads("erase that alarm")))] != "remove-alarm"
    assert with_words.entry_ids[int(np.argmax(with_words.leads("erase that alarm")))] == "remove-alarm"


def test_each_view_carries_its_weight_in_the_lead(words: WordVectorEncoder) -> None:
    # The blind encoder's meaning lead is zero for every entry: the lead is spelling and words, weighed.
    meaning = EntryMeaning.train(BlindEncoder(), ALARMS, word_vectors=words)
    question = "turn the alarm off"
    spelling = meaning._spelling.classifier.leads(meaning._spelling.vectorizer.encode([question]))[0]
    word = meaning._words.classifier.leads(words.encode([question]))[0]
    share = SPELLING_WEIGHT / (1 - SPELLING_WEIGHT)
    expected = (share * spelling + WORDS_WEIGHT * word) / (1 + share + WORDS_WEIGHT)
    assert np.allclose(meaning.leads(question), expected, atol=1e-3)  # float32 noise of the blind view
    assert np.abs(word).max() > 0.1  # the view says something about this question


def test_without_the_package_the_view_is_off_with_a_warning(monkeypatch, caplog) -> None:
    import groupbot.semantic.wordvectors as module

    monkeypatch.setattr(module.importlib.util, "find_spec", lambda name: None)
    module.load_word_vectors.cache_clear()
    try:
        assert module.load_word_vectors() is None
    finally:
        module.load_word_vectors.cache_clear()
    assert "wordllama is not installed" in caplog.text
