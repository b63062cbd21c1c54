"""Split normalized text into the tokens the index and the scorer count.

English: words, minus function words, stemmed. Chinese has no spaces, and a
segmenter needs a large dictionary; character unigrams plus bigrams carry the
same signal for short questions (see docs/matching.md for the measurement).
"""

from __future__ import annotations

import re

from groupbot.core.matching.stem import stem

__all__ = ["tokens"]

_RUNS = re.compile(r"([\u3400-\u9fff\uf900-\ufaff]+)|([^\W_\u3400-\u9fff\uf900-\ufaff]+)")

# General English function words (a short, standard list: no domain words).
_EN_STOPWORDS_TEXT = """a an the and or but if of at by for with about to from in on into over under up down out off
    is am are was were be been being do does did doing have has had having i me my mine myself we us our
    you your yours he him his she her it its they them their this that these those there here
    what which who whom whose when where why how can could would should will shall may might must
    just so than too very also then now any some all each both no not only own same such
    ok okay yes yeah oh um uh"""
EN_STOPWORDS = frozenset(_EN_STOPWORDS_TEXT.split())
# Chinese particles and pronouns: frequent in every sentence, telling of none.
ZH_STOPCHARS = frozenset("的了吗呢吧啊呀嘛哦么噢哈嗯呃哎诶啦咯喔我你您他她它们这那个是就都也还和")


def _chinese(run: str) -> list[str]:
    grams = [ch for ch in run if ch not in ZH_STOPCHARS]
    grams.extend(run[i : i + 2] for i in range(len(run) - 1) if not set(run[i : i + 2]) <= ZH_STOPCHARS)
    return grams


def tokens(normalized: str) -> list[str]:
    """Tokens of already normalized text, in order, repeats kept."""
    out: list[str] = []
    for chinese, word in _RUNS.findall(normalized):
        if chinese:
            out.extend(_chinese(chinese))
        elif word not in EN_STOPWORDS:
            out.append(stem(word))
    return out
