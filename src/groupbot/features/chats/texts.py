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
        EN: "OK: this chat's language is now Chinese, for command replies, notices, the weekly digest and "
        "messages without words; a question is still answered in the language it is written in.",
        ZH: "好的：本会话的语言已设为中文，用于命令回复、通知、周报和没有文字的消息；提问仍按提问所用的语言回答。",
    },
    "lang_set_en": {
        EN: "OK: this chat's language is now English, for command replies, notices, the weekly digest and "
        "messages without words; a question is still answered in the language it is written in.",
        ZH: "好的：本会话的语言已设为英文，用于命令回复、通知、周报和没有文字的消息；提问仍按提问所用的语言回答。",
    },
    "lang_set_auto": {
        EN: "OK: in this chat I now reply in the language of each message; notices use the configured language.",
        ZH: "好的：本会话今后按每条消息的语言回复，通知使用配置的默认语言。",
    },
}
