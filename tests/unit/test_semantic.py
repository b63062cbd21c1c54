"""The optional semantic signal: how the matcher uses a SemanticModel, and the pure-Python tokenizer."""

import json
import struct
from collections.abc import Sequence
from pathlib import Path

import pytest

from groupbot.core.faq import FaqEntry
from groupbot.core.matching import DecisionKind, Matcher, Thresholds
from groupbot.semantic.wordpiece import WordPiece

FAQ = [
    FaqEntry("mute", "mute the sound", "a", ("stop the audio",)),
    FaqEntry("alarm", "set an alarm", "a", ("wake me up at six",)),
]


class KeywordMeaning:
    """A stand-in embedding model: cosine 0.9 to the entry whose id the question names, else 0."""

    def __init__(self) -> None:
        self.entries: list[list[str]] = []

    def prepare(self, entries: Sequence[Sequence[str]]) -> None:
        self.entries = [list(phrasings) for phrasings in entries]

    def covers(self, question: str) -> bool:
        return question.isascii()

    def similarities(self, question: str) -> list[float]:
        ids = ["mute" if "mute" in phrasings[0] else "alarm" for phrasings in self.entries]
        return [0.9 if ("quiet" in question and i == "mute") else 0.0 for i in ids]


def test_entries_near_in_meaning_are_found_without_a_shared_word() -> None:
    model = KeywordMeaning()
    matcher = Matcher(FAQ, semantic=model, semantic_thresholds=Thresholds(0.6, 0.4, 0.0))
    decision = matcher.decide("quiet")
    assert model.entries == [["mute the sound", "stop the audio"], ["set an alarm", "wake me up at six"]]
    assert (decision.kind, decision.entry_id) == (DecisionKind.ANSWER, "mute")


def test_without_the_model_the_same_question_abstains() -> None:
    assert Matcher(FAQ).decide("quiet").kind is DecisionKind.ABSTAIN


def test_uncovered_language_keeps_lexical_path_and_thresholds() -> None:
    lexical = Thresholds(0.99, 0.98, 0.0)
    matcher = Matcher(FAQ, lexical, semantic=KeywordMeaning(), semantic_thresholds=Thresholds(0.1, 0.1, 0.0))
    decision = matcher.decide("静音 mute")  # not ASCII: the stand-in model does not cover it
    assert decision.kind is DecisionKind.ABSTAIN
    assert "0.98" in decision.reason


def test_wordpiece_matches_bert_basic_tokenization(tmp_path: Path) -> None:
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "set", "alarm", "##s", "!", "café", "cafe", "静"]))
    tokenizer = WordPiece(vocab)
    # lower case, accents stripped, punctuation split off, "##" continuation, unknown words
    assert tokenizer.encode("Set ALARMS! Café zzz 静") == [2, 4, 5, 6, 7, 9, 1, 10, 3]
    assert tokenizer.encode("set set set", max_length=4) == [2, 4, 4, 3]


def test_safetensors_loader_reads_header_and_little_endian_floats(tmp_path: Path) -> None:
    np = pytest.importorskip("numpy")
    from groupbot.semantic.minilm import load_safetensors

    data = struct.pack("<4f", 1.0, 2.0, 3.0, 4.5) + struct.pack("<q", 7)
    header = {"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
              "ids": {"dtype": "I64", "shape": [1], "data_offsets": [16, 24]}, "__metadata__": {"format": "pt"}}
    raw = json.dumps(header).encode()
    path = tmp_path / "model.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + data)
    tensors = load_safetensors(path)
    assert tensors["w"].tolist() == [[1.0, 2.0], [3.0, 4.5]]
    assert tensors["ids"].tolist() == [7.0]
    assert tensors["w"].dtype == np.float32
