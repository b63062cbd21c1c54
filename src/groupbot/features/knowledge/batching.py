"""Questions that wait together are embedded together.

The sentence encoder streams its weights once per call, so a batch of 16
questions costs a fourth to a fifth of the CPU per question of 16 single calls
(docs/matching.md, "Whole bot"). So a question takes a place in the next batch
as soon as it arrives (:meth:`QuestionBatcher.reserve`), and the encoder runs
only when one of them is needed (:meth:`QuestionBatcher.vector`): it then
embeds every question waiting, in a worker thread, while the event loop goes
on; questions reserved meanwhile make up the next batch.

The encoder waits until the event loop has nothing else ready to run (or a
full batch waits): under load the other messages' handlers take their turns
first, and those that reserve meanwhile join the batch. That is loop turns,
never a wait on the clock: on a quiet bot the loop is idle at once, and a lone
question is encoded straight away.

Nothing is cached: every question is encoded, even one asked before. When
the encoder fails on a batch, each of its questions is encoded alone, so one
text the encoder cannot read fails only its own question.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence

import numpy as np

from groupbot.core.telemetry import NO_TELEMETRY, Telemetry

__all__ = ["BATCH_LIMIT", "QuestionBatcher"]

log = logging.getLogger(__name__)

# Loop turns the encoder lets pass at most before a batch: progress even if the loop is never idle.
MAX_TURNS = 200
# Beyond ~32 sentences a batch gets no cheaper per sentence (~0.8 ms each at 32 and at 64), only longer.
BATCH_LIMIT = 32

Encode = Callable[[Sequence[str]], np.ndarray]


class QuestionBatcher:
    """Embeds questions with ``encode`` (texts in, one row each out), all those waiting in one call."""

    def __init__(self, encode: Encode, limit: int = BATCH_LIMIT, telemetry: Telemetry = NO_TELEMETRY) -> None:
        self._encode = encode
        self._telemetry = telemetry
        self._limit = limit
        self._waiting: list[tuple[str, asyncio.Future[np.ndarray]]] = []
        self._worker: asyncio.Task[None] | None = None

    def reserve(self, text: str) -> asyncio.Future[np.ndarray]:
        """A place for ``text`` in the next batch; cancel the future if the vector is not wanted after all."""
        future: asyncio.Future[np.ndarray] = asyncio.get_running_loop().create_future()
        self._waiting.append((text, future))
        return future

    async def vector(self, reserved: asyncio.Future[np.ndarray]) -> np.ndarray:
        """The vector of a :meth:`reserve` d text, encoding every question waiting unless it is under way."""
        if not reserved.done() and (self._worker is None or self._worker.done()):
            self._worker = asyncio.create_task(self._drain())
        return await reserved

    async def embed(self, text: str) -> np.ndarray:
        """The vector of ``text`` now (with whatever else waits)."""
        return await self.vector(self.reserve(text))

    async def _while_others_run(self) -> None:
        """Let the loop run whatever else is ready first (handlers that may reserve), up to a full batch."""
        # asyncio's loop keeps its ready callbacks in ``_ready``; a loop without it (uvloop) gets one turn.
        ready = getattr(asyncio.get_running_loop(), "_ready", ())
        await asyncio.sleep(0)
        for _turn in range(MAX_TURNS):
            if not ready or len(self._waiting) >= self._limit:
                return
            await asyncio.sleep(0)

    async def _drain(self) -> None:
        while True:
            await self._while_others_run()  # those woken by the last batch run first, and may reserve
            wanted = [(text, future) for text, future in self._waiting if not future.done()]
            if not wanted:
                self._waiting = []
                return
            batch, self._waiting = wanted[: self._limit], wanted[self._limit :]
            self._telemetry.encoded(len(batch))
            try:
                vectors = await asyncio.to_thread(self._encode, [text for text, _future in batch])
            except Exception as exc:
                if len(batch) == 1:  # the asker sees the failure, as with its own call
                    _settle(batch[0][1], exc)
                    continue
                log.warning("the encoder failed on a batch of %d questions (%s); encoding them one by one",
                            len(batch), type(exc).__name__)
                await self._one_by_one(batch)
                continue
            for row, (_text, future) in enumerate(batch):
                _settle(future, vectors[row])

    async def _one_by_one(self, batch: Sequence[tuple[str, asyncio.Future[np.ndarray]]]) -> None:
        """Each question of a failed batch encoded alone: only the one the encoder cannot read fails."""
        for text, future in batch:
            if future.done():
                continue
            try:
                vector = (await asyncio.to_thread(self._encode, [text]))[0]
            except Exception as exc:
                _settle(future, exc)
            else:
                _settle(future, vector)


def _settle(future: asyncio.Future[np.ndarray], outcome: np.ndarray | BaseException) -> None:
    """Hand ``outcome`` (a vector or the encoder's failure) to the question's asker, unless it was cancelled."""
    with contextlib.suppress(asyncio.InvalidStateError):  # cancelled: not wanted any more
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
