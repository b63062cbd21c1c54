"""Small talk: greetings, thanks, "ok", "在吗", goodbyes, "it works now".

A support group is mostly people talking to each other. A message made only of
such phrases asks nothing, so it must never get an FAQ answer, a "did you mean"
or a ticket. The lists below are everyday chat phrases in English and Chinese
(written from how people talk in groups, not from any evaluation set). A
message counts as small talk only when *every* word of it is covered, so
"收不到" (not received) is not "收到" (got it) and "thanks, but how do I export?"
is a question.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from functools import cache, lru_cache

from groupbot.core.matching.t2s_table import SIMPLIFIED, TRADITIONAL

__all__ = ["SmallTalk", "small_talk"]


class SmallTalk(enum.StrEnum):
    """What kind of small talk a message is."""

    GREETING = "greeting"
    PRESENCE = "presence"  # "anyone here?", 在吗
    THANKS = "thanks"
    ACK = "ack"  # ok, 收到, 好的, 👍
    LAUGHTER = "laughter"
    GOODBYE = "goodbye"
    RESOLVED = "resolved"  # "it works now", 搞定了, 没事了


_EN: dict[SmallTalk, str] = {
    SmallTalk.GREETING: """hi | hello | hey | heya | hiya | yo | howdy | hallo | hola | sup | whats up | what's up
        | good morning | good afternoon | good evening | morning | evening | greetings | hi there | hello there
        | hey there | nice to meet you | how are you | how are you doing | how's it going | hows it going""",
    SmallTalk.PRESENCE: """anyone here | anybody here | anyone there | anybody there | anyone around | anyone online
        | is anyone here | is anybody here | is anyone there | is anybody there | are you there | are you here
        | you there | still there | ping | hello anyone | anyone | anybody | is anyone around | is anybody around
        | anybody around | anyone available | is anyone available | anyone from support | any admin here
        | any admins here | any admin | excuse me | can i ask a question | can i ask something | can i ask you something
        | may i ask a question | may i ask something | i have a question | i have a quick question | quick question
        | a quick question | one question | a question | question | got a question | i got a question""",
    SmallTalk.THANKS: """thanks | thank you | thx | thankyou | ty | tysm | tks | thnx | many thanks | thanks a lot
        | thank you so much | thank you very much | thanks so much | thanks very much | much appreciated
        | appreciate it | appreciated | cheers | great thanks | thanks again | thank u | cool thanks | ok thanks
        | you're the best | youre the best | you rock | awesome thanks | perfect thanks""",
    SmallTalk.ACK: """ok | okay | k | kk | okey | okie | oki | alright | all right | sure | got it | gotcha | noted
        | understood | i see | roger | roger that | copy | copy that | will do | sounds good | good | great | cool
        | nice | perfect | awesome | fine | yes | yeah | yep | yup | right | makes sense
        | that makes sense | oh | ah | oh ok | ah ok | i understand | understood thanks | np | no problem | no worries
        | wow | amazing | excellent | lovely | sweet | neat | +1 | 1 | 11 | 111 | 666 | 6666 | 66666
        | waiting for news | waiting for your news | waiting for an update | waiting for updates
        | waiting for the update | waiting for your reply | waiting for a reply | waiting for your answer | will wait
        | i will wait | i'll wait | ill wait | we will wait | we'll wait | looking forward | looking forward to it
        | keep me posted | keep us posted | keep me updated | keep us updated | keep me informed | let me know
        | let us know | please let me know | please let us know | waiting | waiting on you | i'm waiting | im waiting
        | i am waiting | we're waiting | we are waiting | will be waiting | i'll be waiting | ill be waiting
        | i will be waiting | we'll be waiting | we will be waiting | standing by | no rush | no hurry
        | take your time | thanks in advance | thx in advance | for your reply | for a reply | for your response
        | for a response | for your answer | for an answer | for your update | for an update | for updates
        | for your news | for news | for the fix | for a fix""",
    SmallTalk.LAUGHTER: "lol | lmao | rofl | haha | hahaha | hahahaha | hehe | hehehe | xd | xdd",
    SmallTalk.GOODBYE: """see you tomorrow | see you soon | talk tomorrow | until tomorrow
        | bye | bye bye | byebye | goodbye | good bye | see you | see ya | see you later | cya | later
        | good night | night | gn | have a nice day | have a good day | have a good one | take care
        | talk later | ttyl""",
    SmallTalk.RESOLVED: """it works | it works now | works now | it's working | its working | it's working now
        | working now | all good | all good now | solved | fixed | fixed it | it's fixed | its fixed | never mind
        | nevermind | nvm | no need | figured it out | i figured it out | got it working | sorted
        | all sorted | problem solved | issue solved | resolved | it's ok now | its ok now | ok now | fine now""",
}
_ZH: dict[SmallTalk, str] = {
    SmallTalk.GREETING: """你好 | 您好 | 大家好 | 哈喽 | 哈啰 | 嗨 | 嘿 | 早 | 早上好 | 早安 | 上午好 | 中午好 | 下午好
        | 晚上好 | 晚安 | 亲 | 亲们 | 各位好 | 老师好 | 在 | 你好呀""",
    SmallTalk.PRESENCE: """在吗 | 在么 | 在嘛 | 在不在 | 有人吗 | 有人么 | 有人在吗 | 有没有人 | 客服在吗 | 人呢
        | 在线吗 | 机器人在吗 | 有人不 | 有人在线吗 | 有人在线不 | 管理员在吗 | 有管理员吗 | 有管理员在吗 | 群主在吗
        | 请问 | 问一下 | 问下 | 想问一下 | 我想问一下 | 请教一下 | 请教 | 想请教一下 | 咨询一下 | 想咨询一下
        | 我想咨询一下 | 问个问题 | 有个问题 | 我有个问题 | 问个事 | 打扰一下 | 打扰了""",
    SmallTalk.THANKS: """谢谢 | 谢了 | 谢啦 | 多谢 | 感谢 | 谢谢你 | 谢谢您 | 谢谢啦 | 非常感谢 | 感谢感谢
        | 辛苦了 | 辛苦 | 麻烦了 | 太感谢了 | 谢谢了 | 谢 | 3q | thx""",
    SmallTalk.ACK: """好 | 好的 | 好滴 | 好哒 | 好嘞 | 好吧 | 行 | 可以 | 收到 | 了解 | 明白 | 明白了 | 知道了
        | 懂了 | 嗯 | 恩 | 嗯嗯 | 嗯呢 | 哦 | 噢 | 喔 | 哦哦 | 对 | 是的 | 对的 | 没问题 | 妥 | 行吧 | 好的呢 | ok
        | 赞 | 牛 | 厉害 | 棒 | 太棒了 | 好耶 | 了解了 | 收到了 | 好的好的 | 没毛病 | 可以的
        | 等消息 | 等你们消息 | 等回复 | 等你们回复 | 等通知 | 坐等 | 我等着 | 等着 | 我等等 | 那我等等 | 静候佳音
        | 有消息告诉我 | 有消息通知我 | 期待""",
    SmallTalk.LAUGHTER: "哈 | 哈哈 | 呵呵 | 嘿嘿 | 嘻嘻 | 笑死 | 哈哈哈",
    SmallTalk.GOODBYE: "再见 | 拜拜 | 拜 | 回见 | 下次见 | 88 | 886 | 晚安 | 先这样",
    SmallTalk.RESOLVED: """搞定了 | 搞定 | 好了 | 可以了 | 解决了 | 已解决 | 没事了 | 没事 | 没问题了 | 弄好了 | 行了
        | 正常了 | 好使了 | 能用了 | 不用了 | 没关系 | 算了 | 已经好了 | 已经可以了 | 现在可以了 | 现在好了""",
}
# Words that may sit around small talk without making it a question.
_EN_FILLER = frozenset({
    "all", "everyone", "everybody", "guys", "team", "folks", "friends", "bot", "you", "u", "so", "much", "very",
    "lot", "a", "again", "for", "your", "help", "the", "support", "there", "dear", "sir", "madam", "mate", "buddy",
    "man", "now", "really",
})
_ZH_FILLER = "啊呀哦呢啦了吧哈嘛哒滴喔噢哇嗷咯捏你您大家各位们老师客服小哥姐亲的吗么"
_ZH_FILLER_SET = frozenset(_ZH_FILLER)

