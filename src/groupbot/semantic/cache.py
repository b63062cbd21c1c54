"""Sentence vectors kept on disk by text hash, so a restart or a one-entry change re-encodes almost nothing.

The folder holds ``*.npz`` shards, each with the SHA-256 digests of some texts
and their vectors; a build that met new texts writes one more shard
(atomically: a temporary file, then a rename). When there are many small
shards they are merged into one. A broken shard is logged and ignored.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from groupbot.core.matching import SentenceEncoder

__all__ = ["CachedEncoder"]

log = logging.getLogger(__name__)
MERGE_AT = 16
# Questions are encoded one at a time and never repeat exactly; only batches (FAQ phrasings) are worth caching.
MIN_BATCH = 2


class CachedEncoder:
    """Wraps an encoder: vectors of texts seen before come from memory or ``folder``."""

    def __init__(self, encoder: SentenceEncoder, folder: Path) -> None:
        self._encoder = encoder
        self._folder = folder
        self._lock = threading.Lock()
        self._vectors: dict[bytes, np.ndarray] | None = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``; new ones are encoded and, for batches, saved."""
        if len(texts) < MIN_BATCH:
            return self._encoder.encode(texts)
        with self._lock:
            known = self._known()
            keys = [_key(text) for text in texts]
            missing = list({key: text for key, text in zip(keys, texts, strict=True) if key not in known}.items())
            if missing:
                fresh = self._encoder.encode([text for _key_, text in missing])
                new = {key: fresh[row] for row, (key, _text) in enumerate(missing)}
                known.update(new)
                self._save(new)
            return np.stack([known[key] for key in keys]).astype(np.float32)

    def _known(self) -> dict[bytes, np.ndarray]:
        if self._vectors is None:
            self._vectors = {}
            for shard in sorted(self._folder.glob("*.npz")):
                self._vectors.update(_read(shard))
        return self._vectors

    def _save(self, new: dict[bytes, np.ndarray]) -> None:
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            shards = sorted(self._folder.glob("*.npz"))
            if len(shards) >= MERGE_AT:
                _write(self._folder, self._known())
                for shard in shards:
                    shard.unlink(missing_ok=True)
            else:
                _write(self._folder, new)
        except OSError as exc:  # a read-only or full disk costs speed, never answers
            log.warning("could not save sentence vectors in %s: %s", self._folder, exc)


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _read(shard: Path) -> dict[bytes, np.ndarray]:
    try:
        with np.load(shard, allow_pickle=False) as data:
            keys, vectors = data["keys"], data["vectors"]
        return {bytes(key): vector for key, vector in zip(keys, vectors.astype(np.float32), strict=True)}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        log.warning("ignoring unreadable sentence-vector cache %s: %s", shard, exc)
        return {}


def _write(folder: Path, vectors: dict[bytes, np.ndarray]) -> None:
    keys = np.array([np.frombuffer(key, dtype=np.uint8) for key in vectors], dtype=np.uint8).reshape(-1, 32)
    matrix = np.stack(list(vectors.values())).astype(np.float32)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, keys=keys, vectors=matrix)
        os.replace(temporary, folder / f"{hashlib.sha256(keys.tobytes()).hexdigest()[:16]}.npz")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
