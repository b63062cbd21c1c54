"""The on-disk sentence-vector cache: a restart or a one-entry change encodes only what is new."""

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from groupbot.semantic.cache import MERGE_AT, CachedEncoder


class CountingEncoder:
    """A stand-in encoder: a deterministic unit vector per text, and a record of what it was asked."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        rows = [np.random.default_rng(abs(hash(text)) % 2**32).normal(size=8) for text in texts]
        return np.array([row / np.linalg.norm(row) for row in rows], dtype=np.float32).reshape(len(texts), 8)


def test_a_restart_reads_the_vectors_back_instead_of_encoding(tmp_path: Path) -> None:
    first = CountingEncoder()
    vectors = CachedEncoder(first, tmp_path).encode(["reset password", "export pdf", "开发票"])
    again = CountingEncoder()
    assert np.array_equal(CachedEncoder(again, tmp_path).encode(["export pdf", "开发票", "reset password"]),
                          vectors[[1, 2, 0]])
    assert again.encoded == []


def test_a_one_entry_change_encodes_only_the_new_phrasing(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    cached = CachedEncoder(encoder, tmp_path)
    cached.encode(["a", "b", "c"])
    cached.encode(["a", "b", "c", "d"])
    assert encoder.encoded == ["a", "b", "c", "d"]
    restarted = CountingEncoder()
    CachedEncoder(restarted, tmp_path).encode(["a", "b", "c", "d", "e"])
    assert restarted.encoded == ["e"]


def test_single_questions_are_not_written_to_disk(tmp_path: Path) -> None:
    CachedEncoder(CountingEncoder(), tmp_path).encode(["how do I export?"])
    assert list(tmp_path.glob("*.npz")) == []


def test_many_small_shards_are_merged(tmp_path: Path) -> None:
    cached = CachedEncoder(CountingEncoder(), tmp_path)
    for number in range(MERGE_AT + 2):
        cached.encode([f"text {number}", "shared"])
    assert len(list(tmp_path.glob("*.npz"))) < MERGE_AT
    restarted = CountingEncoder()
    CachedEncoder(restarted, tmp_path).encode([f"text {n}" for n in range(MERGE_AT + 2)])
    assert restarted.encoded == []


def test_a_broken_shard_is_logged_and_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "0000.npz").write_bytes(b"not a zip file")
    encoder = CountingEncoder()
    with caplog.at_level(logging.WARNING):
        CachedEncoder(encoder, tmp_path).encode(["a", "b"])
    assert encoder.encoded == ["a", "b"]
    assert "ignoring unreadable sentence-vector cache" in caplog.text


def test_an_unwritable_folder_costs_speed_not_answers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with caplog.at_level(logging.WARNING):
        vectors = CachedEncoder(CountingEncoder(), blocker / "cache").encode(["a", "b"])
    assert vectors.shape == (2, 8)
    assert "could not save sentence vectors" in caplog.text
