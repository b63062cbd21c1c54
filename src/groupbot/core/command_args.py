"""Argument kinds for chat commands and how each one is read and checked.

Arguments are read left to right from the text after the command name; a text
kind takes the rest of the line. Each failure names the argument's kind, so the
reply can say exactly what was wrong ("N must be a ticket number").
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence

from groupbot.core.chats import AddressMode
from groupbot.core.tickets import Category, Severity, Team, TicketStatus

__all__ = ["CATEGORY_ALIASES", "EDITABLE_FIELDS", "MAX_DAYS", "ArgError", "ArgKind", "parse_args", "read_category"]

MAX_DAYS = 366
MAX_NUMBER = 10**9
# ASCII digits only: int() rejects "²" although str.isdigit() accepts it.
_NUMBER = re.compile(r"^#?([0-9]{1,10})$")
_DAYS = re.compile(r"^[0-9]{1,4}$")
_POSITION = re.compile(r"^[0-9]{1,9}$")
_USER = re.compile(r"^@?([\w.\-:]{1,64})$", re.UNICODE)
_SPACE = re.compile(r"\s+")
_ENTRY = re.compile(r"^[\w.\-:]{1,100}$", re.UNICODE)
EDITABLE_FIELDS = ("question", "answer", "category", "tags", "aliases")
_QA_SPLIT = re.compile(r"\s*[|｜]\s*")
CATEGORY_ALIASES = {
    "bug": Category.FAILURE,
    "failure": Category.FAILURE,
    "fault": Category.FAILURE,
    "故障": Category.FAILURE,
    "howto": Category.HOWTO,
    "how-to": Category.HOWTO,
    "question": Category.HOWTO,
    "咨询": Category.HOWTO,
    "feature": Category.FEATURE,
    "需求": Category.FEATURE,
    "account": Category.ACCOUNT,
    "billing": Category.ACCOUNT,
    "账号": Category.ACCOUNT,
    "other": Category.OTHER,
    "其他": Category.OTHER,
}

SEVERITY_ALIASES = {
    **{member.value: member for member in Severity},
    "p1": Severity.CRITICAL, "p2": Severity.HIGH, "p3": Severity.NORMAL, "p4": Severity.LOW,
    "紧急": Severity.CRITICAL, "严重": Severity.CRITICAL, "高": Severity.HIGH, "中": Severity.NORMAL,
    "普通": Severity.NORMAL, "低": Severity.LOW,
}

# What ops call statuses and teams in Chinese (the names the bot's own replies use, and shorter ones).
_CHINESE_FILTER_WORDS: Mapping[str, str] = {
    "待处理": TicketStatus.OPEN, "处理中": TicketStatus.TRIAGED, "已转研发/产品": TicketStatus.ESCALATED,
    "已升级": TicketStatus.ESCALATED, "升级": TicketStatus.ESCALATED, "已解决": TicketStatus.RESOLVED,
    "解决": TicketStatus.RESOLVED, "已关闭": TicketStatus.CLOSED, "关闭": TicketStatus.CLOSED,
    "已合并": TicketStatus.DUPLICATE, "重复": TicketStatus.DUPLICATE, "暂不处理": TicketStatus.WONTFIX,
    "不处理": TicketStatus.WONTFIX, "客服": Team.OPS, "研发": Team.RD, "产品": Team.PM,
    "我的": "mine", "全部": "all",
}
_FILTER_WORDS: Mapping[str, str] = {
    **{member.value: member for kind in (TicketStatus, Team) for member in kind},
    **CATEGORY_ALIASES,
    **_CHINESE_FILTER_WORDS,
}


class ArgKind(enum.StrEnum):
    """What an argument must look like; the value doubles as the error reason key."""

    NUMBER = "number"
    POSITION = "position"
    OUTBOX_ID = "outbox_id"
    USER = "user"
    OPT_USER = "opt_user"
    TEAM = "team"
    CATEGORY = "category"
    SEVERITY = "severity"
    TEXT = "text"
    OPT_TEXT = "opt_text"
    FILTER = "filter"
    DAYS = "days"
    MODE = "mode"
    LANG = "lang"
    QA = "qa"
    ENTRY = "entry"
    FIELD = "field"


class ArgError(ValueError):
    """One argument is missing, malformed, or there are too many."""

    def __init__(self, reason: str, value: str = "") -> None:
        super().__init__(f"{reason}: {value!r}")
        self.reason = reason
        self.value = value


def parse_args(args: Sequence[tuple[str, ArgKind]], rest: str) -> dict[str, object]:
    """Read every argument in ``args`` from ``rest``; raise :class:`ArgError` on the first problem."""
    values: dict[str, object] = {}
    rest = rest.strip()
    for name, kind in args:
        if kind in _REST_KINDS:
            values[name] = _REST_KINDS[kind](rest)
            rest = ""
            continue
        word, rest = _next_word(rest)
        values[name] = _WORD_KINDS[kind](word)
    if rest:
        raise ArgError("extra", rest[:40])
    return values


def _next_word(rest: str) -> tuple[str, str]:
    # Any whitespace ends a word: "/resolve 12\nRestart the app" is typed that way on phones.
    parts = _SPACE.split(rest, maxsplit=1)
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


def _required(word: str, kind: ArgKind) -> str:
    if not word:
        raise ArgError("missing", kind)
    return word


def read_number(word: str) -> int:
    """A positive ticket number, ``12`` or ``#12``."""
    return _positive_number(word, ArgKind.NUMBER)


