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
    "faq_no_entry": {
        EN: "There is no FAQ entry {entry_id}.",
        ZH: "没有编号为 {entry_id} 的 FAQ 条目。",
    },
    "faq_entry_card": {
        EN: "{entry_id} ({category}{tags})\nQ: {question}\nAlso asked as: {aliases}\nA: {answer}",
        ZH: "{entry_id}（{category}{tags}）\n问：{question}\n其他问法：{aliases}\n答：{answer}",
    },
    "faq_edited": {
        EN: "Saved {entry_id}: {field} changed. The bot answers with it now ({count:entry|entries}).",
        ZH: "已保存 {entry_id}：{field} 已修改，机器人已开始使用（共 {count} 条）。",
    },
    # The fields /faq edit changes, named in the reply (the command itself takes the English word).
    "faq_field_question": {EN: "question", ZH: "问题"},
    "faq_field_answer": {EN: "answer", ZH: "答案"},
    "faq_field_category": {EN: "category", ZH: "分类"},
    "faq_field_tags": {EN: "tags", ZH: "标签"},
    "faq_field_aliases": {EN: "other wordings", ZH: "其他问法"},
    "faq_alias_added": {
        EN: "Added the wording to {entry_id}; it now has {phrasings:phrasing|phrasings}.",
        ZH: "已为 {entry_id} 添加该问法，现在共有 {phrasings} 种问法。",
    },
    "faq_alias_known": {
        EN: "{entry_id} already has that wording ({phrasings:phrasing|phrasings}); nothing changed.",
        ZH: "{entry_id} 已有这个问法（共 {phrasings} 种），没有改动。",
    },
    "faq_deleted": {
        EN: "Deleted {entry_id} ({count:entry|entries} left).",
        ZH: "已删除 {entry_id}（剩余 {count} 条）。",
    },
}
