"""Splitting long answers into pieces a platform accepts.

QQ truncates or rejects very long messages and a WeCom markdown message must
stay under 4096 bytes, so adapters cut long text at line breaks where they can.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

__all__ = ["split_text", "utf8_size"]


def utf8_size(text: str) -> int:
    """The size of ``text`` in UTF-8 bytes (WeCom's measure)."""
    return len(text.encode("utf-8"))


def split_text(text: str, limit: int, size: Callable[[str], int] = len) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` (measured by ``size``).

    Pieces end at line breaks where possible; a single line longer than the
    limit is cut between characters. ``size`` must be additive over characters
    (``len`` and :func:`utf8_size` are).
    """
    chunks: list[str] = []
    current = ""
    for line in _lines(text, limit, size):
        candidate = f"{current}\n{line}" if current else line
        if size(candidate) <= limit:
            current = candidate
            continue
        chunks.append(current)
        current = line
    if current.strip():
        chunks.append(current)
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()] or [text[:1]]


def _lines(text: str, limit: int, size: Callable[[str], int]) -> Iterator[str]:
    for line in text.split("\n"):
        if size(line) <= limit:
            yield line
        else:
            yield from _hard_cut(line, limit, size)


def _hard_cut(line: str, limit: int, size: Callable[[str], int]) -> Iterator[str]:
    piece, used = [], 0
    for char in line:
        width = size(char)
        if used + width > limit:
            yield "".join(piece)
            piece, used = [], 0
        piece.append(char)
        used += width
    if piece:
        yield "".join(piece)
