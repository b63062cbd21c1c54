"""FAQ entries: the tutorials and answers the bot can give."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FaqEntry"]


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One tutorial or answer.

    ``question`` and ``aliases`` are the phrasings it is matched against;
    ``answer`` is shown to the asker as is (multi-line steps and links).
    ``source`` says where it came from (``faq/login.yaml:12``) for error messages.
    """

    id: str
    question: str
    answer: str
    aliases: tuple[str, ...] = ()
    category: str = "other"
    tags: tuple[str, ...] = ()
    product: str | None = None
    version: str | None = None
    locale: str | None = None
    source: str = ""

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The question followed by its aliases: everything a match can hit."""
        return (self.question, *self.aliases)
