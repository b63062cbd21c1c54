"""Per-chat settings: /mode and /lang."""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.core.texts import TextTable

__all__ = ["TEXTS"]

TEXTS: TextTable = {
    "mode_set": {
        EN: "OK: in this chat I now answer {mode_text}.",
        ZH: "好的：本会话现在{mode_text}。",
    },
    "mode_mention": {
        EN: "only when mentioned or replied to",
        ZH: "仅在被 @ 或回复时应答",
    },
    "mode_questions": {
        EN: "mentions, replies and anything that looks like a question",
        ZH: "应答 @、回复以及看起来像提问的消息",
    },
    "mode_all": {
        EN: "every message",
        ZH: "应答每一条消息",
    },
    "lang_set_zh_cn": {
        EN: "OK: in this chat I now speak Chinese, in command replies, notices and the weekly digest; a question "
            "written in English still gets its answer in English.",
        ZH: "好的：本会话今后使用中文，包括命令回复、通知和周报；用英文提的问题仍用英文回答。",
    },
    "lang_set_en": {
        EN: "OK: in this chat I now speak English, in command replies, notices and the weekly digest; a question "
            "written in Chinese still gets its answer in Chinese.",
        ZH: "好的：本会话今后使用英文，包括命令回复、通知和周报；用中文提的问题仍用中文回答。",
    },
    "lang_set_auto": {
        EN: "OK: in this chat I now reply in the language of each message; notices use the configured language.",
        ZH: "好的：本会话今后按每条消息的语言回复，通知使用配置的默认语言。",
    },
}
