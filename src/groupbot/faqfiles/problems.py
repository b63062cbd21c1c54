"""What can be wrong with FAQ files, located by file and line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["FaqFileError", "FaqProblem"]


@dataclass(frozen=True, slots=True)
class FaqProblem:
    """One problem in an FAQ file.

    ``line`` is 1-based; 0 means the problem concerns the whole file (or
    directory). ``code`` names the kind of problem (``yaml``, ``missing-field``,
    ``duplicate-id``, ...) so tools and tests need not parse ``message``.
    """

    file: str
    line: int
    code: str
    message: str

    @property
    def where(self) -> str:
        """``file:line``, or just ``file`` for whole-file problems."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class FaqFileError(ValueError):
    """FAQ files that cannot be used; carries every problem found, not just the first.

    A ``ValueError`` so callers that treat bad input uniformly (the CLI exits 2) need no special case.
    """

    def __init__(self, problems: Sequence[FaqProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        # The first line stands alone (chat replies quote only it); the full list follows.
        if len(self.problems) == 1:
            return str(self.problems[0])
        head = f"{len(self.problems)} problems in the FAQ files, first: {self.problems[0]}"
        return "\n".join([head, *(f"  {problem}" for problem in self.problems)])
