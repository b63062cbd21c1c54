"""BERT's uncased WordPiece tokenizer, enough to feed a sentence-transformers model.

Follows HuggingFace ``BertTokenizer`` (basic tokenization, then greedy
longest-match word pieces) so the ids equal the ones the model was trained on.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

__all__ = ["WordPiece"]

MAX_WORD_CHARS = 100


def _is_punctuation(ch: str) -> bool:
    code = ord(ch)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


_CJK_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _basic(text: str) -> list[str]:
    spaced = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        category = unicodedata.category(ch)
        if category == "Mn" or ch == "\ufffd" or (category.startswith("C") and ch not in "\t\n\r"):
            continue
        spaced.append(f" {ch} " if _is_cjk(ch) or _is_punctuation(ch) else ch)
    return "".join(spaced).split()


class WordPiece:
    """Text to token ids for an uncased BERT vocabulary (``vocab.txt``)."""

    def __init__(self, vocab_file: Path) -> None:
        words = vocab_file.read_text(encoding="utf-8").splitlines()
        self._ids = {word: number for number, word in enumerate(words)}
        self.cls, self.sep, self.unk = self._ids["[CLS]"], self._ids["[SEP]"], self._ids["[UNK]"]

    def encode(self, text: str, max_length: int = 128) -> list[int]:
        """``[CLS] pieces... [SEP]``, truncated to ``max_length`` ids."""
        pieces = [piece for word in _basic(text) for piece in self._pieces(word)]
        return [self.cls, *pieces[: max_length - 2], self.sep]

    def _pieces(self, word: str) -> list[int]:
        if len(word) > MAX_WORD_CHARS:
            return [self.unk]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self._ids:
                    out.append(self._ids[piece])
                    break
                end -= 1
            if end == start:
                return [self.unk]
            start = end
        return out
