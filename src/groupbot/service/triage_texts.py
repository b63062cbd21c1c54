"""The triage texts (tickets, commands, feedback, ops inbox), in zh-CN and en.

Kept apart from :mod:`groupbot.service.texts` only for size; ``texts.TEXTS``
includes them all, and the same bilingual checks apply.
"""

from __future__ import annotations

from groupbot.core.language import EN, ZH

__all__ = ["TRIAGE_TEXTS"]

_ARGS = {
    "arg_number": {
        EN: "N must be a ticket number like 12 or #12 (got “{value}”).",
        ZH: "N 应为工单号，如 12 或 #12（收到“{value}”）。",
    },
    "arg_user": {
        EN: "give a user as @name or “me” (got “{value}”).",
        ZH: "请用 @用户名 或 me 指定人员（收到“{value}”）。",
    },
    "arg_team": {EN: "the team must be rd or pm (got “{value}”).", ZH: "团队只能是 rd 或 pm（收到“{value}”）。"},
    "arg_category": {
        EN: "the category must be failure, howto, feature, account or other (got “{value}”).",
        ZH: "分类只能是 failure、howto、feature、account 或 other（收到“{value}”）。",
    },
    "arg_filter": {
        EN: "filter by a status, category, team, “mine” or “all” (got “{value}”).",
        ZH: "可按状态、分类、团队、mine 或 all 筛选（收到“{value}”）。",
    },
    "arg_days": {
        EN: "days must be a number from 1 to 366 (got “{value}”).",
        ZH: "天数应为 1 到 366 之间的数字（收到“{value}”）。",
    },
    "arg_mode": {
        EN: "the mode must be mention, questions or all (got “{value}”).",
        ZH: "模式只能是 mention、questions 或 all（收到“{value}”）。",
    },
    "arg_qa": {EN: "write it as: question | answer", ZH: "格式为：问题 | 答案"},
    "arg_missing": {EN: "something is missing ({value}).", ZH: "缺少参数（{value}）。"},
    "arg_extra": {EN: "there is more than I expected: “{value}”.", ZH: "多余的内容：“{value}”。"},
    "usage": {EN: "Usage: {usage}\n{problem}", ZH: "用法：{usage}\n{problem}"},
}

_COMMAND_HELP = {
    "cmd_help": {EN: "this list", ZH: "查看本帮助"},
    "cmd_mytickets": {EN: "the status of tickets you reported", ZH: "查看我反馈的工单状态"},
    "cmd_faq search": {EN: "search the help articles", ZH: "搜索帮助文档"},
    "cmd_tickets": {EN: "list tickets (open ones by default)", ZH: "工单列表（默认未完结的）"},
    "cmd_ticket": {EN: "one ticket in detail", ZH: "查看工单详情"},
    "cmd_assign": {EN: "give a ticket an owner", ZH: "指派处理人"},
    "cmd_escalate": {EN: "hand over to R&D or product", ZH: "升级给研发或产品"},
    "cmd_resolve": {EN: "answer it; posted to every chat that asked", ZH: "解决并把答复发回所有提问的群"},
    "cmd_close": {EN: "close a ticket", ZH: "关闭工单"},
    "cmd_reopen": {EN: "reopen a ticket", ZH: "重新打开工单"},
    "cmd_wontfix": {EN: "mark as won't fix", ZH: "标记为不处理"},
    "cmd_dup": {EN: "N duplicates M; N's askers get M's answer", ZH: "N 是 M 的重复，N 的提问人将收到 M 的答复"},
    "cmd_reclassify": {EN: "change the category", ZH: "修改分类"},
    "cmd_note": {EN: "add an internal note", ZH: "添加内部备注"},
    "cmd_faq add": {EN: "add an FAQ entry", ZH: "新增 FAQ 条目"},
    "cmd_faq reload": {EN: "reload the FAQ files", ZH: "重新加载 FAQ 文件"},
    "cmd_learn": {EN: "turn a resolved ticket into an FAQ entry", ZH: "把已解决的工单收录为 FAQ"},
    "cmd_stats": {EN: "ticket figures for the last days", ZH: "最近几天的工单统计"},
    "cmd_mode": {EN: "when I answer in this chat", ZH: "设置本群的应答方式"},
    "help_intro": {
        EN: "Mention me or reply to me with a question and I'll answer from our help articles. Commands:",
        ZH: "@我 或回复我的消息提问，我会从帮助文档中找答案。可用命令：",
    },
    "help_ops_intro": {EN: "Support team:", ZH: "客服团队："},
}

