"""Chat texts of the FAQ editing commands (/faq show|edit|alias|delete) and of /web, in zh-CN and en."""

from __future__ import annotations

from groupbot.core.language import EN, ZH

__all__ = ["KNOWLEDGE_TEXTS"]

KNOWLEDGE_TEXTS: dict[str, dict[str, str]] = {
    "cmd_faq show": {EN: "show an FAQ entry", ZH: "查看 FAQ 条目"},
    "cmd_faq edit": {EN: "change one field of an FAQ entry", ZH: "修改 FAQ 条目的一个字段"},
    "cmd_faq alias": {EN: "add another wording to an FAQ entry", ZH: "为 FAQ 条目添加一种问法"},
    "cmd_faq delete": {EN: "delete an FAQ entry", ZH: "删除 FAQ 条目"},
    "cmd_web": {EN: "get a sign-in link to the web console", ZH: "获取网页控制台的登录链接"},
    "arg_entry": {
        EN: "ID must be an FAQ entry id such as reset-password (got “{value}”).",
        ZH: "ID 应为 FAQ 条目编号，例如 reset-password（收到“{value}”）。",
    },
    "arg_field": {
        EN: "the field must be question, answer, category, tags or aliases (got “{value}”).",
        ZH: "字段只能是 question、answer、category、tags 或 aliases（收到“{value}”）。",
    },
    "argname_entry": {EN: "an FAQ entry id", ZH: "FAQ 条目编号"},
    "argname_field": {EN: "a field", ZH: "字段"},
    "faq_no_entry": {EN: "There is no FAQ entry {entry_id}.", ZH: "没有编号为 {entry_id} 的 FAQ 条目。"},
    "faq_entry_card": {
        EN: "{entry_id} ({category}{tags})\nQ: {question}\nAlso asked as: {aliases}\nA: {answer}",
        ZH: "{entry_id}（{category}{tags}）\n问：{question}\n其他问法：{aliases}\n答：{answer}",
    },
    "faq_edited": {
        EN: "Saved {entry_id}: {field} changed. The bot answers with it now ({count} entries).",
        ZH: "已保存 {entry_id}：{field} 已修改，机器人已开始使用（共 {count} 条）。",
    },
    "faq_alias_added": {
        EN: "Added the wording to {entry_id}; it now has {phrasings} phrasings.",
        ZH: "已为 {entry_id} 添加该问法，现在共有 {phrasings} 种问法。",
    },
    "faq_deleted": {EN: "Deleted {entry_id} ({count} entries left).", ZH: "已删除 {entry_id}（剩余 {count} 条）。"},
    "web_link": {
        EN: "Your sign-in link to the console (valid for 10 minutes, works once; do not share it):\n{url}",
        ZH: "控制台登录链接（10 分钟内有效，仅可使用一次，请勿转发）：\n{url}",
    },
    "web_link_sent": {
        EN: "I sent you a sign-in link in a direct message.",
        ZH: "已私信发送登录链接给你。",
    },
    "web_link_limited": {
        EN: "You asked for several links just now; please wait a few minutes.",
        ZH: "刚刚已发送过多次链接，请几分钟后再试。",
    },
}
