"""What the QQ load benches send: questions the sample FAQ answers, and problem reports."""

from __future__ import annotations

import random

__all__ = ["KNOWN", "problem"]

SYLLABLES = ("ka", "lo", "mi", "zu", "pe", "ra", "vo", "ti", "qu", "ne", "sha", "dor", "fin", "gal", "hup", "jex")
KNOWN = (
    "how do I reset my password?",
    "how do I export a dashboard to PDF?",
    "where can I get an invoice?",
    "SSO login error",
    "how do I turn off email notifications?",
    "密码忘了怎么重置？",
    "发票在哪里下载？",
)
"""Questions of the sample FAQ, in English and Chinese."""


def problem(number: int) -> str:
    """A problem report unlike any other problem's (words drawn from ``number``), as repeat search sees it."""
    draw = random.Random(number)
    words = ["".join(draw.choices(SYLLABLES, k=3)) for _ in range(6)]
    return f"{' '.join(words)} broken {number}"
