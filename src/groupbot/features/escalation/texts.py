"""Escalation, SLA reminders, follow-ups after a resolution, and /oncall."""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.core.texts import TextTable

__all__ = ["TEXTS"]

TEXTS: TextTable = {
    "escalation_notice": {
        EN: "⬆️ Escalated to {team}: #{number} {title}\nSeverity {severity} · {category} · {askers:asker|askers} "
        "in {groups:chat|chats}\nLatest report: {quote}",
        ZH: "⬆️ 已升级给 {team}：#{number} {title}\n严重程度 {severity} · {category} · {askers} 人提问，涉及 "
        "{groups} 个会话\n最新反馈：{quote}",
    },
    "escalation_routed": {
        EN: "Sent to: {destinations}",
        ZH: "已发送至：{destinations}",
    },
    "escalation_unrouted": {
        EN: "No escalation rule sends it anywhere yet; add [[escalation.rules]] or fallback to the configuration.",
        ZH: "尚未配置升级去向（[[escalation.rules]] 或 fallback），本次仅记录在工单中。",
    },
    "escalation_bad_destination": {
        EN: "I can't send it there: {problem}",
        ZH: "无法发送到该目标：{problem}",
    },
    "escalation_resolved_notice": {
        EN: "✅ #{number} {title} is resolved: {resolution}",
        ZH: "✅ #{number} {title} 已解决：{resolution}",
    },
    "escalation_split_notice": {
        EN: "✂️ #{number} {title}: report {position} was split off and is ticket #{new} now: {quote}",
        ZH: "✂️ #{number} {title}：第 {position} 条反馈已拆分为新工单 #{new}：{quote}",
    },
    "escalation_merged_notice": {
        EN: "🔗 #{number} {title} is a duplicate of #{original} {original_title}; its reports are on #{original} now.",
        ZH: "🔗 #{number} {title} 与 #{original} {original_title} 重复，其反馈已并入 #{original}。",
    },
    "escalation_joined_notice": {
        EN: "🔗 #{number} {title}: {reports:report|reports} of duplicate #{duplicate} joined it; {total} in all now.",
        ZH: "🔗 #{number} {title}：重复工单 #{duplicate} 的 {reports} 条反馈已并入，现共 {total} 条。",
    },
    "escalation_reopened_notice": {
        EN: "↩️ #{number} {title} is reopened.",
        ZH: "↩️ #{number} {title} 已重新打开。",
    },
    "escalation_closed_notice": {
        EN: "⏹️ #{number} {title} is closed without an answer: no more work is needed on it.",
        ZH: "⏹️ #{number} {title} 已关闭（未作答复），无需继续处理。",
    },
    "escalation_wontfix_notice": {
        EN: "🚫 #{number} {title} is marked won't fix: no more work is needed on it.",
        ZH: "🚫 #{number} {title} 已标记为不予修复，无需继续处理。",
    },
    "escalation_reopened_by_customer_notice": {
        EN: "↩️ #{number} {title} is reopened: a customer says it is still not solved.",
        ZH: "↩️ #{number} {title} 已重新打开：有客户反馈仍未解决。",
    },
    "sla_near": {
        EN: "⏰ #{number} {title}: {target} due {due} ({left} business time left). {who}",
        ZH: "⏰ #{number} {title}：{target}将于 {due} 到期（剩余工作时间 {left}）。{who}",
    },
    "sla_breached": {
        EN: "🚨 #{number} {title}: {target} overdue since {due}. {who}",
        ZH: "🚨 #{number} {title}：{target}已于 {due} 超时。{who}",
    },
    "sla_target_first_response": {
        EN: "first response",
        ZH: "首次响应",
    },
    "sla_target_resolution": {
        EN: "resolution",
        ZH: "解决",
    },
    "sla_who": {
        EN: "Please take a look, {name}.",
        ZH: "请 {name} 跟进。",
    },
    "sla_nobody": {
        EN: "Nobody is assigned or on duty; set someone with /oncall.",
        ZH: "当前无负责人也无值班人员，请用 /oncall 设置值班。",
    },
    "follow_up_question": {
        EN: "Is \"{title}\" (#{number}) solved for you now? Reply 1 for yes, 2 for no.",
        ZH: "「{title}」（#{number}）的问题现在解决了吗？解决了请回复 1，没有请回复 2。",
    },
    "follow_up_thanks": {
        EN: "Thanks for confirming! Glad it works again.",
        ZH: "感谢确认！很高兴问题已经解决。",
    },
    "follow_up_sorry": {
        EN: "Sorry it's still not working. I've reopened ticket #{number} and told the team.",
        ZH: "抱歉问题仍未解决，已重新打开工单 #{number} 并通知了团队。",
    },
    "follow_up_reopened": {
        EN: "↩️ #{number} {title} reopened: a customer says it is not solved.",
        ZH: "↩️ #{number} {title} 已重新打开：有客户反馈仍未解决。",
    },
    "oncall_now": {
        EN: "On duty now: {name} (until {until}).",
        ZH: "当前值班：{name}（至 {until}）。",
    },
    "oncall_none": {
        EN: "Nobody is on duty. Set someone with /oncall @name [days].",
        ZH: "当前无人值班，可用 /oncall @某人 [天数] 设置。",
    },
    "oncall_set": {
        EN: "{name} is on duty from now until {until}.",
        ZH: "已设置 {name} 值班，从现在至 {until}。",
    },
    "oncall_next": {
        EN: "Next: {name} from {start}.",
        ZH: "下一位：{name}，从 {start} 开始。",
    },
}
