"""Error codes in a customer's words: the name a failure goes by, the same in every report of it.

"the export button gives error E1042 since this morning", "E1042 here too",
"导出报错E1042": three customers, one failure, few words in common. The code is
what they share, so two reports naming the same code, one of them saying it is
an error, are one problem (:mod:`groupbot.core.repeats`).

A code here is letters followed by four digits or more (``E1042``,
``ERR-50012``, ``ORA-00942``): the shape vendors give their error codes.
Model and version names are mostly shorter (``X200``, ``v5.1``, ``win10``), and
bare numbers (``404``, ``1000 rows``) say too little on their own.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["error_codes", "shared_error_code", "speaks_of_failure"]

_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,4})[-_]?(\d{4,})(?![A-Za-z0-9])")
_FAILURE = re.compile(
    r"\b(?:errors?|err|codes?|fail(?:s|ed|ing|ure)?|exceptions?|crash(?:es|ed)?)\b"
    r"|错误|报错|出错|失败|异常|崩溃|闪退|错误码|提示"
)
_CACHE = 32768
"""Texts remembered: the open tickets' reports are read again for every new report that names a code."""


@lru_cache(maxsize=_CACHE)
def error_codes(text: str) -> frozenset[str]:
    """The error codes ``text`` names, as one spelling each: ``E1042``, ``e-1042`` and ``E_1042`` are ``E1042``."""
    return frozenset(f"{letters.upper()}{digits}" for letters, digits in _CODE.findall(text))


@lru_cache(maxsize=_CACHE)
def speaks_of_failure(text: str) -> bool:
    """Whether ``text`` says something went wrong (error, failed, 报错, 失败...)."""
    return bool(_FAILURE.search(text.lower()))


def shared_error_code(left: str, right: str) -> str | None:
    """An error code both texts name, when at least one of them calls it a failure; else None.

    The smallest such code, so the answer does not depend on set order.
    """
    shared = error_codes(left) & error_codes(right)
    if not shared or not (speaks_of_failure(left) or speaks_of_failure(right)):
        return None
    return min(shared)
