"""A sentence-transformers BERT encoder (e.g. all-MiniLM-L6-v2) run with numpy alone.

Reads the model's ``model.safetensors`` directly, so the optional extra needs
numpy and the packaged weights but neither torch nor transformers. Output is
the mean-pooled, L2-normalized sentence embedding, as sentence-transformers gives.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from groupbot.semantic.wordpiece import WordPiece

__all__ = ["SentenceEncoder"]

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor in a ``.safetensors`` file (little-endian header + raw buffer)."""
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    base = 8 + size
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        dtype = np.dtype(_DTYPES[meta["dtype"]]).newbyteorder("<")
        array = np.frombuffer(raw, dtype=dtype, count=(end - start) // dtype.itemsize, offset=base + start)
        # copy: offsets in the file need not be aligned, and unaligned arrays take slow paths
        tensors[name] = array.reshape(meta["shape"]).astype(np.float32)
    return tensors


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # tanh approximation of the exact erf GELU; differs by < 1e-3, invisible after pooling
    return 0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))


class SentenceEncoder:
    """Encodes sentences to unit vectors with a BERT-style sentence-transformers model."""

    def __init__(self, model_dir: Path) -> None:
        config = json.loads((model_dir / "config.json").read_text())
        self._heads = config["num_attention_heads"]
        self._layers = config["num_hidden_layers"]
        self._w = load_safetensors(model_dir / "model.safetensors")
        self._transposed = {
            name.removesuffix(".weight"): np.ascontiguousarray(tensor.T)
            for name, tensor in self._w.items()
            if name.startswith("encoder.") and name.endswith(".weight") and tensor.ndim == 2
        }
        self._tokenizer = WordPiece(model_dir / "vocab.txt")

    def encode(self, texts: Sequence[str], batch: int = 64) -> np.ndarray:
        """One normalized embedding row per text."""
        rows = [self._encode_batch(texts[i : i + batch]) for i in range(0, len(texts), batch)]
        return np.vstack(rows) if rows else np.zeros((0, self._w["embeddings.word_embeddings.weight"].shape[1]))

    def _encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        ids = [self._tokenizer.encode(text) for text in texts]
        width = max(map(len, ids))
        tokens = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.float32)
        for row, sequence in enumerate(ids):
            tokens[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1
        hidden = self._embed(tokens)
        for layer in range(self._layers):
            hidden = self._block(hidden, mask, f"encoder.layer.{layer}.")
        pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def _embed(self, tokens: np.ndarray) -> np.ndarray:
        w = self._w
        x = w["embeddings.word_embeddings.weight"][tokens]
        x = x + w["embeddings.position_embeddings.weight"][: tokens.shape[1]]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        return _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        # 2-D against a contiguous transposed weight: one BLAS call, no copy of the weight
        flat = x.reshape(-1, x.shape[-1]) @ self._transposed[name] + self._w[name + ".bias"]
        return flat.reshape(*x.shape[:-1], -1)

    def _block(self, x: np.ndarray, mask: np.ndarray, p: str) -> np.ndarray:
        batch, width, size = x.shape
        head = size // self._heads

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, width, self._heads, head).transpose(0, 2, 1, 3)

        q = split(self._dense(x, p + "attention.self.query"))
        k = split(self._dense(x, p + "attention.self.key"))
        v = split(self._dense(x, p + "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + (1 - mask[:, None, None, :]) * -1e4
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        context = context.transpose(0, 2, 1, 3).reshape(batch, width, size)
        ln = p + "attention.output.LayerNorm"
        x = _layer_norm(x + self._dense(context, p + "attention.output.dense"), self._w[ln + ".weight"],
                        self._w[ln + ".bias"])
        inner = _gelu(self._dense(x, p + "intermediate.dense"))
        ln = p + "output.LayerNorm"
        return _layer_norm(x + self._dense(inner, p + "output.dense"), self._w[ln + ".weight"], self._w[ln + ".bias"])