_TICKETS = {
    "ticket_merged": {
        EN: "This is already being tracked as ticket #{number} ({reports} reports so far); we'll answer here.",
        ZH: "这个问题已在工单 #{number} 中跟进（目前已有 {reports} 次反馈），有结果会在这里答复。",
    },
    "ticket_missing": {EN: "There is no ticket #{number}.", ZH: "没有工单 #{number}。"},
    "tickets_none": {EN: "No tickets match.", ZH: "没有符合条件的工单。"},
    "tickets_more": {EN: "…and {count} more.", ZH: "……另有 {count} 个。"},
    "ticket_line": {
        EN: "#{number} {status} [{category}/{severity}] {reports} report(s), {groups} group(s), "
        "owner {assignee}: {title}",
        ZH: "#{number} {status} [{category}/{severity}] {reports} 次反馈，{groups} 个群，处理人 {assignee}：{title}",
    },
    "ticket_card_head": {EN: "Ticket #{number}: {title}", ZH: "工单 #{number}：{title}"},
    "ticket_card_state": {
        EN: "Status {status} · {category}/{severity} · team {team} · owner {assignee}",
        ZH: "状态 {status} · {category}/{severity} · 团队 {team} · 处理人 {assignee}",
    },
    "ticket_card_reach": {
        EN: "{reports} reports from {askers} people in {groups} groups: {chats}",
        ZH: "{groups} 个群 {askers} 人共反馈 {reports} 次：{chats}",
    },
    "ticket_card_times": {EN: "Opened {created}, updated {updated} (UTC)", ZH: "创建 {created}，更新 {updated}（UTC）"},
    "ticket_card_sla": {
        EN: "First response after {first_response}, resolved after {resolution}",
        ZH: "首次响应用时 {first_response}，解决用时 {resolution}",
    },
    "ticket_card_duplicate": {EN: "Duplicate of #{original}", ZH: "与 #{original} 重复"},
    "ticket_card_resolution": {EN: "Answer: {resolution}", ZH: "答复：{resolution}"},
    "ticket_answer": {EN: "Update on ticket #{number}:\n{answer}", ZH: "工单 #{number} 有答复了：\n{answer}"},
    "ticket_assigned": {EN: "Ticket #{number} is assigned to {assignee}.", ZH: "工单 #{number} 已指派给 {assignee}。"},
    "ticket_escalated": {EN: "Ticket #{number} is escalated to {team}.", ZH: "工单 #{number} 已升级给 {team}。"},
    "ticket_resolved": {
        EN: "Ticket #{number} is resolved; the answer went to {askers} askers in {groups} chats.",
        ZH: "工单 #{number} 已解决，答复已发送到 {groups} 个群的 {askers} 位提问人。",
    },
    "ticket_status_set": {
        EN: "Ticket #{number}: the status is now “{status}”.",
        ZH: "工单 #{number} 状态已改为“{status}”。",
    },
    "ticket_bad_transition": {
        EN: "Ticket #{number} is “{status}”; it cannot change to “{wanted}”.",
        ZH: "工单 #{number} 当前为“{status}”，不能改为“{wanted}”。",
    },
    "ticket_dup_self": {EN: "A ticket cannot duplicate itself (#{number}).", ZH: "工单不能与自身重复（#{number}）。"},
    "ticket_dup_chain": {
        EN: "Ticket #{number} is itself a duplicate of #{original}; use that one.",
        ZH: "工单 #{number} 本身是 #{original} 的重复，请改用 #{original}。",
    },
    "ticket_duplicate": {
        EN: "Ticket #{number} is a duplicate of #{original}; its reports now belong to #{original}.",
        ZH: "工单 #{number} 已标记为 #{original} 的重复，反馈已并入 #{original}。",
    },
    "ticket_duplicate_answered": {
        EN: "Ticket #{number} is a duplicate of #{original}; its reports now belong to #{original}, "
        "and #{original}'s answer went to {groups} chats.",
        ZH: "工单 #{number} 已标记为 #{original} 的重复，反馈已并入 #{original}，"
        "#{original} 的答复已发送到 {groups} 个群。",
    },
    "ticket_reopen_duplicate": {
        EN: "Ticket #{number} was merged into #{original} and its reports are there now; reopen #{original} instead.",
        ZH: "工单 #{number} 已合并到 #{original}，反馈都在 #{original} 中，请改为重新打开 #{original}。",
    },
    "ticket_reclassified": {EN: "Ticket #{number} is now in {category}.", ZH: "工单 #{number} 分类已改为 {category}。"},
    "ticket_noted": {EN: "Note added to ticket #{number}.", ZH: "已为工单 #{number} 添加备注。"},
    "inbox_new": {
        EN: "New ticket #{number} [{category}/{severity}] from {asker} in {chat} ({platform}, message {message_id}):\n"
        "“{quote}”\nReply with /assign {number} me, /resolve {number} answer, /ticket {number}",
        ZH: "新工单 #{number} [{category}/{severity}]，来自 {chat} 的 {asker}（{platform}，消息 {message_id}）：\n"
        "“{quote}”\n可回复 /assign {number} me、/resolve {number} 答复、/ticket {number}",
    },
    "inbox_report": {
        EN: "Ticket #{number} reported again by {asker} in {chat} ({platform}, message {message_id}): “{quote}”\n"
        "Now {reports} reports from {askers} people in {groups} groups.",
        ZH: "工单 #{number} 又有反馈：{chat} 的 {asker}（{platform}，消息 {message_id}）：“{quote}”\n"
        "目前 {groups} 个群 {askers} 人共反馈 {reports} 次。",
    },
}

