"""The console's signing key: from settings, else a random key kept in a file beside the data.

``groupbot web link`` runs in its own process; both read the same key, so the
links it prints are accepted by the running bot.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["signing_key"]


def signing_key(configured: str | None, key_file: Path) -> bytes:
    """``configured`` if given, else the key in ``key_file`` (created, owner-only, on first use)."""
    if configured:
        return configured.encode()
    try:
        return bytes.fromhex(key_file.read_text().strip())
    except FileNotFoundError:
        pass
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    return bytes.fromhex(key)
