"""The sentence-encoder port: text in, unit vectors out.

Implemented outside core (``groupbot.semantic``), since loading weights and
caching vectors on disk are I/O; core only needs this protocol and numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

__all__ = ["SentenceEncoder"]


class SentenceEncoder(Protocol):
    """Embeds sentences so that texts with the same meaning lie close together, in any language it knows."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalized float32 row per text (shape ``len(texts) x dim``)."""
        ...
