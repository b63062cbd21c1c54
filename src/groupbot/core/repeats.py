"""Recognizing a repeat: is a new report the same problem as an open ticket?

Same matcher family as FAQ matching (rapidfuzz over normalized text) with its
own threshold. The score averages ``token_set_ratio`` (word overlap, order-free)
with ``token_sort_ratio`` (which penalizes length differences), so a two-word
message does not merge into every long report that happens to contain it.
Chinese has no spaces between words, so runs of CJK characters are split into
overlapping character pairs (``扫码后闪退`` -> ``扫码 码后 后闪 闪退``) to act as
words, and plain character similarity is taken when it is higher.

Words miss what customers share most surely when a failure has a code: "the
export button gives error E1042 since this morning" and "E1042 here too" have
little else in common. A report naming the error code an open ticket's report
names (:mod:`groupbot.core.error_codes`) repeats that ticket when no ticket is
close enough in words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain

from rapidfuzz import fuzz, process

from groupbot.core.error_codes import error_codes, shared_error_code
from groupbot.core.matching.matcher import normalize
from groupbot.core.tickets import Ticket

__all__ = [
    "DEFAULT_MERGE_THRESHOLD",
    "RECENT_TEXTS",
    "RepeatCandidate",
    "RepeatFinder",
    "RepeatMatch",
    "remember_text",
    "similarity",
]

DEFAULT_MERGE_THRESHOLD = 0.75
RECENT_TEXTS = 50
"""A ticket's latest distinct report texts kept for comparison: a busy ticket costs no more than a fresh one."""
_SLACK = 2.0
"""Screening cut-offs sit this many points below the exact bound: rounding, or rapidfuzz splitting words on
a whitespace character ``str.split`` does not, can never drop a phrasing that qualifies."""
_PREPARED_CACHE = 32768
"""Texts kept prepared; above what one search compares (200 tickets x 51 phrasings), or the cache never hits."""
_GROUP_CACHE = 1024
"""Tickets' phrasings kept prepared as a whole: five times the 200 tickets one search compares (at most
about 52,000 prepared texts, a few tens of MB, when every ticket holds 51 phrasings)."""
_MIN_CHARS = 4
_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_RUNS = re.compile(f"[{_CJK_CHARS}]+|[^\\s{_CJK_CHARS}]+")


@dataclass(frozen=True, slots=True)
class RepeatCandidate:
    """An open ticket as repeat finding sees it: its number and the ways it has been put."""

    number: int
    phrasings: tuple[str, ...]

    @classmethod
    def phrased(cls, number: int, title: str, texts: Iterable[str]) -> RepeatCandidate:
        """Ticket ``number`` put as its title, then each distinct text in ``texts``."""
        return cls(number, tuple(dict.fromkeys([title, *texts])))

    @classmethod
    def of(cls, ticket: Ticket) -> RepeatCandidate:
        """``ticket``'s title and the distinct texts of its reports."""
        return cls.phrased(ticket.number, ticket.title, (report.text for report in ticket.reports))


