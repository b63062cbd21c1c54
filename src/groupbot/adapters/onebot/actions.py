"""Calling OneBot actions and reading their responses.

Over a WebSocket, a call is ``{"action", "params", "echo"}`` and the response
carries the same ``echo``; :class:`EchoCalls` matches them and times out calls
that get no answer. Every transport reports failures the same way: a non-zero
``retcode`` (other than 1, "accepted, runs async") is an :class:`ActionError`.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

__all__ = ["ActionCaller", "ActionError", "ConnectionLost", "EchoCalls", "is_response", "result"]

_ASYNC_ACCEPTED = 1


class ActionError(Exception):
    """The implementation refused or failed an action."""

    def __init__(self, action: str, retcode: int | None, detail: str) -> None:
        super().__init__(f"{action} failed (retcode {retcode}): {detail}")
        self.action = action
        self.retcode = retcode
        self.detail = detail


class ConnectionLost(ActionError):
    """The connection closed; ``written`` says whether the call had gone out."""

    def __init__(self, action: str, *, written: bool) -> None:
        super().__init__(action, None, "connection lost" + (" after sending" if written else " before sending"))
        self.written = written


class ActionCaller(Protocol):
    """Something that can run an action on one bot account."""

    async def call(self, action: str, params: Mapping[str, Any]) -> Any:
        """Run ``action``; returns the response's ``data``."""
        ...


def is_response(frame: Mapping[str, Any]) -> bool:
    """True for an action response (events have ``post_type`` instead)."""
    return "post_type" not in frame and ("retcode" in frame or "status" in frame)


def result(action: str, frame: Mapping[str, Any]) -> Any:
    """The ``data`` of a successful response; raises :class:`ActionError` otherwise."""
    retcode = frame.get("retcode")
    if frame.get("status") == "failed" or (retcode not in (0, _ASYNC_ACCEPTED) and retcode is not None):
        detail = frame.get("wording") or frame.get("message") or frame.get("msg") or "no detail"
        raise ActionError(action, retcode if isinstance(retcode, int) else None, str(detail))
    return frame.get("data")


class EchoCalls:
    """Calls over one WebSocket connection, each answered by a frame with its echo."""

    def __init__(self, send: Callable[[dict[str, Any]], Awaitable[None]], timeout: float) -> None:
        self._send = send
        self._timeout = timeout
        self._pending: dict[str, tuple[str, asyncio.Future[Mapping[str, Any]]]] = {}
        self._ids = itertools.count(1)
        self._closed = False

    async def call(self, action: str, params: Mapping[str, Any]) -> Any:
        """Send the call and wait for its response, at most ``timeout`` seconds."""
        if self._closed:
            raise ConnectionLost(action, written=False)
        echo = f"gb-{next(self._ids)}"
        future: asyncio.Future[Mapping[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[echo] = (action, future)
        try:
            try:
                await self._send({"action": action, "params": dict(params), "echo": echo})
            except (ConnectionError, RuntimeError) as exc:
                raise ConnectionLost(action, written=False) from exc
            async with asyncio.timeout(self._timeout):
                frame = await future
        except TimeoutError:
            raise ActionError(action, None, f"no response within {self._timeout:g} s") from None
        finally:
            self._pending.pop(echo, None)
        return result(action, frame)

    def resolve(self, frame: Mapping[str, Any]) -> bool:
        """Hand a response to its waiting call; False if ``frame`` is not a response to us."""
        if not is_response(frame):
            return False
        entry = self._pending.get(str(frame.get("echo")))
        if entry is not None and not entry[1].done():
            entry[1].set_result(frame)
        return True

    def close(self) -> None:
        """Fail every waiting call: the connection is gone."""
        self._closed = True
        for action, future in self._pending.values():
            if not future.done():
                future.set_exception(ConnectionLost(action, written=True))
