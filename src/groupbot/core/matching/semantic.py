"""The optional meaning-based signal: a port the matcher can use, implemented outside core.

Lexical matching fails when a customer says the same thing in other words.
A sentence-embedding model closes part of that gap; core only sees this
protocol, so it stays free of numpy and model files (see groupbot.semantic).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["SemanticModel"]


class SemanticModel(Protocol):
    """Cosine similarities between a question and FAQ entries prepared once."""

    def prepare(self, entries: Sequence[Sequence[str]]) -> None:
        """Remember each entry from its phrasings; later calls refer to entries by position."""
        ...

    def covers(self, question: str) -> bool:
        """Whether the model understands this question's language at all."""
        ...

    def similarities(self, question: str) -> Sequence[float]:
        """Cosine similarity of ``question`` to every prepared entry, by position."""
        ...
