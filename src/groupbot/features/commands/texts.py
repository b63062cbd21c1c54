"""The command machinery's texts: usage errors, refusals, /help's headings."""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.core.texts import TextTable

__all__ = ["TEXTS"]

TEXTS: TextTable = {
    "unknown_command": {
        EN: "I don't know the command /{name}. Send /help to see what I can do.",
        ZH: "没有 /{name} 这个命令，发送 /help 查看可用命令。",
    },
    "unknown_command_close": {
        EN: "I don't know the command /{name}. Did you mean /{close}? Send /help for the full list.",
        ZH: "没有 /{name} 这个命令，您是想用 /{close} 吗？发送 /help 查看全部命令。",
    },
    "not_permitted": {
        EN: "Sorry, /{name} is for the support team only.",
        ZH: "抱歉，/{name} 仅限客服团队使用。",
    },
    "not_permitted_admin": {
        EN: "Sorry, /{name} is for admins only.",
        ZH: "抱歉，/{name} 仅限管理员使用。",
    },
    "argname_number": {
        EN: "a ticket number",
        ZH: "工单号",
    },
    "argname_outbox_id": {
        EN: "a message ID from /outbox",
        ZH: "消息编号（见 /outbox）",
    },
    "arg_outbox_id": {
        EN: "the message ID must be a number that /outbox lists (got “{value}”).",
        ZH: "消息编号应为 /outbox 列出的数字（收到“{value}”）。",
    },
    "argname_position": {
        EN: "a report's number on the ticket",
        ZH: "反馈序号",
    },
    "argname_user": {
        EN: "a user",
        ZH: "人员",
    },
    "argname_team": {
        EN: "a team",
        ZH: "团队",
    },
    "argname_category": {
        EN: "a category",
        ZH: "分类",
    },
    "argname_severity": {
        EN: "a severity",
        ZH: "严重程度",
    },
    "argname_text": {
        EN: "the text",
        ZH: "内容",
    },
    "argname_opt_text": {
        EN: "the text",
        ZH: "内容",
    },
    "argname_filter": {
        EN: "a filter",
        ZH: "筛选条件",
    },
    "argname_days": {
        EN: "the days",
        ZH: "天数",
    },
    "argname_mode": {
        EN: "the mode",
        ZH: "模式",
    },
    "argname_qa": {
        EN: "question | answer",
        ZH: "问题 | 答案",
    },
    "arg_number": {
        EN: "N must be a ticket number like 12 or #12 (got “{value}”).",
        ZH: "N 应为工单号，如 12 或 #12（收到“{value}”）。",
    },
    "arg_position": {
        EN: "K must be a report's number on the ticket, 1 for its first, as /ticket N lists them (got “{value}”).",
        ZH: "K 应为反馈在工单中的序号（第一条为 1，见 /ticket N 的列表）（收到“{value}”）。",
    },
    "arg_user": {
        EN: "give a user as @name or “me” (got “{value}”).",
        ZH: "请用 @用户名 或 me 指定人员（收到“{value}”）。",
    },
    "arg_team": {
        EN: "the team must be rd or pm (got “{value}”).",
        ZH: "团队只能是 rd 或 pm（收到“{value}”）。",
    },
    "arg_category": {
        EN: "the category must be failure, howto, feature, account or other (got “{value}”).",
        ZH: "分类只能是 failure、howto、feature、account 或 other（收到“{value}”）。",
    },
    "arg_severity": {
        EN: "the severity must be low, normal, high or critical (or p4-p1) (got “{value}”).",
        ZH: "严重程度只能是 low、normal、high 或 critical（或 低/中/高/紧急）（收到“{value}”）。",
    },
    "arg_filter": {
        EN: "filter by a status, category, team, “mine” or “all” (got “{value}”).",
        ZH: "可按状态、分类、团队、mine 或 all 筛选（收到“{value}”）。",
    },
    "arg_days": {
        EN: "days must be a number from 1 to 366 (got “{value}”).",
        ZH: "天数应为 1 到 366 之间的数字（收到“{value}”）。",
    },
    "arg_lang": {
        EN: "the language must be zh-CN, en or auto (got “{value}”).",
        ZH: "语言只能是 zh-CN、en 或 auto（收到“{value}”）。",
    },
    "argname_lang": {
        EN: "the language",
        ZH: "语言",
    },
    "arg_mode": {
        EN: "the mode must be mention, questions or all (got “{value}”).",
        ZH: "模式只能是 mention、questions 或 all（收到“{value}”）。",
    },
    "arg_qa": {
        EN: "write it as: question | answer",
        ZH: "格式为：问题 | 答案",
    },
    "arg_missing": {
        EN: "something is missing ({value}).",
        ZH: "缺少参数（{value}）。",
    },
    "arg_extra": {
        EN: "there is more than I expected: “{value}”.",
        ZH: "多余的内容：“{value}”。",
    },
    "usage": {
        EN: "Usage: {usage}\n{problem}",
        ZH: "用法：{usage}\n{problem}",
    },
    "help_intro": {
        EN: "Mention me or reply to me with a question and I'll answer from our help articles. Commands:",
        ZH: "@我 或回复我的消息提问，我会从帮助文档中找答案。可用命令：",
    },
    "help_ops_intro": {
        EN: "Support team:",
        ZH: "客服团队：",
    },
    "arg_entry": {
        EN: "ID must be an FAQ entry id such as reset-password (got “{value}”).",
        ZH: "ID 应为 FAQ 条目编号，例如 reset-password（收到“{value}”）。",
    },
    "arg_field": {
        EN: "the field must be question, answer, category, tags or aliases (got “{value}”).",
        ZH: "字段只能是 question、answer、category、tags 或 aliases（收到“{value}”）。",
    },
    "argname_entry": {
        EN: "an FAQ entry id",
        ZH: "FAQ 条目编号",
    },
    "argname_field": {
        EN: "a field",
        ZH: "字段",
    },
}
