"""Which FAQ every instance should answer from: revisions of the shared copy, and the merge at each sync.

Every instance keeps its own FAQ files; the database holds the shared working
copy and its revision. An instance remembers, in a :class:`SyncMark`, the
revision it last saw and what its files held right after that sync. Comparing
its files with that mark tells which entries someone edited in the files since
(a direct edit, ``faq import``, or this instance's own ``/learn``); those win,
and every other entry comes from the shared copy, where other instances' edits
are. :func:`merge_faq` is that rule.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from groupbot.core.faq import FaqEntry

__all__ = ["NO_REVISION", "FaqRevision", "SyncMark", "entry_digest", "entry_digests", "faq_digest", "merge_faq"]


@dataclass(frozen=True, slots=True)
class FaqRevision:
    """A version of the shared working copy: ``number`` counts changes (0: never written), ``digest`` its content."""

    number: int
    digest: str


NO_REVISION = FaqRevision(0, "")


@dataclass(frozen=True, slots=True)
class SyncMark:
    """What an instance saw at its last sync: the shared ``revision`` and the digest of each entry its files held."""

    revision: FaqRevision
    files: Mapping[str, str] = field(default_factory=dict)


def entry_digest(entry: FaqEntry) -> str:
    """A digest of what the entry says; where it was read from (``source``) does not count."""
    fields = {
        "id": entry.id, "question": entry.question, "answer": entry.answer, "aliases": list(entry.aliases),
        "category": entry.category, "tags": list(entry.tags), "product": entry.product,
        "version": entry.version, "locale": entry.locale,
    }
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def entry_digests(entries: Iterable[FaqEntry]) -> dict[str, str]:
    """Each entry's :func:`entry_digest` by id."""
    return {entry.id: entry_digest(entry) for entry in entries}


def faq_digest(entries: Sequence[FaqEntry]) -> str:
    """A digest of a whole FAQ, in order: equal digests, equal FAQs."""
    joined = "\n".join(f"{entry.id}\t{entry_digest(entry)}" for entry in entries)
    return hashlib.sha256(joined.encode()).hexdigest()


def merge_faq(files: Sequence[FaqEntry], shared: Sequence[FaqEntry], synced: Mapping[str, str]) -> list[FaqEntry]:
    """The FAQ after a sync: ``shared`` with the entries edited in ``files`` since they held ``synced``.

    An entry counts as edited in the files when its digest differs from the
    one in ``synced``: added (not there), changed, or deleted (there, but no
    longer in the files). Edited entries are taken from the files (so a file
    edit beats another instance's edit of the same entry); all others, added
    or deleted in the shared copy included, from ``shared``. The shared order
    is kept; entries new in the files come last, in file order.
    """
    in_files = {entry.id: entry for entry in files}
    edited = {entry.id for entry in files if synced.get(entry.id) != entry_digest(entry)}
    edited |= set(synced) - set(in_files)
    merged = [in_files.get(entry.id) if entry.id in edited else entry for entry in shared]
    known = {entry.id for entry in shared}
    merged += [entry for entry in files if entry.id in edited and entry.id not in known]
    return [entry for entry in merged if entry is not None]