@dataclass(frozen=True, slots=True)
class RepeatMatch:
    """The open ticket a new report repeats, how close the closest phrasing was in words, and the
    error code both name when that, not the words, made it a repeat."""

    number: int
    score: float
    matched: str
    code: str = ""


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A text made ready for scoring once, however many texts it is compared with."""

    words: str
    compact: str
    cjk: bool
    sorted_words: str = ""

    def score(self, other: _Prepared) -> float:
        """Similarity in [0, 1] (see the module docstring)."""
        if not self.words or not other.words:
            return 0.0
        words = (fuzz.token_set_ratio(self.words, other.words) + fuzz.token_sort_ratio(self.words, other.words)) / 200
        if not (self.cjk or other.cjk):
            return words
        return max(words, fuzz.ratio(self.compact, other.compact) / 100)


def remember_text(texts: Iterable[str], text: str) -> tuple[str, ...]:
    """``texts`` (newest first) with ``text`` moved or added to the front, at most :data:`RECENT_TEXTS`."""
    return (text, *(seen for seen in texts if seen != text))[:RECENT_TEXTS]


@lru_cache(maxsize=_PREPARED_CACHE)
def _prepare(text: str) -> _Prepared:
    # Cached: the same open tickets' reports are compared with every new question.
    normalized = normalize(text)
    cjk = bool(_CJK.search(normalized))
    words = _pairs(normalized) if cjk else normalized
    return _Prepared(words, normalized.replace(" ", ""), cjk, " ".join(sorted(words.split())))


def similarity(left: str, right: str) -> float:
    """How alike two report texts are, in [0, 1], after normalization."""
    return _prepare(left).score(_prepare(right))


def _pairs(text: str) -> str:
    words: list[str] = []
    for run in _RUNS.findall(text):
        if _CJK.match(run) and len(run) > 1:
            words += [run[i : i + 2] for i in range(len(run) - 1)]
        else:
            words.append(run)
    return " ".join(words)


class RepeatFinder:
    """Finds the open ticket whose reports are closest to a new text, above a threshold."""

    def __init__(self, threshold: float = DEFAULT_MERGE_THRESHOLD) -> None:
        self.threshold = threshold

    def find(self, text: str, candidates: Iterable[RepeatCandidate]) -> RepeatMatch | None:
        """The best candidate at or above the threshold; ties go to the older ticket."""
        query = _prepare(text)
        if len(query.compact) < _MIN_CHARS:
            return None
        owners = list(candidates)
        groups = [_group(candidate.phrasings) for candidate in owners]
        starts = [0, *accumulate(len(group.prepared) for group in groups)]
        best: RepeatMatch | None = None
        for index in self._within_reach(query, groups, starts):
            at, local = _locate(starts, index)
            score = query.score(groups[at].prepared[local])
            match = RepeatMatch(owners[at].number, score, owners[at].phrasings[local])
            if score >= self.threshold and (best is None or _better(match, best)):
                best = match
        return best or _same_error(text, query, owners)

    def _within_reach(self, query: _Prepared, groups: list[_Group], starts: list[int]) -> set[int]:
        """Indexes of the phrasings that could score at or above the threshold, screened in one C pass each.

        The score averages two word scores of at most 100 each, so reaching the
        threshold needs ``token_sort_ratio`` of at least ``200 * threshold - 100``
        (which is plain ``ratio`` of the pre-sorted words: ten times cheaper than
        either token scorer); the Chinese alternative needs ``ratio`` of at least
        ``100 * threshold``. Only the phrasings that pass are scored in full.
        """
        words_cutoff = max(0.0, 200 * self.threshold - 100 - _SLACK)
        hits = process.extract(
            query.sorted_words, list(chain.from_iterable(group.sorted_words for group in groups)),
            scorer=fuzz.ratio, processor=None, score_cutoff=words_cutoff, limit=None,
        )
        reach = {index for _, _, index in hits}
        # Every phrasing when the query is Chinese; otherwise only the Chinese ones.
        chinese = [
            start + local
            for group, start in zip(groups, starts, strict=False)
            for local in (range(len(group.prepared)) if query.cjk else group.cjk)
        ]
        if chinese:
            compact = process.extract(
                query.compact, [_compact_at(groups, starts, index) for index in chinese], scorer=fuzz.ratio,
                processor=None, score_cutoff=max(0.0, 100 * self.threshold - _SLACK), limit=None,
            )
            reach.update(chinese[index] for _, _, index in compact)
        return reach


def _same_error(text: str, query: _Prepared, candidates: list[RepeatCandidate]) -> RepeatMatch | None:
    """The oldest candidate with a phrasing that names an error code ``text`` names, one of them
    calling it a failure (:func:`~groupbot.core.error_codes.shared_error_code`)."""
    if not error_codes(text):
        return None
    for candidate in sorted(candidates, key=lambda c: c.number):
        for phrasing in candidate.phrasings:
            code = shared_error_code(text, phrasing)
            if code is not None:
                return RepeatMatch(candidate.number, query.score(_prepare(phrasing)), phrasing, code)
    return None


@dataclass(frozen=True, slots=True)
class _Group:
    """One ticket's phrasings prepared together, and what the screening pass reads of them."""

    prepared: tuple[_Prepared, ...]
    sorted_words: tuple[str, ...]
    cjk: tuple[int, ...]


@lru_cache(maxsize=_GROUP_CACHE)
def _group(phrasings: tuple[str, ...]) -> _Group:
    # Cached per ticket: an open ticket's phrasings stay the same from one search to the next,
    # so a search costs a look-up per ticket rather than several per phrasing.
    prepared = tuple(_prepare(phrasing) for phrasing in phrasings)
    cjk = tuple(i for i, p in enumerate(prepared) if p.cjk)
    return _Group(prepared, tuple(p.sorted_words for p in prepared), cjk)


def _compact_at(groups: list[_Group], starts: list[int], index: int) -> str:
    at, local = _locate(starts, index)
    return groups[at].prepared[local].compact


def _locate(starts: list[int], index: int) -> tuple[int, int]:
    """Which ticket (group) holds the flat phrasing ``index``, and its place within that ticket."""
    at = bisect_right(starts, index) - 1
    return at, index - starts[at]


def _better(candidate: RepeatMatch, best: RepeatMatch) -> bool:
    """Higher score; then the older ticket; then, within a ticket, the greater text (as ``max`` did)."""
    if candidate.score != best.score:
        return candidate.score > best.score
    if candidate.number != best.number:
        return candidate.number < best.number
    return candidate.matched > best.matched