_WORD = re.compile(r"[a-z0-9'+]+|[\u3400-\u9fff]+")
_MENTION_OR_LINK = re.compile(r"@\S+|(?:https?://|www\.)\S+")
_SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Cf", "Mn", "Po", "Ps", "Pe", "Pd", "Pi", "Pf", "Sm", "Zs", "Cc"})
MAX_CHARS = 60


def _phrases(table: dict[SmallTalk, str]) -> dict[str, SmallTalk]:
    found: dict[str, SmallTalk] = {}
    for kind, text in table.items():
        for phrase in text.split("|"):
            found.setdefault(" ".join(phrase.split()), kind)
    return found


@cache
def _lexicon() -> tuple[dict[tuple[str, ...], SmallTalk], dict[str, SmallTalk], int]:
    english = {tuple(phrase.split()): kind for phrase, kind in _phrases(_EN).items()}
    chinese = _phrases(_ZH)
    return english, chinese, max(map(len, chinese))


@cache
def _t2s() -> dict[int, int]:
    return str.maketrans(TRADITIONAL, SIMPLIFIED)


# A message is asked this up to four times on its way (the router's feedback check twice, the
# encoder's reservation, the matcher), each a fold (NFKC, casefold, traditional to simplified)
# and several regexes: the recent texts' answers are kept instead.
@lru_cache(maxsize=256)
def small_talk(text: str) -> SmallTalk | None:
    """The kind of small talk ``text`` is, or None when it says or asks anything else.

    A message of only emoji (👍, 🙏, 😂) is an acknowledgement.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_t2s())
    folded = _MENTION_OR_LINK.sub(" ", folded).replace("’", "'")
    if len(folded) > MAX_CHARS:
        return None
    words = _WORD.findall(folded)
    if not words:  # 👍, 🙏, 😂: an emoji alone acknowledges; "?!" alone says nothing
        return SmallTalk.ACK if _only_symbols(folded) and _has_emoji(folded) else None
    if _WORD.sub("", folded).strip() and not _only_symbols(_WORD.sub(" ", folded)):
        return None  # something that is neither a word nor punctuation/emoji
    kinds = _cover(words)
    if not kinds:
        return None
    # "thanks, ok" is thanks; "ok bye" a goodbye: the most telling kind wins.
    for kind in (SmallTalk.RESOLVED, SmallTalk.THANKS, SmallTalk.GOODBYE, SmallTalk.PRESENCE, SmallTalk.GREETING):
        if kind in kinds:
            return kind
    return kinds[0]


def _has_emoji(text: str) -> bool:
    return any(unicodedata.category(ch) == "So" for ch in text)


def _only_symbols(text: str) -> bool:
    return all(unicodedata.category(ch) in _SYMBOL_CATEGORIES or ch.isspace() for ch in text)


def _cover(words: list[str]) -> list[SmallTalk]:
    """The kinds of the phrases covering every word, or [] when some word is not small talk."""
    english, _chinese, _longest = _lexicon()
    kinds: list[SmallTalk] = []
    position = 0
    while position < len(words):
        word = words[position]
        if "\u3400" <= word[0] <= "\u9fff":
            found = _cover_chinese(word)
            if found is None:
                return []
            kinds += found
            position += 1
            continue
        for size in range(min(5, len(words) - position), 0, -1):
            kind = english.get(tuple(words[position : position + size]))
            if kind is not None:
                kinds.append(kind)
                position += size
                break
        else:
            if word not in _EN_FILLER and not _repeated_laughter(word):
                return []
            if _repeated_laughter(word):
                kinds.append(SmallTalk.LAUGHTER)
            position += 1
    return kinds


def _repeated_laughter(word: str) -> bool:
    return bool(re.fullmatch(r"(?:ha|he|hi|ja|xa){2,}h?|a?ha+h*|lo+l|6{2,}|1{1,3}", word))


def _cover_chinese(run: str) -> list[SmallTalk] | None:
    """The phrases covering all of a Chinese run (fillers and repeats such as 嗯嗯嗯 allowed), or None.

    Dynamic programming over positions, preferring fewer pieces, so "了解了解" is
    "了解" twice rather than "了解了" plus a stray "解".
    """
    _english, chinese, longest = _lexicon()
    # best[i]: (pieces, kinds) of the cheapest cover of run[:i]
    best: list[tuple[int, list[SmallTalk]] | None] = [None] * (len(run) + 1)
    best[0] = (0, [])
    for start in range(len(run)):
        if best[start] is None:
            continue
        pieces, kinds = best[start]
        steps = [(size, chinese.get(run[start : start + size])) for size in range(1, longest + 1)]
        if run[start] in _ZH_FILLER_SET:
            steps.append((1, None))
        for size, kind in steps:
            end = start + size
            if end > len(run) or (kind is None and not (size == 1 and run[start] in _ZH_FILLER_SET)):
                continue
            option = (pieces + 1, kinds + ([kind] if kind is not None else []))
            if best[end] is None or option[0] < best[end][0]:
                best[end] = option
    found = best[len(run)]
    return found[1] if found is not None and found[1] else None