_DESK = {
    "stats": {
        EN: "Last {days} days: tickets opened {opened} (still open {still_open}), "
        "reports {reports} from {groups} groups.\n"
        "By category: {categories}\nBy status: {statuses}\n"
        "Median first response {first_response}, median resolution {resolution}.",
        ZH: "最近 {days} 天：新建工单 {opened} 个（{still_open} 个未完结），来自 {groups} 个群的 {reports} 次反馈。\n"
        "按分类：{categories}\n按状态：{statuses}\n首次响应中位数 {first_response}，解决用时中位数 {resolution}。",
    },
    "mytickets_none": {EN: "You have no tickets with us.", ZH: "您目前没有工单。"},
    "mytickets_intro": {EN: "Your tickets:", ZH: "您的工单："},
    "mytickets_line": {EN: "#{number} {status}: {title}", ZH: "#{number} {status}：{title}"},
    "faq_search_none": {EN: "Nothing in the FAQ comes close.", ZH: "FAQ 里没有相近的条目。"},
    "faq_search_intro": {EN: "Closest FAQ entries:", ZH: "最相近的 FAQ 条目："},
    "faq_added": {
        EN: "Added FAQ entry {entry_id}; FAQ reloaded: {count} entries.",
        ZH: "已新增 FAQ 条目 {entry_id}，FAQ 已重新加载：共 {count} 条。",
    },
    "faq_write_failed": {EN: "I could not write the FAQ files: {problem}", ZH: "无法写入 FAQ 文件：{problem}"},
    "learn_unresolved": {
        EN: "Ticket #{number} has no answer yet; /resolve it first.",
        ZH: "工单 #{number} 还没有答复，请先 /resolve。",
    },
    "learned": {
        EN: "Ticket #{number} is now FAQ entry {entry_id} ({phrasings} phrasings); FAQ reloaded: {count} entries.",
        ZH: "工单 #{number} 已收录为 FAQ 条目 {entry_id}（{phrasings} 种问法），FAQ 已重新加载：共 {count} 条。",
    },
}

