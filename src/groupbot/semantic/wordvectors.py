"""Word vectors: WordLlama's static token embeddings (``pip install wordllama``), averaged per sentence.

A third view for the matcher (docs/matching.md, "Three views of each
phrasing"): each token of a Llama 2 vocabulary has a 256-dimensional vector,
trained so that averaged tokens embed sentences; a sentence is the mean of its
tokens' vectors. It knows that "remove" is "delete" but reads neither word
order nor context, so it adds to the sentence encoder rather than replacing
it. About 0.03 ms a question.

The weights (16 MB) and the tokenizer ship inside the ``wordllama`` wheel
(MIT); they are read from there directly, without importing the package, whose
loader looks for the tokenizer under another folder name and would then try
to download it. Nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from groupbot.semantic.cleaning import encoder_input

__all__ = ["WORD_VECTORS_NAME", "WordVectorEncoder", "load_word_vectors"]

log = logging.getLogger(__name__)
WORD_VECTORS_NAME = "wordllama-l2-supercat-256"
_TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
_WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"


class WordVectorEncoder:
    """A :class:`~groupbot.core.matching.SentenceEncoder`: the unit-length mean of a text's token vectors."""

    name = WORD_VECTORS_NAME

    def __init__(self, tokenizer: object, table: np.ndarray) -> None:
        self._tokenizer = tokenizer
        self._table = table

    @property
    def dim(self) -> int:
        """Length of every vector."""
        return int(self._table.shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for ``texts``; a text with no token (empty) gets a zero row."""
        vectors = np.zeros((len(texts), self.dim), np.float32)
        if not texts:
            return vectors
        cleaned = [encoder_input(text) for text in texts]
        tokenizer = self._tokenizer
        found = [tokenizer.encode(cleaned[0], add_special_tokens=False)] if len(cleaned) == 1 else (  # type: ignore[attr-defined]
            tokenizer.encode_batch(cleaned, add_special_tokens=False))  # type: ignore[attr-defined]
        for row, encoding in enumerate(found):
            if encoding.ids:
                vectors[row] = self._table[encoding.ids].mean(axis=0, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)


def _package_folder() -> Path | None:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def load_word_vectors() -> WordVectorEncoder | None:
    """The process-wide word vectors, or None (with a warning) when the package or its files are missing."""
    folder = _package_folder()
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError:
        folder = None
    if folder is None or not (folder / _TOKENIZER).is_file() or not (folder / _WEIGHTS).is_file():
        log.warning("wordllama is not installed: matching runs without its word-vector view (pip install wordllama)")
        return None
    # One sentence at a time on the event loop, batches in the FAQ build's worker thread: no Rust thread pool.
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    tokenizer = Tokenizer.from_file(str(folder / _TOKENIZER))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    # Kept as stored (float16, 16 MB); a sentence's few rows are averaged in float32.
    table = np.ascontiguousarray(load_file(str(folder / _WEIGHTS))["embedding.weight"])
    return WordVectorEncoder(tokenizer, table)
