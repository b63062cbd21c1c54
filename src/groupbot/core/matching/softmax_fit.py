"""Fitting the entry classifier's weights: full-batch Adam on the L2-regularized cross-entropy.

The cost is the rows x classes score matrix (6,000 x 1,000 for a 1,000-entry FAQ), passed
through two matrix products per step. Its rows are cut into blocks of ``BLOCK_ROWS`` whose
gradients are computed independently (on a thread pool when given one: numpy releases the
GIL, each thread keeps to one BLAS thread) and summed in block order, so the weights are
the same bits whether the blocks ran in one thread or many. Per block and step, the
matrix is written by one product, exponentiated and summed in place, and read by the
other; the softmax division is applied to the block's few feature columns instead
(``(x / totals).T @ exp(scores)``), and the one-hot targets' part of the gradient is
constant for a fit and computed once (docs/matching.md, "Retraining").
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

__all__ = ["BLOCK_ROWS", "fit_softmax"]

# Rows per block: small enough that a 1,000-entry FAQ keeps a few threads busy, large enough
# that each product runs at full speed. Fixed (not per core) so that every machine fits the same bits.
BLOCK_ROWS = 512
# exp() of float32 overflows above ~88; while every row's exponentials sum below exp(60), no score
# exceeds 60 and no row needs shifting by its maximum (never seen with the shipped plans).
_SAFE_TOTAL = float(np.exp(np.float32(60.0)))

_BETA1, _BETA2, _EPS = 0.9, 0.999, 1e-8


@dataclass(frozen=True, slots=True)
class _Block:
    """Consecutive rows of the features, and their slice of the shared score buffer."""

    x: np.ndarray
    y: np.ndarray
    scores: np.ndarray

    def gradient(self, weights: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sum over the block's rows of each row's softmax times its features (and times 1, for the bias)."""
        scores = self._logits(weights, bias)
        with np.errstate(over="ignore"):  # an overflow shows in the totals, and is then redone shifted
            np.exp(scores, out=scores)
        totals = scores.sum(1)
        if totals.max() > _SAFE_TOTAL:
            scores = self._logits(weights, bias)
            scores -= scores.max(1, keepdims=True)
            np.exp(scores, out=scores)
            totals = scores.sum(1)
        scores[np.arange(len(totals)), self.y] -= totals  # the targets, before the division: softmax - one-hot
        shares = 1.0 / totals
        return (self.x * shares[:, None]).T @ scores, shares @ scores

    def _logits(self, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
        scores = np.matmul(self.x, weights, out=self.scores)
        scores += bias
        return scores


def fit_softmax(
    x: np.ndarray, y: np.ndarray, classes: int, steps: int, learning_rate: float, l2: float,
    pool: Executor | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (dims x classes) and bias (classes) of a softmax over ``x``'s rows, labelled ``y``, from zero."""
    rows, dims = x.shape
    weights = np.zeros((dims, classes), np.float32)
    bias = np.zeros(classes, np.float32)
    if rows == 0 or classes == 0:
        return weights, bias
    gradient = _gradient(x, y, classes, pool)
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
    for step in range(1, steps + 1):
        grads = gradient(weights, bias)
        correction = learning_rate * np.sqrt(1 - _BETA2**step) / (1 - _BETA1**step)
        for param, grad, first, second in ((weights, grads[0], *moments[:2]), (bias, grads[1], *moments[2:])):
            grad += l2 * param
            first *= _BETA1
            first += (1 - _BETA1) * grad
            second *= _BETA2
            second += (1 - _BETA2) * grad * grad
            param -= correction * first / (np.sqrt(second) + _EPS)
    return weights, bias


def _gradient(
    x: np.ndarray, y: np.ndarray, classes: int, pool: Executor | None
) -> Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The mean cross-entropy gradient (without the L2 term) as a function of the weights and bias."""
    rows = x.shape[0]
    scores = np.empty((rows, classes), np.float32)
    blocks = [_Block(x[start : start + BLOCK_ROWS], y[start : start + BLOCK_ROWS], scores[start : start + BLOCK_ROWS])
              for start in range(0, rows, BLOCK_ROWS)]

    def gradient(weights: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if pool is None or len(blocks) == 1:
            parts = [block.gradient(weights, bias) for block in blocks]
        else:
            parts = list(pool.map(lambda block: block.gradient(weights, bias), blocks))
        grad_weights, grad_bias = parts[0]
        for more_weights, more_bias in parts[1:]:
            grad_weights += more_weights
            grad_bias += more_bias
        grad_weights /= rows
        grad_bias /= rows
        return grad_weights, grad_bias

    return gradient
