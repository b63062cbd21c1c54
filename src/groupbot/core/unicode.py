"""Text that every encoder accepts: lone surrogates made U+FFFD, split surrogate pairs joined.

JSON may escape half of a character (``"\\ud83d"``) and some decoders hand on
emoji as two halves; Python keeps both as they came, but UTF-8 (a database
driver, a tokenizer, a sentence encoder) refuses them, and one such message in
a batch of questions would fail the whole batch.
"""

from __future__ import annotations

__all__ = ["well_formed"]


def well_formed(value: str) -> str:
    """``value`` unchanged when it encodes as UTF-8; else with its pairs joined and lone surrogates as U+FFFD."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value
