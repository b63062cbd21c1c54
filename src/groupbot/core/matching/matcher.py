"""The matcher: small talk first, then meaning (a classifier over sentence embeddings) or words.

The public seam is :class:`Matcher`: built once from the FAQ entries, then asked
:meth:`Matcher.decide` per question. Everything behind it may change.

With a sentence encoder the entries are ranked by a classifier trained on their
phrasings (:mod:`meaning`), and the lexical score stays as a second signal for
exact wordings (error codes, product names, ids). Without one (the model is
not installed) the lexical ranking decides alone, on its own threshold scale.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np

from groupbot.core.error_codes import error_codes
from groupbot.core.faq import FaqEntry
from groupbot.core.language import detect_locale
from groupbot.core.matching.decide import choose
from groupbot.core.matching.decision import Candidate, DecisionKind, MatchDecision, Thresholds
from groupbot.core.matching.encoder import SentenceEncoder
from groupbot.core.matching.index import PhrasingIndex
from groupbot.core.matching.meaning import CLASSIFIER_LIMIT, EntryMeaning
from groupbot.core.matching.negation import is_negated
from groupbot.core.matching.normalize import normalize
from groupbot.core.matching.score import MAX_QUESTION_CHARS, Phrasing, Query, entry_scores, similarities
from groupbot.core.matching.smalltalk import small_talk

__all__ = ["CANDIDATE_PHRASINGS", "DEFAULT_THRESHOLDS", "MODEL_THRESHOLDS", "Matcher", "normalize"]

# Lexical scale (no model installed). docs/matching.md has the sweep behind them.
DEFAULT_THRESHOLDS = Thresholds(answer=0.62, suggest=0.58, margin=0.02)
# Model scale: the logistic of the winning entry's lead, the views' classifiers averaged (docs/matching.md).
MODEL_THRESHOLDS = Thresholds(answer=0.9525, suggest=0.91, margin=0.0)
# Phrasings taken from the index per question; every phrasing of their entries is
# then re-scored exactly, so an entry's confidence never depends on the shortlist.
CANDIDATE_PHRASINGS = 20
# Entries the meaning ranking hands to the decision (answer, did-you-mean, explain).
CANDIDATE_ENTRIES = 10
# A lexical similarity this high is a (near) verbatim phrasing: it wins even
# where the embedding is vague (error codes, product names, ids).
LEXICAL_SURE = 0.9
# An answer needs more than one content word unless a phrasing is near-verbatim in it:
# one word ("everyone", "邮件") only gets a did-you-mean. Chinese counts half a word per
# content character; matching on words alone needs two full words, since there one
# shared word is all the evidence, while the classifier reads "补下货" as a sentence.
MIN_CONTENT = 2.0
MIN_MEANING_CONTENT = 1.5
# Polarity must agree (收到 / 收不到, can / can't) with the entry's phrasing most similar in
# words, where the match leans on shared words (that phrasing at least this similar).
# A match by meaning in other words is not second-guessed.
NEGATION_OVERLAP = 0.7
# Error codes, HTTP statuses, ids: a sentence encoder reads "E1002" and "E1003" alike.
NAMED_CONFIDENCE = 0.99
_IDENTIFIER = re.compile(r"(?=[a-z]*\d)(?:[a-z]+\d[a-z\d]*|\d{3,})")
_DIGIT = re.compile(r"\d")
# An error code or HTTP status has at least this many digits (E1002, 429, ORA-00942).
CODE_DIGITS = 3


class Matcher:
    """Decides, for one question, whether an FAQ entry answers it.

    ``exhaustive=True`` scores every phrasing instead of the index's shortlist;
    it exists to measure what the index loses (bench/match_bench.py).
    ``encoder`` (optional) turns on the meaning ranking, and ``word_vectors``
    (optional, with it) adds the word-vector view to it; ``thresholds`` then
    default to :data:`MODEL_THRESHOLDS`, else to :data:`DEFAULT_THRESHOLDS`. A
    one-entry FAQ, or one over ``CLASSIFIER_LIMIT`` entries, is decided on words with ``lexical_thresholds``.
    """

    def __init__(
        self,
        entries: Iterable[FaqEntry],
        thresholds: Thresholds | None = None,
        category_thresholds: Mapping[str, Thresholds] | None = None,
        *,
        exhaustive: bool = False,
        encoder: SentenceEncoder | None = None,
        word_vectors: SentenceEncoder | None = None,
        lexical_thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        self._entries = {entry.id: entry for entry in entries}
        self._thresholds = thresholds or (DEFAULT_THRESHOLDS if encoder is None else MODEL_THRESHOLDS)
        self._by_category = dict(category_thresholds or {})
        self._exhaustive = exhaustive
        phrasings = [
            Phrasing.of(entry.id, text) for entry in self._entries.values() for text in dict.fromkeys(entry.phrasings)
        ]
        self._index = PhrasingIndex([p.tokens for p in phrasings])
        self._phrasings = [p.weighed(self._index.idf) for p in phrasings]
        self._of_entry: dict[str, list[Phrasing]] = {}
        for phrasing in self._phrasings:
            self._of_entry.setdefault(phrasing.entry_id, []).append(phrasing)
        self._locales = {entry.id: entry.locale for entry in self._entries.values()}
        self._error_codes = frozenset().union(*(error_codes(p.text) for p in self._phrasings))
        self._meanings: dict[str | None, EntryMeaning] = {}
        # One entry has nothing to tell apart; above the limit training costs too much: words decide.
        if encoder is not None and 1 < len(self._of_entry) <= CLASSIFIER_LIMIT:
            self._meanings = {
                locale: EntryMeaning.train(
                    encoder, [(i, [p.text for p in self._of_entry[i]]) for i in ids], word_vectors=word_vectors)
                for locale, ids in self._language_groups().items()
            }
        elif encoder is not None:  # given model-scale thresholds, but words decide: use the lexical scale
            self._thresholds, self._by_category = lexical_thresholds, {}

    def _language_groups(self) -> dict[str | None, list[str]]:
        """Entry ids per classifier: one per FAQ language when there are several, else one for all.

        A bilingual FAQ usually has each topic in both languages; in one classifier
        the twins would split the confidence, so each language gets its own (with
        the entries that have no language in every one).
        """
        locales = {locale for locale in self._locales.values() if locale}
        ids = list(self._of_entry)
        if len(locales) < 2:
            return {None: ids}
        return {locale: [i for i in ids if self._locales[i] in (None, locale)] for locale in sorted(locales)}

    def _meaning_for(self, query: Query) -> EntryMeaning | None:
        if not self._meanings:
            return None
        found = self._meanings.get(detect_locale(query.text)) or self._meanings.get(None)
        return found or max(self._meanings.values(), key=lambda meaning: len(meaning.entry_ids))

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def understands_meaning(self) -> bool:
        """True when a sentence encoder ranks the entries (else words alone do)."""
        return bool(self._meanings)

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, if the matcher knows it."""
        return self._entries.get(entry_id)

    def entries(self) -> list[FaqEntry]:
        """Every entry the matcher knows, in FAQ order."""
        return list(self._entries.values())

    def question_text(self, text: str) -> str | None:
        """What :meth:`decide` embeds for ``text``; None when it embeds nothing (small talk, words only).

        Lets a caller embed many questions in one encoder call (cheaper per
        sentence) and hand each its vector through ``decide(text, vector)``.
        """
        if not self._meanings or small_talk(text) is not None:
            return None
        return text[:MAX_QUESTION_CHARS]

    def decide(self, text: str, vector: np.ndarray | None = None) -> MatchDecision:
        """Small talk, answer, suggest or abstain for ``text``.

        ``vector``: the embedding of :meth:`question_text`, when the caller already has it.
        """
        talk = small_talk(text)
        if talk is not None:
            return MatchDecision(DecisionKind.SMALL_TALK, reason=f"small talk: {talk}", talk=talk.value)
        query = Query.of(text)
        if not query.tokens:
            return MatchDecision(DecisionKind.ABSTAIN, reason="nothing left to match after normalization")
        lexical = self.rank(query)
        ranked = lexical if not self._meanings else self.rank_by_meaning(query, lexical, vector)
        ranked = self._in_language(query, ranked)
        return self._guard(query, choose(ranked, self.limits_for), {c.entry_id: c for c in lexical})

    def rank(self, query: Query) -> list[Candidate]:
        """Entries that share a token with ``query``, best first, by lexical similarity.

        Ties go to the more specific phrasing.
        """
        query_idf = {token: self._index.idf(token) for token in query.tokens}
        shortlist = self._shortlist(query)
        scored = list(zip(shortlist, similarities(query, shortlist, query_idf), strict=True))
        best = entry_scores(scored)
        # Equal confidence: the entry whose phrasing says more (higher idf mass) is the specific one.
        ranked = sorted(best.items(), key=lambda item: (-round(item[1][0], 9), -item[1][1].weight, item[0]))
        return [Candidate(entry_id, round(score, 4), phrasing.text) for entry_id, (score, phrasing) in ranked]

    def rank_by_meaning(
        self, query: Query, lexical: list[Candidate] | None = None, vector: np.ndarray | None = None
    ) -> list[Candidate]:
        """The entries the classifier rates highest for ``query``, best first (needs an encoder).

        ``lexical`` is :meth:`rank` of the same query and ``vector`` its embedding, if already computed. A
        near-verbatim lexical match (similarity >= ``LEXICAL_SURE``) keeps its own
        confidence when that is higher.
        """
        meaning = self._meaning_for(query)
        assert meaning is not None, "rank_by_meaning needs an encoder"
        leads = meaning.leads(query.text[:MAX_QUESTION_CHARS], vector, query.normalized)
        ids = meaning.entry_ids
        lexical = {c.entry_id: c for c in (self.rank(query) if lexical is None else lexical)[:CANDIDATE_ENTRIES]}
        naming = self._naming(query)
        if naming:  # the question names an error code or id some entries mention: only those fit
            leads = np.where([entry_id in naming for entry_id in ids], leads, -np.inf)
        values = leads.tolist()  # Python floats, the same values: indexing numpy per entry costs more than the sort
        top = [i for i in np.argsort(-leads)[:CANDIDATE_ENTRIES].tolist() if math.isfinite(values[i])]
        candidates = [Candidate(ids[i], round(_logistic(values[i]), 4), _matched(lexical.get(ids[i]))) for i in top]
        if naming and len(candidates) == 1:  # named by an id no other entry mentions: as good as verbatim
            only = candidates[0]
            candidates = [Candidate(only.entry_id, max(only.score, NAMED_CONFIDENCE), only.matched)]
        sure = next(iter(lexical.values()), None)
        if sure is None or sure.score < LEXICAL_SURE:
            return candidates
        # Both scales read as a confidence in [0, 1]: a near-verbatim phrasing keeps the higher one.
        model = next((c.score for c in candidates if c.entry_id == sure.entry_id), 0.0)
        rest = [c for c in candidates if c.entry_id != sure.entry_id]
        first = Candidate(sure.entry_id, max(model, sure.score), sure.matched)
        return sorted([first, *rest], key=lambda c: -c.score)

    def _naming(self, query: Query) -> set[str]:
        """Entries with a phrasing containing an identifier token (E1002, 429) of ``query``."""
        wanted = {t for t in query.tokens if _IDENTIFIER.fullmatch(t) and self._index.df(t)}
        if not wanted:
            return set()
        return {p.entry_id for p in self._phrasings if wanted.intersection(p.tokens)}

    def _in_language(self, query: Query, candidates: list[Candidate]) -> list[Candidate]:
        """Where the FAQ has entries in the question's language, entries in another language drop out.

        A bilingual FAQ often has each topic twice; a Chinese question should get the Chinese entry.
        """
        locale = detect_locale(query.text)
        same = [c for c in candidates if self._locales.get(c.entry_id) in (None, locale)]
        if len(same) == len(candidates) or locale not in self._locales.values():
            return candidates
        return same

    def limits_for(self, entry_id: str) -> Thresholds:
        """The thresholds that apply when ``entry_id`` is the best candidate (its category's, if set)."""
        entry = self._entries[entry_id]
        return self._by_category.get(entry.category, self._thresholds)

    def _guard(self, query: Query, decision: MatchDecision, lexical: Mapping[str, Candidate]) -> MatchDecision:
        """An answer needs enough words, the code the question names, and the polarity of the phrasing it leans on.

        ``lexical`` maps entry ids to their lexical candidate for ``query`` (similarity, best phrasing).
        """
        if decision.kind is not DecisionKind.ANSWER:
            return decision
        entry_id = decision.candidates[0].entry_id
        words = lexical.get(entry_id)
        overlap = words.score if words is not None else 0.0
        needed = MIN_MEANING_CONTENT if self._meanings else MIN_CONTENT
        other_code = self._other_code(query, entry_id)
        unknown_error = self._unknown_error(query)
        if _content(query) < needed and not self._says_exactly(query, entry_id):
            why = "too few words to be sure"
        elif other_code:
            why = f"the question names a code no phrasing has; the entry is about {other_code!r}"
        elif unknown_error:
            why = f"the question names the error code {unknown_error!r}, which no phrasing has"
        elif overlap >= NEGATION_OVERLAP and words is not None and is_negated(query.text) != is_negated(words.matched):
            why = f"negated where {words.matched!r} is not (or the other way round)"
        else:
            return decision
        reason = f"{decision.reason}; suggest: {why}"
        return replace(decision, kind=DecisionKind.SUGGEST, candidates=decision.candidates[:3], reason=reason)

    def _says_exactly(self, query: Query, entry_id: str) -> bool:
        """A short question may answer when it is the entry's own: its wording, its topic word, or its code.

        Containing the word is not enough: a word several entries share is in many phrasings.
        Own means no other entry of the question's language says it: a phrasing of exactly
        these words (tokens: stems, no function words, so "the exports" is an alias "Export"),
        words in at least half the entry's phrasings and in no other entry's (a product or
        feature name that entry is about), or an identifier (E1002, 429).
        """
        wording = set(query.tokens)
        exact = {p.entry_id for p in self._phrasings if set(p.tokens) == wording}
        saying = [p.entry_id for p in self._phrasings if wording.issubset(p.tokens)]
        topic = 2 * saying.count(entry_id) >= len(self._of_entry[entry_id])
        return (self._alone(query, entry_id, exact) or (topic and self._alone(query, entry_id, set(saying)))
                or self._alone(query, entry_id, self._naming(query)))

    def _alone(self, query: Query, entry_id: str, entry_ids: set[str]) -> bool:
        """``entry_id`` is among ``entry_ids`` and the others are in another language than ``query``."""
        locale = detect_locale(query.text)
        others = entry_ids - {entry_id}
        return entry_id in entry_ids and all(self._locales[other] not in (None, locale) for other in others)

    def _other_code(self, query: Query, entry_id: str) -> str | None:
        """A code of the entry's when the question names another code of that form that no phrasing has.

        "E1004" is not "E1001": the sentence encoder reads them alike, the way it reads 收到 and 收不到.
        """
        unknown = {_code_form(t) for t in query.tokens if _is_code(t) and not self._index.df(t)}
        if not unknown:
            return None
        theirs = {t for p in self._of_entry[entry_id] for t in p.tokens if _is_code(t)}
        if theirs.intersection(query.tokens):
            return None
        return min((t for t in theirs if _code_form(t) in unknown), default=None)

    def _unknown_error(self, query: Query) -> str | None:
        """An error code the question names (E1042, ERR-50012) when no phrasing names any of its codes.

        The FAQ cannot know what an error it never mentions means: "export fails with E1042" is not
        answered outright by the general export entry (a did-you-mean, and the repeats of it join one
        ticket by the code: :mod:`groupbot.core.repeats`).
        """
        named = error_codes(query.text)
        return None if not named or named & self._error_codes else min(named)

    def _shortlist(self, query: Query) -> list[Phrasing]:
        if self._exhaustive:
            return self._phrasings
        hits = self._index.search(query.tokens, CANDIDATE_PHRASINGS)
        entry_ids = dict.fromkeys(self._phrasings[number].entry_id for number, _score in hits)
        return [phrasing for entry_id in entry_ids for phrasing in self._of_entry[entry_id]]


def _logistic(logit: float) -> float:
    return 1 / (1 + math.exp(-max(min(logit, 50.0), -50.0)))


def _matched(lexical: Candidate | None) -> str:
    return lexical.matched if lexical is not None else ""


def _is_code(token: str) -> bool:
    """E1004, 404, ORA-00942's 00942: three digits or more. "s2" and "v3" name things, not errors."""
    return bool(_IDENTIFIER.fullmatch(token)) and len(_DIGIT.findall(token)) >= CODE_DIGITS


def _code_form(token: str) -> str:
    """E1004 and E1001 are codes of one form (e0000), 404 and 429 too (000); 1000 rows is not 429."""
    return _DIGIT.sub("0", token)


def _content(query: Query) -> float:
    """English content words plus half the Chinese content characters."""
    words = [t for t in query.tokens if not _is_cjk(t[0])]
    chinese = [t for t in query.tokens if len(t) == 1 and _is_cjk(t)]
    return len(words) + len(chinese) / 2


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
