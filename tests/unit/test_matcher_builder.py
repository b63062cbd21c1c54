"""How bootstrap builds the live matcher: the model by default, words alone (with a warning) without it."""

import logging

import pytest

from groupbot.bootstrap import matcher_builder
from groupbot.core.faq import FaqEntry
from groupbot.core.matching import DecisionKind
from groupbot.settings import Settings

FAQ = [
    FaqEntry("reset", "How do I reset my password?", "A", ("forgot my password",), "account"),
    FaqEntry("invoice", "Where do I download invoices?", "B", ("get an invoice",), "billing"),
]


def test_the_default_matcher_understands_meaning(tmp_path) -> None:
    settings = Settings(matching={"model": {"cache_dir": str(tmp_path)}})
    matcher = matcher_builder(settings)(FAQ)
    assert matcher.understands_meaning
    assert matcher.decide("thanks!").kind is DecisionKind.SMALL_TALK
    assert list(tmp_path.rglob("*.npz"))  # the phrasing vectors were cached on disk


def test_without_the_model_the_bot_matches_on_words_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(matching={"model": {"enabled": False}, "categories": {"billing": {"answer": 0.99}}})
    with caplog.at_level(logging.WARNING):
        matcher = matcher_builder(settings)(FAQ)
    assert not matcher.understands_meaning
    assert matcher.decide("I forgot my password").entry_id == "reset"
    assert "matching on words only" in caplog.text
    assert "ignored while matching on words only" in caplog.text


def test_a_faq_too_large_to_train_on_is_decided_on_words(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from groupbot.core.matching import matcher as matcher_module

    monkeypatch.setattr(matcher_module, "CLASSIFIER_LIMIT", 1)
    settings = Settings(matching={"model": {"cache_dir": str(tmp_path)}})
    matcher = matcher_builder(settings)(FAQ)
    assert not matcher.understands_meaning
    decision = matcher.decide("I forgot my password")
    assert decision.entry_id == "reset" and "answer 0.62" in decision.reason  # the lexical scale
