"""Whether a sentence is negated: "收到" is not "收不到", "I can log in" is not "I can't log in".

Sentence embeddings place a sentence and its negation close together, so an
answer is only given when the question and one of the entry's phrasings agree
on this (otherwise the bot offers a "did you mean" instead).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_negated"]

_EN = re.compile(
    r"\b(?:not|never|cannot|cant|dont|doesnt|didnt|wont|isnt|arent|wasnt|couldnt|havent|hasnt|wouldnt|shouldnt"
    r"|\w+n't|unable|fails?|failed|failing|nothing|neither|nor)\b"
)
# 不/没/无/未 and the usual compounds. Not negations of the topic: 不错 (good), 不好意思 (sorry),
# 不知道 (I don't know how...), 不过 (but), 没事 (no problem), 无论 (whatever); a 不/没 closing
# the sentence asks a question ("有活动没？", "是纸质的不").
_ZH = re.compile(
    r"(?:不(?!错|久|少|同|过|然|仅|断|管|好意思|知道?)|没(?!事)|无(?!论)|未|失败|打不开|收不到|登不上|进不去)"
)
# "能不能", "是不是", "有没有": the A-not-A form asks a yes/no question, it negates nothing.
_ZH_QUESTION_FORM = re.compile(r"([\u3400-\u9fff])[不没]\1|有没有|[不没]有?(?=\s*(?:[?？。!！,，~～]|吗|呢|$))")


def is_negated(text: str) -> bool:
    """True when ``text`` says something does not happen or cannot be done."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return bool(_EN.search(folded) or _ZH.search(_ZH_QUESTION_FORM.sub(" ", folded)))
