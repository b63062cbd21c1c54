"""Where an instance keeps its :class:`~groupbot.core.faq_revisions.SyncMark`: a small JSON file beside its FAQ files.

It sits with the files it describes (in the learned directory, ``.faq-sync.json``;
the loader reads only ``*.yaml``), so instances that share one directory share it too.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from groupbot.core.faq_revisions import FaqRevision, SyncMark
from groupbot.faqfiles.atomic import write_atomically

__all__ = ["MARK_FILE", "SyncMarkFile"]

log = logging.getLogger(__name__)
MARK_FILE = ".faq-sync.json"


class SyncMarkFile:
    """Reads and writes the mark in ``folder``; a missing or unreadable mark reads as None (never synced here)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MARK_FILE

    def read(self) -> SyncMark | None:
        """The last mark written, or None."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            revision = FaqRevision(int(data["revision"]), str(data["digest"]))
            return SyncMark(revision, {str(k): str(v) for k, v in data["files"].items()})
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("ignoring the FAQ sync mark %s: %s", self.path, exc)
            return None

    def write(self, mark: SyncMark) -> None:
        """Replace the mark, atomically."""
        data = {"revision": mark.revision.number, "digest": mark.revision.digest, "files": dict(mark.files)}
        write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
