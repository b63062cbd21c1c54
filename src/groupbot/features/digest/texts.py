"""The weekly digest's words; category, severity and status names come from the tickets' table."""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.core.texts import TextTable

__all__ = ["TEXTS"]

TEXTS: TextTable = {
    "digest_title": {
        EN: "Weekly support digest {week} ({start} – {end})",
        ZH: "每周支持周报 {week}（{start} – {end}）",
    },
    "digest_headline": {
        EN: "Opened {opened} (last week {opened_prev}), resolved {resolved} · SLA breaches: {breaches} · open "
        "escalations: {escalations} · FAQ answer rate: {rate}",
        ZH: "本周新建工单 {opened} 个（上周 {opened_prev} 个），解决 {resolved} 个；SLA 超时 {breaches} 次；"
        "{escalations} 个升级工单仍未关闭；FAQ 自动解答率 {rate}。",
    },
    "digest_tickets": {
        EN: "Tickets",
        ZH: "工单",
    },
    "digest_opened": {
        EN: "Opened",
        ZH: "新建",
    },
    "digest_resolved": {
        EN: "Resolved",
        ZH: "已解决",
    },
    "digest_vs": {
        EN: "vs",
        ZH: "上周",
    },
    "digest_last_week": {
        EN: "last week",
        ZH: "上周",
    },
    "digest_opened_by_category": {
        EN: "Opened by category",
        ZH: "新建工单（按类别）",
    },
    "digest_opened_by_severity": {
        EN: "Opened by severity",
        ZH: "新建工单（按严重程度）",
    },
    "digest_resolved_by_category": {
        EN: "Resolved by category",
        ZH: "已解决工单（按类别）",
    },
    "digest_top_questions": {
        EN: "Top unanswered questions",
        ZH: "高频未解答问题",
    },
    "digest_top_failures": {
        EN: "Top failure reports",
        ZH: "高频故障报告",
    },
    "digest_open_escalations": {
        EN: "Escalations still open",
        ZH: "仍未关闭的升级工单",
    },
    "digest_askers_groups": {
        EN: "{askers:asker|askers} in {groups:chat|chats}",
        ZH: "{askers} 人提问，涉及 {groups} 个会话",
    },
    "digest_sla": {
        EN: "SLA",
        ZH: "SLA",
    },
    "digest_breaches": {
        EN: "Breaches",
        ZH: "超时次数",
    },
    "digest_due": {
        EN: "due",
        ZH: "截止",
    },
    "digest_first_response": {
        EN: "first response",
        ZH: "首次响应",
    },
    "digest_resolution": {
        EN: "resolution",
        ZH: "解决",
    },
    "digest_faq": {
        EN: "FAQ",
        ZH: "FAQ",
    },
    "digest_answer_rate": {
        EN: "Answer rate",
        ZH: "自动解答率",
    },
    "digest_helpful_rate": {
        EN: "Helpful rate",
        ZH: "有帮助比例",
    },
    "digest_times": {
        EN: "Response times (median)",
        ZH: "响应时间（中位数）",
    },
    "digest_median_first_response": {
        EN: "First response",
        ZH: "首次响应",
    },
    "digest_median_resolution": {
        EN: "Resolution",
        ZH: "解决",
    },
    "digest_coverage": {
        EN: "Coverage",
        ZH: "覆盖率",
    },
    "digest_coverage_line": {
        EN: "The FAQ would now answer {covered} of this week's {total:unanswered question|unanswered questions}",
        ZH: "本周 {total} 个未解答问题中，现有 FAQ 已能解答 {covered} 个",
    },
    "digest_none": {
        EN: "none",
        ZH: "无",
    },
    "digest_d": {
        EN: "d",
        ZH: "天",
    },
    "digest_h": {
        EN: "h",
        ZH: "小时",
    },
    "digest_m": {
        EN: "m",
        ZH: "分",
    },
    "digest_better": {
        EN: ", better",
        ZH: "，改善",
    },
    "digest_worse": {
        EN: ", worse",
        ZH: "，变差",
    },
    "digest_section": {
        EN: "[{name}]",
        ZH: "【{name}】",
    },
    "digest_chart_title": {
        EN: "Tickets opened by category",
        ZH: "各类别新建工单",
    },
    "digest_this_week": {
        EN: "this week",
        ZH: "本周",
    },
}