def _positive_number(word: str, kind: ArgKind) -> int:
    """``12`` or ``#12``, below :data:`MAX_NUMBER`; a problem is reported as ``kind``."""
    match = _NUMBER.match(_required(word, kind))
    if match is None or not 0 < int(match.group(1)) < MAX_NUMBER:
        raise ArgError(kind, word)
    return int(match.group(1))


def read_position(word: str) -> int:
    """A report's place on its ticket, counted from 1 as the ticket card and page number them."""
    if _POSITION.match(_required(word, ArgKind.POSITION)) is None or int(word) == 0:
        raise ArgError(ArgKind.POSITION, word)
    return int(word)


def read_outbox_id(word: str) -> int:
    """The id of an outgoing message, as ``/outbox`` lists it (``12`` or ``#12``)."""
    return _positive_number(word, ArgKind.OUTBOX_ID)


def read_user(word: str) -> str:
    """``me`` or a user name/id, with or without ``@``; returned without the ``@``."""
    match = _USER.match(_required(word, ArgKind.USER))
    if match is None:
        raise ArgError(ArgKind.USER, word)
    return match.group(1)


def read_optional_user(word: str) -> str:
    """Like :func:`read_user`, but may be left out (empty)."""
    return read_user(word) if word else ""


def read_team(word: str) -> str:
    """``rd`` or ``pm``: escalation goes away from ops, never to it."""
    lowered = _required(word, ArgKind.TEAM).lower()
    if lowered not in (Team.RD, Team.PM):
        raise ArgError(ArgKind.TEAM, word)
    return lowered


def read_category(word: str) -> Category:
    """A category by name or alias (``bug``, ``billing``, ``故障``...)."""
    category = CATEGORY_ALIASES.get(_required(word, ArgKind.CATEGORY).lower())
    if category is None:
        raise ArgError(ArgKind.CATEGORY, word)
    return category


def read_severity(word: str) -> Severity:
    """A severity: ``low``, ``normal``, ``high``, ``critical``, ``p1``-``p4`` or 低/中/高/紧急."""
    severity = SEVERITY_ALIASES.get(_required(word, ArgKind.SEVERITY).lower())
    if severity is None:
        raise ArgError(ArgKind.SEVERITY, word)
    return severity


