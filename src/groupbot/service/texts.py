"""Every text a chat user sees, in zh-CN and en.

Add a key with both languages; a test checks that each has both and that
their placeholders agree.
"""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.service.escalation_texts import ESCALATION_TEXTS
from groupbot.service.triage_texts import TRIAGE_TEXTS

__all__ = ["TEXTS", "label", "one_line", "render"]

TEXTS: dict[str, dict[str, str]] = {
    "suggest_intro": {
        EN: "I'm not sure which of these you mean. Reply with its number:",
        ZH: "不太确定您问的是哪一个，请回复序号：",
    },
    "suggest_line": {EN: "{number}. {question}", ZH: "{number}. {question}"},
    "ticket_opened": {
        EN: "I couldn't find an answer to that, so I've logged it as ticket #{number}. "
        "Our support team will follow up here.",
        ZH: "暂时没有找到答案，已为您登记工单 #{number}，客服同事会在这里跟进。",
    },
    "small_talk_greeting": {EN: "Hi! Ask me anything about the product.", ZH: "您好！有问题可以直接问我。"},
    "small_talk_presence": {EN: "I'm here. What's your question?", ZH: "在的，请问有什么问题？"},
    "small_talk_thanks": {EN: "You're welcome!", ZH: "不客气！"},
    "small_talk_goodbye": {EN: "Bye!", ZH: "再见！"},
    "small_talk_resolved": {EN: "Glad it works now!", ZH: "好的，解决了就好！"},
    "ask_me": {
        EN: "Hi! Ask me a question in a sentence, for example: how do I export a report?",
        ZH: "您好！请直接描述您的问题，例如：报表怎么导出？",
    },
    "too_long": {
        EN: "That message is too long for me to read ({length} characters; the limit is {limit}). "
        "Please ask in a sentence or two.",
        ZH: "消息太长了（{length} 个字符，上限 {limit}），请用一两句话描述您的问题。",
    },
    "unknown_command": {
        EN: "I don't know the command /{name}. Send /help to see what I can do.",
        ZH: "没有 /{name} 这个命令，发送 /help 查看可用命令。",
    },
    "not_permitted": {
        EN: "Sorry, /{name} is for the support team only.",
        ZH: "抱歉，/{name} 仅限客服团队使用。",
    },
    "mode_set": {
        EN: "OK: in this chat I now answer {mode_text}.",
        ZH: "好的：本群现在{mode_text}。",
    },
    "mode_mention": {EN: "only when mentioned or replied to", ZH: "仅在被 @ 或回复时应答"},
    "mode_questions": {
        EN: "mentions, replies and anything that looks like a question",
        ZH: "应答 @、回复以及看起来像提问的消息",
    },
    "mode_all": {EN: "every message", ZH: "应答每一条消息"},
    "faq_reloaded": {
        EN: "FAQ reloaded: {count} entries.",
        ZH: "FAQ 已重新加载：共 {count} 条。",
    },
    "faq_reload_failed": {
        EN: "The FAQ files have errors; I kept the previous version. First problem: {problem}",
        ZH: "FAQ 文件有错误，仍在使用旧版本。第一个问题：{problem}",
    },
    "delivery_failed": {
        EN: "A reply could not be delivered to {chat} ({platform}): {reason}\nIt said: “{quote}”\n"
        "Please follow up by hand.",
        ZH: "一条回复未能发送到 {chat}（{platform}）：{reason}\n内容：“{quote}”\n请人工跟进。",
    },
    "internal_error": {
        EN: "Sorry, something went wrong on my side. It has been logged; please try again in a moment.",
        ZH: "抱歉，我这边出了点问题，已记录下来，请稍后再试。",
    },
    "choice_unknown": {
        EN: "That number isn't one of the choices; please reply with 1 to {count}.",
        ZH: "没有这个序号，请回复 1 到 {count}。",
    },
    "buttons_not_yours": {  # a pop-up on platforms with buttons (Telegram)
        EN: "These buttons are for the person who asked. Mention me to ask your own question.",
        ZH: "这些按钮是给提问人用的。@我 就可以问您自己的问题。",
    },
}

TEXTS.update(TRIAGE_TEXTS)
TEXTS.update(ESCALATION_TEXTS)


def render(key: str, locale: str, **params: object) -> str:
    """The text for ``key`` in ``locale`` (English if that locale is missing)."""
    variants = TEXTS[key]
    template = variants.get(locale) or variants[EN]
    return template.format(**params)


def label(kind: str, value: str, locale: str) -> str:
    """The name of an enum value shown in chat: ``label("status", "open", "zh-CN")`` is 待处理.

    ``kind`` is ``status``, ``category``, ``severity``, ``team`` or ``argname``;
    raw values like ``open`` or ``rd`` never reach a reply unexplained.
    """
    return render(f"{kind}_{value}", locale)


def one_line(text: str, limit: int) -> str:
    """``text`` on one line (runs of whitespace become one space), cut to ``limit`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