_FEEDBACK = {
    "feedback_ask": {
        EN: "Was this helpful? Send 1 (or 👍) for yes, 2 (or 👎) for no: just the number, no need to mention me.",
        ZH: "这个回答有帮助吗？有帮助发 1（或 👍），没帮助发 2（或 👎），直接发数字即可，不用 @我。",
    },
    "feedback_yes": {EN: "👍 Helpful", ZH: "👍 有帮助"},
    "feedback_no": {EN: "👎 Not helpful", ZH: "👎 没帮助"},
    "feedback_ticket": {
        EN: "Sorry about that. I've passed your question to our support team as ticket #{number}.",
        ZH: "抱歉没能帮到您，已转人工处理，工单号 #{number}。",
    },
    "feedback_ticket_merged": {
        EN: "Sorry about that. Your question is now part of ticket #{number}; our support team will answer here.",
        ZH: "抱歉没能帮到您，您的问题已并入工单 #{number}，客服会在这里答复。",
    },
    "human_describe": {
        EN: "Sure. Please describe your problem in one message and mention me; I'll pass it to our support team.",
        ZH: "好的，请@我并用一句话描述您的问题，我会转给客服同事。",
    },
    "human_ticket": {
        EN: "Your ticket #{number} ({status}) is with our support team; I've let them know you'd like a person.",
        ZH: "您的工单 #{number}（{status}）已在客服处理中，已通知他们您需要人工服务。",
    },
}

_STATUS = {
    "status_open": {EN: "open", ZH: "待处理"},
    "status_triaged": {EN: "being handled", ZH: "处理中"},
    "status_escalated": {EN: "escalated to R&D/product", ZH: "已转研发/产品"},
    "status_resolved": {EN: "resolved", ZH: "已解决"},
    "status_closed": {EN: "closed", ZH: "已关闭"},
    "status_duplicate": {EN: "merged into another ticket", ZH: "已合并到其他工单"},
    "status_wontfix": {EN: "won't be fixed", ZH: "暂不处理"},
}

_NAMES = {
    "category_failure": {EN: "failure", ZH: "故障"},
    "category_howto": {EN: "how-to", ZH: "咨询"},
    "category_feature": {EN: "feature request", ZH: "需求"},
    "category_account": {EN: "account", ZH: "账号"},
    "category_other": {EN: "other", ZH: "其他"},
    "severity_low": {EN: "low", ZH: "低"},
    "severity_normal": {EN: "normal", ZH: "普通"},
    "severity_high": {EN: "high", ZH: "高"},
    "severity_critical": {EN: "critical", ZH: "紧急"},
    "team_ops": {EN: "support", ZH: "客服"},
    "team_rd": {EN: "R&D", ZH: "研发"},
    "team_pm": {EN: "product", ZH: "产品"},
    "argname_number": {EN: "a ticket number", ZH: "工单号"},
    "argname_user": {EN: "a user", ZH: "人员"},
    "argname_team": {EN: "a team", ZH: "团队"},
    "argname_category": {EN: "a category", ZH: "分类"},
    "argname_text": {EN: "the text", ZH: "内容"},
    "argname_opt_text": {EN: "the text", ZH: "内容"},
    "argname_filter": {EN: "a filter", ZH: "筛选条件"},
    "argname_days": {EN: "the days", ZH: "天数"},
    "argname_mode": {EN: "the mode", ZH: "模式"},
    "argname_qa": {EN: "question | answer", ZH: "问题 | 答案"},
}

TRIAGE_TEXTS: dict[str, dict[str, str]] = {
    **_STATUS,
    **_NAMES,
    **_ARGS,
    **_COMMAND_HELP,
    **_TICKETS,
    **_DESK,
    **_FEEDBACK,
}
