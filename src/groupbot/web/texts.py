"""Every text the console shows, in en and zh-CN; the language follows the browser unless switched."""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.core.texts import Catalog

__all__ = ["CATALOG", "LOCALES", "TEXTS", "choose_locale", "translate"]

LOCALES = (EN, ZH)
LANG_COOKIE = "groupbot_lang"

TEXTS: dict[str, dict[str, str]] = {
    "title": {EN: "groupbot console", ZH: "groupbot 控制台"},
    "nav_tickets": {EN: "Tickets", ZH: "工单"},
    "nav_knowledge": {EN: "Knowledge base", ZH: "知识库"},
    "nav_insights": {EN: "Insights", ZH: "数据"},
    "nav_groups": {EN: "Groups", ZH: "群组"},
    "sign_out": {EN: "Sign out", ZH: "退出"},
    "times_in": {EN: "Times are in {zone}.", ZH: "时间均为 {zone} 时区。"},
    "signed_in_as": {EN: "Signed in as {user} ({role})", ZH: "当前用户 {user}（{role}）"},
    "sign_in_needed": {
        EN: "Please sign in: send /web to the bot in your chat and open the link it sends you.",
        ZH: "请先登录：在聊天中向机器人发送 /web，然后打开它私信给你的链接。",
    },
    "link_refused_expired": {
        EN: "This sign-in link has expired (links last 10 minutes). Send /web again for a new one.",
        ZH: "登录链接已过期（有效期 10 分钟），请重新发送 /web 获取新链接。",
    },
    "link_refused_used": {
        EN: "This sign-in link was used already. Send /web again for a new one.",
        ZH: "该登录链接已被使用，请重新发送 /web 获取新链接。",
    },
    "link_refused_bad": {EN: "This sign-in link is not valid.", ZH: "登录链接无效。"},
    "link_refused_role": {
        EN: "Your account is not on the support team any more.",
        ZH: "你的账号已不在客服团队中。",
    },
    "too_many": {EN: "Too many attempts; wait a minute and try again.", ZH: "尝试次数过多，请稍后再试。"},
    "forbidden_csrf": {
        EN: "The form was out of date; reload the page and try again.",
        ZH: "表单已失效，请刷新页面后重试。",
    },
    "forbidden_role": {EN: "This page is for admins.", ZH: "此页面仅限管理员。"},
    "not_found": {EN: "Not found.", ZH: "未找到。"},
    "filter": {EN: "Filter", ZH: "筛选"},
    "any": {EN: "any", ZH: "全部"},
    "open_statuses": {EN: "all unresolved", ZH: "全部未解决"},
    "status": {EN: "Status", ZH: "状态"},
    "category": {EN: "Category", ZH: "分类"},
    "team": {EN: "Team", ZH: "团队"},
    "owner": {EN: "Owner", ZH: "负责人"},
    "mine": {EN: "Assigned to me", ZH: "我负责的"},
    "group": {EN: "Group", ZH: "群"},
    "text": {EN: "Number, text, asker or group", ZH: "编号、文本、提问人或群"},
    "severity": {EN: "Severity", ZH: "严重程度"},
    "reports": {EN: "Reports", ZH: "报告"},
    "askers": {EN: "Askers", ZH: "提问人"},
    "updated": {EN: "Updated", ZH: "更新时间"},
    "created": {EN: "Created", ZH: "创建时间"},
    "tickets_found": {EN: "{total:ticket|tickets}", ZH: "共 {total} 个工单"},
    "no_tickets": {EN: "No tickets match.", ZH: "没有符合条件的工单。"},
    "newer": {EN: "← Newer", ZH: "← 较新"},
    "older": {EN: "Older →", ZH: "较旧 →"},
    "page_of": {EN: "page {page} of {pages}", ZH: "第 {page}/{pages} 页"},
    "ticket": {EN: "Ticket #{number}", ZH: "工单 #{number}"},
    "reports_from_groups": {EN: "Reports from every group", ZH: "各群的报告"},
    "timeline": {EN: "Timeline", ZH: "时间线"},
    "sla": {EN: "SLA", ZH: "SLA"},
    "sla_first_response": {EN: "First response", ZH: "首次响应"},
    "sla_resolution": {EN: "Resolution", ZH: "解决"},
    "sla_due": {EN: "due {due}", ZH: "截止 {due}"},
    "sla_pending": {EN: "on track", ZH: "正常"},
    "sla_near": {EN: "nearly due", ZH: "即将到期"},
    "sla_breached": {EN: "breached", ZH: "已超时"},
    "sla_met": {EN: "met", ZH: "已达成"},
    "sla_missed": {EN: "missed", ZH: "未达成"},
    "sla_stopped": {EN: "not counted any more ({status})", ZH: "不再计时（{status}）"},
    "resolution": {EN: "Resolution", ZH: "解决方案"},
    "duplicate_of": {EN: "Duplicate of #{number}", ZH: "与 #{number} 重复"},
    "actions": {EN: "Actions", ZH: "操作"},
    "assign": {EN: "Assign", ZH: "指派"},
    "assign_hint": {EN: "name (empty: me)", ZH: "用户名（留空：自己）"},
    "escalate": {EN: "Escalate", ZH: "升级"},
    "resolve": {EN: "To every asker, in each chat that asked", ZH: "发给每位提问人（发到每个提问的群）"},
    "resolve_button": {EN: "Resolve", ZH: "解决"},
    "reply_button": {EN: "Send without resolving", ZH: "只回复，不解决"},
    "reply_hint": {
        EN: "Post this in every chat that asked (to ask for details or give news); the ticket stays open and "
        "what the askers answer goes on it.",
        ZH: "发到每个提问的群（追问细节或告知进展），工单不关闭，提问人的回复会记到工单里。",
    },
    "close": {EN: "Close", ZH: "关闭"},
    "reopen": {EN: "Reopen", ZH: "重新打开"},
    "wontfix": {EN: "Won't fix", ZH: "不处理"},
    "reclassify": {EN: "Change category", ZH: "修改分类"},
    "set_severity": {EN: "Change severity", ZH: "修改严重程度"},
    "duplicate": {EN: "Merge into ticket #", ZH: "合并到工单 #"},
    "merge": {EN: "Merge", ZH: "合并"},
    "split_button": {EN: "Split off", ZH: "拆分"},
    "split_hint": {
        EN: "Not the same problem: make report {position} a ticket of its own. Its asker is not messaged; the new "
        "ticket's answer reaches them.",
        ZH: "不是同一问题：把第 {position} 条报告拆分为单独的工单。不会通知提问人，新工单的答复会发给他们。",
    },
    "merge_hint": {
        EN: "This ticket's reports move to that ticket, and its askers get that ticket's answer.",
        ZH: "本工单的报告将转到该工单，提问人会收到该工单的答复。",
    },
    "no_more_actions": {
        EN: "Nothing left to do here but notes; reopen the ticket it was merged into, if needed.",
        ZH: "此工单只能添加备注；如需处理，请重新打开它所合并到的工单。",
    },
    "note": {EN: "Note", ZH: "备注"},
    "add_note": {EN: "Add note", ZH: "添加备注"},
    "learn": {EN: "Learn: turn this answer into an FAQ entry", ZH: "学习：把这个答案加入 FAQ"},
    "learn_button": {EN: "Learn", ZH: "学习"},
    "optional_note": {EN: "note (optional)", ZH: "备注（可选）"},
    "search": {EN: "Search", ZH: "搜索"},
    "entries": {EN: "{count:entry|entries}", ZH: "共 {count} 条"},
    "question": {EN: "Question", ZH: "问题"},
    "aliases": {EN: "Aliases (one per line)", ZH: "别名（每行一个）"},
    "answer": {EN: "Answer", ZH: "答案"},
    "tags": {EN: "Tags (comma separated)", ZH: "标签（逗号分隔）"},
    "id": {EN: "ID", ZH: "ID"},
    "add_entry": {EN: "Add entry", ZH: "新增条目"},
    "edit": {EN: "Edit", ZH: "编辑"},
    "save": {EN: "Save", ZH: "保存"},
    "delete": {EN: "Delete", ZH: "删除"},
    "delete_confirm": {EN: "Delete entry {id}?", ZH: "确定删除条目 {id}？"},
    "preview": {EN: "Preview", ZH: "预览"},
    "try_question": {EN: "Try a question", ZH: "试问一个问题"},
    "try_button": {EN: "Try", ZH: "试试"},
    "decision": {EN: "Decision", ZH: "决定"},
    "decision_answer": {EN: "answer with the first entry", ZH: "直接用第一个条目回答"},
    "decision_suggest": {EN: "suggest the first entries", ZH: "列出候选条目让提问人选"},
    "decision_abstain": {EN: "no answer: it becomes a ticket", ZH: "不回答，登记为工单"},
    "decision_small_talk": {EN: "small talk, no answer", ZH: "闲聊，不回答"},
    "score": {EN: "Score", ZH: "分数"},
    "why": {EN: "Why", ZH: "原因"},
    "candidates": {EN: "Top candidates", ZH: "候选条目"},
    "nearest_entries": {EN: "The {count:nearest entry|nearest entries}", ZH: "最接近的 {count} 个条目"},
    "thresholds": {EN: "Thresholds in force", ZH: "当前阈值"},
    "threshold_answer": {EN: "answer at {score} or more", ZH: "分数 ≥ {score} 直接回答"},
    "threshold_suggest": {EN: "suggest from {score}", ZH: "分数 ≥ {score} 列出候选"},
    "threshold_margin": {EN: "an answer needs a lead of {score} over the runner-up",
                         ZH: "直接回答还需领先第二名 {score}"},
    "band": {EN: "Reaches", ZH: "达到"},
    "band_answer": {EN: "answer", ZH: "回答线"},
    "band_suggest": {EN: "suggest", ZH: "候选线"},
    "band_below": {EN: "neither", ZH: "均未达到"},
    "matched": {EN: "Matched phrasing", ZH: "命中的说法"},
    "import": {EN: "Import", ZH: "导入"},
    "import_hint": {
        EN: "CSV or XLSX with columns id, question, answer (and optionally aliases, category, tags; "
        "aliases and tags separated by | or new lines), or JSONL.",
        ZH: "CSV 或 XLSX，列为 id、question、answer（可选 aliases、category、tags；"
        "aliases 与 tags 用 | 或换行分隔），或 JSONL。",
    },
    "import_preview": {EN: "Preview the import", ZH: "预览导入"},
    "import_apply": {EN: "Import {count:entry|entries}", ZH: "导入 {count} 条"},
    "import_added": {EN: "New", ZH: "新增"},
    "import_changed": {EN: "Changed", ZH: "修改"},
    "import_unchanged": {EN: "Unchanged", ZH: "无变化"},
    "import_problems": {
        EN: "Rows with problems, not imported: {count}",
        ZH: "有问题的行（不会导入）：{count}",
    },
    "import_done": {
        EN: "Imported: {added} added, {replaced} changed, {unchanged} unchanged. The bot answers with them now.",
        ZH: "已导入：新增 {added}，修改 {replaced}，无变化 {unchanged}。机器人已开始使用。",
    },
    "import_nothing": {EN: "Nothing to import.", ZH: "没有可导入的条目。"},
    "saved_entry": {
        EN: "Saved {id}; the bot answers with it now ({count:entry|entries}).",
        ZH: "已保存 {id}，机器人已开始使用（共 {count} 条）。",
    },
    "entry_exists": {EN: "{id}: an entry with this id already exists.", ZH: "{id}：已有同 ID 的条目。"},
    "entry_id_taken_by_page": {EN: "{id}: this id is the name of a console page; please choose another.",
                               ZH: "{id}：该 ID 与控制台页面重名，请换一个。"},
    "deleted_entry": {EN: "Deleted {id} ({count:entry|entries} left).", ZH: "已删除 {id}（剩余 {count} 条）。"},
    "answer_rate_by_day": {EN: "Answer rate per day", ZH: "每日回答率"},
    "day": {EN: "Day", ZH: "日期"},
    "questions": {EN: "Questions", ZH: "提问"},
    "answered": {EN: "Answered", ZH: "已回答"},
    "rate": {EN: "Rate", ZH: "比例"},
    "answer_rate": {EN: "Answer rate", ZH: "回答率"},
    "this_week": {EN: "This week", ZH: "本周"},
    "last_week": {EN: "Last week", ZH: "上周"},
    "opened_resolved": {EN: "Tickets opened and resolved by category", ZH: "按分类的工单新开与解决"},
    "opened": {EN: "Opened", ZH: "新开"},
    "resolved": {EN: "Resolved", ZH: "已解决"},
    "week_over_week": {EN: "Week over week", ZH: "周环比"},
    "metric": {EN: "Metric", ZH: "指标"},
    "top_unanswered": {
        EN: "Top unanswered questions, this week and last (grouped by similarity)",
        ZH: "本周与上周未回答的高频问题（按相似度归组）",
    },
    "times": {EN: "Times", ZH: "次数"},
    "coverage": {EN: "FAQ coverage", ZH: "FAQ 覆盖率"},
    "coverage_line": {
        EN: "The current FAQ would answer {covered} of last week's {total:unanswered question|unanswered questions}.",
        ZH: "当前 FAQ 能回答上周 {total} 个未回答问题中的 {covered} 个。",
    },
    "sla_breaches": {EN: "SLA breaches", ZH: "SLA 超时"},
    "archive_empty": {EN: "No past week with activity yet.", ZH: "还没有有记录的往周。"},
    "none": {EN: "None.", ZH: "无。"},
    "digest_archive": {EN: "Weekly digest archive", ZH: "周报存档"},
    "week": {EN: "Week", ZH: "周"},
    "groups": {EN: "Groups", ZH: "群组"},
    "platform": {EN: "Platform", ZH: "平台"},
    "mode": {EN: "Mode", ZH: "应答方式"},
    "language": {EN: "Language", ZH: "语言"},
    "last_activity": {EN: "Last activity", ZH: "最近活动"},
    "auto": {EN: "auto", ZH: "自动"},
    "language_en": {EN: "English", ZH: "英文"},
    "language_zh-CN": {EN: "Chinese", ZH: "中文"},
    "mode_mention": {EN: "when mentioned", ZH: "被 @ 时"},
    "mode_questions": {EN: "questions", ZH: "提问"},
    "mode_all": {EN: "every message", ZH: "每条消息"},
    "group_saved": {EN: "Saved the settings of {chat}.", ZH: "已保存 {chat} 的设置。"},
    "no_groups": {EN: "No chats yet.", ZH: "还没有群组。"},
    "conversation": {EN: "The chat around it ({count:message|messages})", ZH: "前后对话（{count} 条消息）"},
    "conversation_missing": {EN: "This message is not in the bot's log.", ZH: "机器人的消息记录里没有这条消息。"},
    "did_answer": {EN: "bot answered with", ZH: "机器人回答了"},
    "did_choice": {EN: "customer picked a suggestion:", ZH: "客户选了建议："},
    "did_suggest": {EN: "bot suggested entries, best:", ZH: "机器人给出候选答案，最佳："},
    "did_ticket": {EN: "bot opened a ticket", ZH: "机器人登记了工单"},
    "did_ticket_merged": {EN: "bot added it to a ticket", ZH: "机器人并入了已有工单"},
    "did_ticket_quiet": {EN: "added to a ticket (a repeat, no reply)", ZH: "并入工单（重复报告，未回复）"},
    "did_ticket_reply": {EN: "added to its ticket: an answer to ops' update", ZH: "作为对进展的回复记到了工单"},
    "did_ticket_details": {EN: "added to the sender's own report as details", ZH: "作为补充信息记到了其本人的报告"},
    "did_ticket_details_quiet": {EN: "added to the sender's own report (no reply)", ZH: "补充到其本人的报告（未回复）"},
    "did_ticket_reply_quiet": {EN: "added to its ticket (no reply)", ZH: "记到了工单（未回复）"},
    "did_picture": {EN: "a picture, kept for the sender's next report", ZH: "图片，会并入发送人的下一条报告"},
    "did_small_talk": {EN: "bot made small talk", ZH: "机器人闲聊回复"},
    "did_cooldown": {EN: "bot stayed quiet (answered it just before)", ZH: "机器人未回复（刚回答过）"},
    "did_ignored": {EN: "not for the bot", ZH: "非提问，未回复"},
    "did_feedback_helpful": {EN: "customer: helpful", ZH: "客户反馈：有帮助"},
    "did_feedback_ticket": {EN: "customer: not helpful, made a ticket", ZH: "客户反馈：没帮助，已转工单"},
    "did_human_ticket": {EN: "customer asked for a person", ZH: "客户要求转人工"},
    "did_human_describe": {
        EN: "customer asked for a person; bot asked what it is about",
        ZH: "客户要求转人工，机器人请其描述问题",
    },
    "did_ask_me": {EN: "said to the bot without a question; asked to ask in words",
                   ZH: "对机器人说了话但没有问题，请其用文字提问"},
    "did_too_long": {EN: "too long to be a question; asked for a sentence or two",
                     ZH: "太长，不像一个问题；请其用一两句话描述"},
    "did_ticket_reopened": {EN: "customer: still not solved, ticket reopened", ZH: "客户表示仍未解决，工单已重新打开"},
    "did_follow_up_solved": {EN: "customer answered the follow-up: solved", ZH: "客户回访答复：已解决"},
    "did_follow_up_not_solved": {EN: "customer answered the follow-up: not solved, ticket reopened",
                                 ZH: "客户回访答复：未解决，工单已重新打开"},
    "did_choice_invalid": {EN: "not one of the numbers offered", ZH: "不是给出的序号"},
    "did_choice_stale": {EN: "picked too late; the suggestions had expired", ZH: "选择太晚，候选已过期"},
    "did_command": {EN: "command", ZH: "命令"},
    "did_error": {EN: "the bot failed on this message", ZH: "机器人处理这条消息时出错"},
    "event_actor_bot": {EN: "bot", ZH: "机器人"},
    "event_opened": {EN: "Opened: {category}, {severity}", ZH: "新建工单：{category}，{severity}"},
    "event_report": {
        EN: "Another report, from {user} in {chat} (similarity {score})",
        ZH: "{chat} 的 {user} 报告了同一问题（相似度 {score}）",
    },
    "event_report_code": {
        EN: "Another report, from {user} in {chat} (same error code {code})",
        ZH: "{chat} 的 {user} 报告了同一问题（错误码同为 {code}）",
    },
    "event_report_answer": {EN: "{user} in {chat} answered the update", ZH: "{chat} 的 {user} 回复了进展"},
    "event_report_details": {EN: "{user} in {chat} added details to their report",
                             ZH: "{chat} 的 {user} 补充了报告的细节"},
    "event_report_unscored": {EN: "Another report, from {user} in {chat}", ZH: "{chat} 的 {user} 报告了同一问题"},
    "event_status": {EN: "Status: {from} → {to}", ZH: "状态：{from} → {to}"},
    "event_assign": {EN: "Assigned to {to}", ZH: "指派给 {to}"},
    "event_escalate": {EN: "Escalated to {to}", ZH: "升级给{to}"},
    "event_escalated": {EN: "Escalated", ZH: "已升级"},
    "event_routed": {EN: "Escalation sent to {destinations}", ZH: "升级通知已发往 {destinations}"},
    "event_resolve": {EN: "Answered; the answer went to every asker", ZH: "已解决，答复已发给每位提问人"},
    "event_note": {EN: "Internal note", ZH: "内部备注"},
    "event_reply": {EN: "Replied to every asker", ZH: "已回复每位提问人"},
    "event_merged": {
        EN: "Ticket #{from} merged into this one ({reports} reports moved)",
        ZH: "工单 #{from} 已合并到此工单（转入 {reports} 条报告）",
    },
    "event_split": {
        EN: "Report {report} split off into a ticket of its own, #{to}",
        ZH: "第 {report} 条报告已拆分为单独的工单 #{to}",
    },
    "event_split_from": {
        EN: "Split off ticket #{from}, where it was report {report}",
        ZH: "从工单 #{from} 拆分而来（原第 {report} 条报告）",
    },
    "event_reclassify": {EN: "Category: {from} → {to}", ZH: "分类：{from} → {to}"},
    "event_severity": {EN: "Severity: {from} → {to}", ZH: "严重程度：{from} → {to}"},
    "event_learned": {EN: "Answer saved as FAQ entry {entry}", ZH: "答复已存为 FAQ 条目 {entry}"},
    "event_human": {EN: "The customer asked for a person", ZH: "客户要求转人工"},
    "event_status_asked": {EN: "The customer asked how it is going", ZH: "客户询问了进展"},
    "event_look_alike": {
        EN: "Maybe the same problem as #{ticket}, told in the other language (meaning {score})",
        ZH: "可能与 #{ticket} 是同一问题（另一种语言，语义相似度 {score}）",
    },
    "event_unpicked": {
        EN: "The bot offered {offered} FAQ entries; the asker picked none",
        ZH: "机器人推荐了 {offered} 个 FAQ 条目，提问人没有选择",
    },
    "event_reopen": {EN: "Reopened", ZH: "重新打开"},
    "note_asker_not_solved": {EN: "the asker says it is not solved", ZH: "提问人表示问题仍未解决"},
    "note_follow_up_not_solved": {EN: "answered the follow-up: not solved", ZH: "回访答复：未解决"},
    "note_auto_rule": {EN: "automatically, by the rule “{rule}”", ZH: "按规则“{rule}”自动升级"},
}


CATALOG = Catalog(TEXTS)
"""The console's texts, by the same mechanism as the chat's (plural forms, one check of both languages)."""


def translate(key: str, locale: str, **params: object) -> str:
    """The text ``key`` in ``locale`` (English if that language lacks it), with ``params`` filled in.

    An unknown key is a KeyError, never the key shown as text; the keys pages build at
    run time (``"sla_" + state``, ``"mode_" + mode``) are checked by a test for every value.
    """
    return CATALOG.render(key, locale, **params)


def choose_locale(cookie: str | None, accept_language: str | None) -> str:
    """The switch's choice if any, else the first language of the browser's we have."""
    if cookie in LOCALES:
        return cookie
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return ZH
        if tag.startswith("en"):
            return EN
    return EN
