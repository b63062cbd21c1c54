"""An encoder wrapper for benchmarks that rebuild matchers over the same texts many times."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from groupbot.core.matching import SentenceEncoder


class MemoEncoder:
    """Encodes every text once across the rebuilds (memory only: a benchmark's run, nothing on disk)."""

    def __init__(self, encoder: SentenceEncoder) -> None:
        self._encoder = encoder
        self._known: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``, encoding only those not seen before."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._known]
        if missing:
            self._known.update(zip(missing, self._encoder.encode(missing), strict=True))
        return np.stack([self._known[t] for t in texts])
