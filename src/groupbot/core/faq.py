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

    def mentions(self, text: str) -> bool:
        """True when every word of ``text`` (case-insensitive) occurs in one of the entry's fields.

        A keyword search ("金额", "invoice VAT"), as a person searches a help centre; matching
        by meaning is :class:`~groupbot.core.matching.Matcher`'s job.
        """
        words = text.casefold().split()
        fields = " ".join([self.id, self.question, *self.aliases, self.answer, self.category, *self.tags]).casefold()
        return bool(words) and all(word in fields for word in words)
