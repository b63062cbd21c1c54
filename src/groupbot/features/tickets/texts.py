"""Tickets: their labels (status, category, severity, team), cards, lists, ops notices, /stats, /mytickets."""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.core.texts import TextTable

__all__ = ["TEXTS"]

TEXTS: TextTable = {
    "status_open": {
        EN: "open",
        ZH: "待处理",
    },
    "status_triaged": {
        EN: "being handled",
        ZH: "处理中",
    },
    "status_escalated": {
        EN: "escalated to R&D/product",
        ZH: "已转研发/产品",
    },
    "status_resolved": {
        EN: "resolved",
        ZH: "已解决",
    },
    "status_closed": {
        EN: "closed",
        ZH: "已关闭",
    },
    "status_duplicate": {
        EN: "merged into another ticket",
        ZH: "已合并到其他工单",
    },
    "status_wontfix": {
        EN: "won't be fixed",
        ZH: "暂不处理",
    },
    "category_failure": {
        EN: "failure",
        ZH: "故障",
    },
    "category_howto": {
        EN: "how-to",
        ZH: "咨询",
    },
    "category_feature": {
        EN: "feature request",
        ZH: "需求",
    },
    "category_account": {
        EN: "account",
        ZH: "账号",
    },
    "category_other": {
        EN: "other",
        ZH: "其他",
    },
    "severity_low": {
        EN: "low",
        ZH: "低",
    },
    "severity_normal": {
        EN: "normal",
        ZH: "普通",
    },
    "severity_high": {
        EN: "high",
        ZH: "高",
    },
    "severity_critical": {
        EN: "critical",
        ZH: "紧急",
    },
    "team_ops": {
        EN: "support",
        ZH: "客服",
    },
    "team_rd": {
        EN: "R&D",
        ZH: "研发",
    },
    "team_pm": {
        EN: "product",
        ZH: "产品",
    },
    "ticket_merged": {
        EN: "This is already being tracked as ticket #{number} ({reports:report|reports} so far); we'll answer "
        "here.",
        ZH: "这个问题已在工单 #{number} 中跟进（目前已有 {reports} 次反馈），有结果会在这里答复。",
    },
    "ticket_missing": {
        EN: "There is no ticket #{number}.",
        ZH: "没有工单 #{number}。",
    },
    "tickets_none": {
        EN: "No tickets match.",
        ZH: "没有符合条件的工单。",
    },
    "tickets_more": {
        EN: "…and {count} more.",
        ZH: "……另有 {count} 个。",
    },
    "ticket_line": {
        EN: "#{number} {status} [{category}/{severity}] {reports:report|reports}, {groups:chat|chats}, owner "
        "{assignee}: {title}",
        ZH: "#{number} {status} [{category}/{severity}] {reports} 次反馈，{groups} 个会话，处理人 {assignee}：{title}",
    },
    "ticket_card_head": {
        EN: "Ticket #{number}: {title}",
        ZH: "工单 #{number}：{title}",
    },
    "ticket_card_state": {
        EN: "Status {status} · {category}/{severity} · team {team} · owner {assignee}",
        ZH: "状态 {status} · {category}/{severity} · 团队 {team} · 处理人 {assignee}",
    },
    "ticket_card_reach": {
        EN: "{reports:report|reports} from {askers:person|people} in {groups:chat|chats}: {chats}",
        ZH: "{groups} 个会话 {askers} 人共反馈 {reports} 次：{chats}",
    },
    "ticket_card_times": {
        EN: "Opened {created}, updated {updated} ({zone})",
        ZH: "创建 {created}，更新 {updated}（{zone}）",
    },
    "ticket_card_sla": {
        EN: "First response after {first_response}, resolved after {resolution}",
        ZH: "首次响应用时 {first_response}，解决用时 {resolution}",
    },
    "picture_in_console": {
        EN: "a picture: open the ticket in the web console to see it",
        ZH: "一张图片：在网页控制台打开工单查看",
    },
    "ticket_card_duplicate": {
        EN: "Duplicate of #{original}",
        ZH: "与 #{original} 重复",
    },
    "ticket_card_resolution": {
        EN: "Answer: {resolution}",
        ZH: "答复：{resolution}",
    },
    "ticket_answer": {
        EN: "Update on ticket {ticket}:\n{answer}",
        ZH: "工单 {ticket} 有答复了：\n{answer}",
    },
    "ticket_update": {
        EN: "News on ticket {ticket}:\n{answer}\n\n(Anything to add? Reply to this message and it goes on the "
        "ticket.)",
        ZH: "工单 {ticket} 的处理进展：\n{answer}\n\n（需要补充信息请直接回复这条消息，会记到工单里。）",
    },
    "ticket_merged_name": {
        EN: "#{told} (merged into #{number})",
        ZH: "#{told}（已并入 #{number}）",
    },
    "ticket_split_name": {
        EN: "#{told} (now #{number})",
        ZH: "#{told}（现为 #{number}）",
    },
    "ticket_split": {
        EN: "Report {position} of ticket #{number} is now ticket #{new} [{category}/{severity}]: “{quote}”\n"
        "#{number} keeps {reports:report|reports}. The asker was not messaged; #{new}'s answer will reach them.",
        ZH: "工单 #{number} 的第 {position} 条反馈已拆分为新工单 #{new} [{category}/{severity}]：“{quote}”\n"
        "#{number} 保留 {reports} 条反馈。未通知提问人，#{new} 的答复会发给他们。",
    },
    "ticket_split_no_report": {
        EN: "Ticket #{number} has {reports:report|reports}; there is no report {position}. /ticket {number} "
        "numbers them.",
        ZH: "工单 #{number} 共有 {reports} 条反馈，没有第 {position} 条，序号见 /ticket {number}。",
    },
    "ticket_split_single": {
        EN: "Ticket #{number} has only one report: there is nothing to split off.",
        ZH: "工单 #{number} 只有一条反馈，没有可拆分的内容。",
    },
    "ticket_split_duplicate": {
        EN: "Ticket #{number} was merged into #{original} and its reports are there now; split it off #{original} "
        "instead.",
        ZH: "工单 #{number} 已合并到 #{original}，反馈都在 #{original} 中，请在 #{original} 上拆分。",
    },
    "ticket_split_not_open": {
        EN: "Ticket #{number} is “{status}”: only an open ticket's reports can be split off. /reopen {number} "
        "first if one of them needs a ticket of its own.",
        ZH: "工单 #{number} 当前为“{status}”，只能从未完结的工单拆分反馈；如有反馈需要单独建单，请先 /reopen "
        "{number}。",
    },
    "ticket_updated": {
        EN: "Ticket #{number}: the update went to {askers:asker|askers} in {groups:chat|chats}; what they answer "
        "in the next {hours} hours goes on the ticket.",
        ZH: "工单 #{number}：进展已发送到 {groups} 个会话的 {askers} 位提问人，他们 {hours} 小时内的回复会记到工单里。",
    },
    "ticket_reply_not_open": {
        EN: "Ticket #{number} is “{status}”; /reopen {number} first to write to its askers.",
        ZH: "工单 #{number} 当前为“{status}”，请先 /reopen {number} 再给提问人发进展。",
    },
    "ticket_reply_merged": {
        EN: "Ticket #{number} was merged into #{original}, where its askers are now; write to them there: "
        "/reply {original} …",
        ZH: "工单 #{number} 已合并到 #{original}，提问人都在那边，请用 /reply {original} … 给他们发进展。",
    },
    "ticket_reply_added": {
        EN: "Thanks, I've added that to ticket #{number}; the support team will follow up here.",
        ZH: "收到，已补充到工单 #{number}，客服同事会在这里继续跟进。",
    },
    "ticket_assigned": {
        EN: "Ticket #{number} is assigned to {assignee}.",
        ZH: "工单 #{number} 已指派给 {assignee}。",
    },
    "ticket_escalated": {
        EN: "Ticket #{number} is escalated to {team}.",
        ZH: "工单 #{number} 已升级给 {team}。",
    },
    "ticket_resolved": {
        EN: "Ticket #{number} is resolved; the answer went to {askers:asker|askers} in {groups:chat|chats}.",
        ZH: "工单 #{number} 已解决，答复已发送到 {groups} 个会话的 {askers} 位提问人。",
    },
    "ticket_status_set": {
        EN: "Ticket #{number}: the status is now “{status}”.",
        ZH: "工单 #{number} 状态已改为“{status}”。",
    },
    "ticket_bad_transition": {
        EN: "Ticket #{number} is “{status}”; it cannot change to “{wanted}”.",
        ZH: "工单 #{number} 当前为“{status}”，不能改为“{wanted}”。",
    },
    "ticket_dup_self": {
        EN: "A ticket cannot duplicate itself (#{number}).",
        ZH: "工单不能与自身重复（#{number}）。",
    },
    "ticket_dup_chain": {
        EN: "Ticket #{number} is itself a duplicate of #{original}; use that one.",
        ZH: "工单 #{number} 本身是 #{original} 的重复，请改用 #{original}。",
    },
    "ticket_duplicate": {
        EN: "Ticket #{number} is a duplicate of #{original}; its reports now belong to #{original}.",
        ZH: "工单 #{number} 已标记为 #{original} 的重复，反馈已并入 #{original}。",
    },
    "ticket_duplicate_answered": {
        EN: "Ticket #{number} is a duplicate of #{original}; its reports now belong to #{original}, and "
        "#{original}'s answer went to {groups:chat|chats}.",
        ZH: "工单 #{number} 已标记为 #{original} 的重复，反馈已并入 #{original}，#{original} 的答复已发送到 "
        "{groups} 个会话。",
    },
    "ticket_reopen_duplicate": {
        EN: "Ticket #{number} was merged into #{original} and its reports are there now; reopen #{original} "
        "instead.",
        ZH: "工单 #{number} 已合并到 #{original}，反馈都在 #{original} 中，请改为重新打开 #{original}。",
    },
    "ticket_reclassified": {
        EN: "Ticket #{number} is now in {category}.",
        ZH: "工单 #{number} 分类已改为 {category}。",
    },
    "ticket_severity_set": {
        EN: "Ticket #{number} is now {severity}; its SLA targets follow.",
        ZH: "工单 #{number} 严重程度已改为{severity}，SLA 时限随之调整。",
    },
    "ticket_severity_unchanged": {
        EN: "Ticket #{number} is already {severity}.",
        ZH: "工单 #{number} 的严重程度已经是{severity}。",
    },
    "ticket_noted": {
        EN: "Note added to ticket #{number}.",
        ZH: "已为工单 #{number} 添加备注。",
    },
    "inbox_new": {
        EN: "New ticket #{number} [{category}/{severity}] from {asker} in {chat} ({platform}, message "
        "{message_id}):\n“{quote}”\nReply with /assign {number} me, /resolve {number} answer, /ticket "
        "{number}",
        ZH: "新工单 #{number} [{category}/{severity}]，来自 {chat} 的 {asker}（{platform}，消息 {message_id}）："
        "\n“{quote}”\n可回复 /assign {number} me、/resolve {number} 答复、/ticket {number}",
    },
    "inbox_look_alike": {
        EN: "🔗 Maybe the same problem as open ticket #{other}: “{quote}”. /dup {number} {other} merges them.",
        ZH: "🔗 可能与未关闭的工单 #{other} 是同一问题：“{quote}”。/dup {number} {other} 可合并。",
    },
    "inbox_answer": {
        EN: "Ticket #{number}: {asker} in {chat} ({platform}, message {message_id}) answered the update: “{quote}”\n"
        "Reply with /reply {number} text, /resolve {number} answer, /ticket {number}",
        ZH: "工单 #{number}：{chat} 的 {asker}（{platform}，消息 {message_id}）回复了进展：“{quote}”\n"
        "可回复 /reply {number} 内容、/resolve {number} 答复、/ticket {number}",
    },
    "inbox_details": {
        EN: "Ticket #{number}: {asker} in {chat} ({platform}, message {message_id}) added to their report: “{quote}”\n"
        "Reply with /reply {number} text, /resolve {number} answer, /ticket {number}",
        ZH: "工单 #{number}：{chat} 的 {asker}（{platform}，消息 {message_id}）补充了反馈：“{quote}”\n"
        "可回复 /reply {number} 内容、/resolve {number} 答复、/ticket {number}",
    },
    "inbox_reopened": {
        EN: "↩️ Ticket #{number} is open again: {asker} in {chat} ({platform}, message {message_id}) says the answer "
        "did not solve it: “{quote}”\nReply with /reply {number} text, /resolve {number} answer, /ticket {number}",
        ZH: "↩️ 工单 #{number} 已重新打开：{chat} 的 {asker}（{platform}，消息 {message_id}）表示答复没有解决问题："
        "“{quote}”\n可回复 /reply {number} 内容、/resolve {number} 答复、/ticket {number}",
    },
    "ticket_reopened_by_asker": {
        EN: "Sorry it's still not solved. I've reopened ticket #{number} and told the support team.",
        ZH: "抱歉问题还没有解决，已重新打开工单 #{number} 并通知了客服同事。",
    },
    "inbox_report": {
        EN: "Ticket #{number} reported again by {asker} in {chat} ({platform}, message {message_id}): “{quote}”\n"
        "Now {reports:report|reports} from {askers:person|people} in {groups:chat|chats}.",
        ZH: "工单 #{number} 又有反馈：{chat} 的 {asker}（{platform}，消息 {message_id}）：“{quote}”\n目前 "
        "{groups} 个会话 {askers} 人共反馈 {reports} 次。",
    },
    "stats": {
        EN: "Last {days} days: tickets opened {opened} (still open {still_open}), {reports:report|reports} from "
        "{groups:chat|chats}.\nBy category: {categories}\nBy status: {statuses}\nMedian first response "
        "{first_response}, median resolution {resolution}.",
        ZH: "最近 {days} 天：新建工单 {opened} 个（{still_open} 个未完结），来自 {groups} 个会话的 {reports} 次反馈"
        "。\n按分类：{categories}\n按状态：{statuses}\n首次响应中位数 {first_response}，解决用时中位数 "
        "{resolution}。",
    },
    "ticket_status_open": {
        EN: "Ticket #{number} is {status}; our support team has it and will reply here. I've let them know "
            "you're waiting.",
        ZH: "工单 #{number} 当前状态：{status}。客服同事正在跟进，会在这里回复您；已通知他们您在等待。",
    },
    "ticket_status_done": {
        EN: "Ticket #{number} is {status}. If the problem is still there, tell me and I'll pass it on.",
        ZH: "工单 #{number} 当前状态：{status}。如果问题仍然存在，请告诉我，我会转给客服。",
    },
    "ticket_status_merged": {
        EN: "Ticket #{number} was merged into #{original}, the same problem.",
        ZH: "工单 #{number} 已合并到同一问题的工单 #{original}。",
    },
    "ticket_status_unknown": {
        EN: "I can't find ticket #{number} among your tickets here. /mytickets lists yours.",
        ZH: "在您的工单中没有找到 #{number}。发送 /mytickets 可查看您的工单。",
    },
    "mytickets_none": {
        EN: "You have no tickets with us.",
        ZH: "您目前没有工单。",
    },
    "mytickets_intro": {
        EN: "Your tickets:",
        ZH: "您的工单：",
    },
    "mytickets_line": {
        EN: "#{number} {status}: {title}",
        ZH: "#{number} {status}：{title}",
    },
}