def read_filter(word: str) -> str:
    """Optional: ``mine``, ``all``, or a :class:`TicketStatus`, :class:`Team` or :class:`Category` member.

    Empty means the open ones. The enum members are strings too, so the
    handler tells the kinds apart with ``isinstance``.
    """
    lowered = word.lower()
    if lowered in ("", "mine", "all"):
        return lowered
    if lowered not in _FILTER_WORDS:
        raise ArgError(ArgKind.FILTER, word)
    return _FILTER_WORDS[lowered]


def read_filters(rest: str) -> tuple[str, ...]:
    """Any number of :func:`read_filter` words, to be combined (``mine escalated``); none means the open ones."""
    return tuple(read_filter(word) for word in _SPACE.split(rest.strip()) if word)


def read_days(word: str) -> int:
    """Optional number of days, 1..366; seven when left out."""
    if not word:
        return 7
    if _DAYS.match(word) is None or not 0 < int(word) <= MAX_DAYS:
        raise ArgError(ArgKind.DAYS, word)
    return int(word)


def read_mode(word: str) -> str:
    """An address mode: ``mention``, ``questions`` or ``all``."""
    lowered = _required(word, ArgKind.MODE).lower()
    if lowered not in {mode.value for mode in AddressMode}:
        raise ArgError(ArgKind.MODE, word)
    return lowered


def read_entry(word: str) -> str:
    """An FAQ entry id (``reset-password``): one word of letters, digits, ``.``, ``-``, ``_`` or ``:``."""
    if _ENTRY.match(_required(word, ArgKind.ENTRY)) is None:
        raise ArgError(ArgKind.ENTRY, word)
    return word


def read_field(word: str) -> str:
    """Which part of an FAQ entry ``/faq edit`` changes: one of :data:`EDITABLE_FIELDS`."""
    lowered = _required(word, ArgKind.FIELD).lower()
    if lowered not in EDITABLE_FIELDS:
        raise ArgError(ArgKind.FIELD, word)
    return lowered


LANGUAGES = {"zh-cn": "zh-CN", "zh": "zh-CN", "中文": "zh-CN", "en": "en", "english": "en", "auto": "auto"}


def read_lang(word: str) -> str:
    """A chat language: ``zh-CN``, ``en`` or ``auto`` (follow each message's script); ``zh`` and 中文 too."""
    found = LANGUAGES.get(_required(word, ArgKind.LANG).lower())
    if found is None:
        raise ArgError(ArgKind.LANG, word)
    return found


def read_text(rest: str) -> str:
    """The rest of the line, which must not be empty."""
    return _required(rest, ArgKind.TEXT)


def read_qa(rest: str) -> tuple[str, str]:
    """``question | answer`` (half- or full-width bar), optionally in parentheses."""
    body = _required(rest, ArgKind.QA)
    if body.startswith("(") and body.endswith(")"):
        body = body[1:-1]
    parts = _QA_SPLIT.split(body.strip(), maxsplit=1)
    if len(parts) != 2 or not all(part.strip() for part in parts):
        raise ArgError(ArgKind.QA, rest[:40])
    return parts[0].strip(), parts[1].strip()


_WORD_KINDS: Mapping[ArgKind, Callable[[str], object]] = {
    ArgKind.NUMBER: read_number,
    ArgKind.POSITION: read_position,
    ArgKind.OUTBOX_ID: read_outbox_id,
    ArgKind.USER: read_user,
    ArgKind.OPT_USER: read_optional_user,
    ArgKind.TEAM: read_team,
    ArgKind.CATEGORY: read_category,
    ArgKind.SEVERITY: read_severity,
    ArgKind.DAYS: read_days,
    ArgKind.MODE: read_mode,
    ArgKind.ENTRY: read_entry,
    ArgKind.FIELD: read_field,
    ArgKind.LANG: read_lang,
}
_REST_KINDS: Mapping[ArgKind, Callable[[str], object]] = {
    ArgKind.TEXT: read_text,
    ArgKind.OPT_TEXT: str.strip,
    ArgKind.FILTER: read_filters,
    ArgKind.QA: read_qa,
}
