"""Which language a text is in, as far as choosing the reply language goes."""

from __future__ import annotations

__all__ = ["EN", "ZH", "detect_locale"]

ZH = "zh-CN"
EN = "en"


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def detect_locale(text: str, default: str = EN) -> str:
    """``zh-CN`` when the text has Chinese characters, ``en`` when it has Latin letters.

    A single Han character outweighs a few Latin ones ("导出PDF怎么弄" is Chinese);
    text with neither (emoji, digits) gives ``default``.
    """
    han = sum(1 for ch in text if _is_cjk(ch))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if han == 0 and latin == 0:
        return default
    return ZH if han * 4 >= latin else EN
