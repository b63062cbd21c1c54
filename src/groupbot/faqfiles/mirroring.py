"""Making the FAQ files hold the entries the other instances agreed on (the database's shared copy)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from groupbot.core.faq import FaqEntry
from groupbot.core.faq_revisions import entry_digest
from groupbot.faqfiles.directory import scan_faq_dir
from groupbot.faqfiles.editing import upsert_entries
from groupbot.faqfiles.removal import remove_entry

__all__ = ["mirror_entries"]

log = logging.getLogger(__name__)


def mirror_entries(
    faq_dir: Path | str, entries: Sequence[FaqEntry], learned_dir: Path | str | None = None
) -> list[FaqEntry]:
    """Write to the files only what differs from ``entries``; returns the entries the files hold afterwards.

    Entries no longer wanted are deleted first (that never breaks a check), then
    changed and new ones are written in one all-or-nothing upsert, new ones to
    ``learned.yaml``. Shipped entries stay (with ``learned_dir``, only that
    directory is written): one the others deleted is logged and left. Raises
    :class:`~groupbot.faqfiles.FaqFileError` (a ValueError) when the files are broken
    or the entries would not check clean in them.
    """
    held = {located.entry.id: located.entry for located in scan_faq_dir(faq_dir, learned_dir).entries}
    wanted = {entry.id for entry in entries}
    for entry_id in held.keys() - wanted:
        try:
            remove_entry(faq_dir, entry_id, learned_dir)
        except ValueError as exc:  # a shipped entry: only the checkout can drop it
            log.warning("FAQ entry %s stays in this instance's files: %s", entry_id, exc)
    changed = [entry for entry in entries if entry.id not in held or _differ(held[entry.id], entry)]
    if changed:
        upsert_entries(faq_dir, changed, "learned.yaml", learned_dir)
    return [located.entry for located in scan_faq_dir(faq_dir, learned_dir).entries]


def _differ(held: FaqEntry, wanted: FaqEntry) -> bool:
    return entry_digest(held) != entry_digest(wanted)
