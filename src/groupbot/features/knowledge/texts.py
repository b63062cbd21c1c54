"""The FAQ commands: search, add, reload, /learn."""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.core.texts import TextTable

__all__ = ["TEXTS"]

TEXTS: TextTable = {
    "faq_reloaded": {
        EN: "FAQ reloaded: {count:entry|entries}.",
        ZH: "FAQ 已重新加载：共 {count} 条。",
    },
    "faq_reload_failed": {
        EN: "The FAQ files have errors; I kept the previous version. First problem: {problem}",
        ZH: "FAQ 文件有错误，仍在使用旧版本。第一个问题：{problem}",
    },
    "faq_search_none": {
        EN: "Nothing in the FAQ comes close.",
        ZH: "FAQ 里没有相近的条目。",
    },
    "faq_search_intro": {
        EN: "Closest FAQ entries:",
        ZH: "最相近的 FAQ 条目：",
    },
    "faq_added": {
        EN: "Added FAQ entry {entry_id}; FAQ reloaded: {count:entry|entries}.",
        ZH: "已新增 FAQ 条目 {entry_id}，FAQ 已重新加载：共 {count} 条。",
    },
    "faq_write_failed": {
        EN: "I could not write the FAQ files: {problem}",
        ZH: "无法写入 FAQ 文件：{problem}",
    },
    "learn_unresolved": {
        EN: "Ticket #{number} has no answer yet; /resolve it first.",
        ZH: "工单 #{number} 还没有答复，请先 /resolve。",
    },
    "learned": {
        EN: "Ticket #{number} is now FAQ entry {entry_id} ({phrasings:phrasing|phrasings}); FAQ reloaded: "
        "{count:entry|entries}.",
        ZH: "工单 #{number} 已收录为 FAQ 条目 {entry_id}（{phrasings} 种问法），FAQ 已重新加载：共 {count} 条。",
    },
}
