"""Answers, did-you-mean offers, feedback and the way to a human."""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.core.texts import TextTable

__all__ = ["TEXTS"]

TEXTS: TextTable = {
    "suggest_intro": {
        EN: "I'm not sure which of these you mean. Reply with its number:",
        ZH: "不太确定您问的是哪一个，请回复序号：",
    },
    "suggest_none": {
        EN: "{number}. None of these: pass my question to the support team",
        ZH: "{number}. 都不是：转给客服处理",
    },
    "suggest_intro_one": {
        EN: "Did you mean this? Reply with its number:",
        ZH: "您是想问这个吗？请回复序号：",
    },
    "suggest_line": {
        EN: "{number}. {question}",
        ZH: "{number}. {question}",
    },
    "ticket_opened": {
        EN: "I couldn't find an answer to that, so I've logged it as ticket #{number}. Our support team will "
        "follow up here.",
        ZH: "暂时没有找到答案，已为您登记工单 #{number}，客服同事会在这里跟进。",
    },
    "ticket_opened_urgent": {
        EN: "This looks urgent: I've logged it as ticket #{number} with high priority for our support team. They "
        "will follow up here.",
        ZH: "这个问题看起来比较紧急，已登记为高优先级工单 #{number}，客服同事会尽快在这里跟进。",
    },
    "unpicked_note": {
        EN: "(The asker was offered FAQ entries and picked none: {offered})",
        ZH: "（已向提问人推荐 FAQ 条目，对方没有选择：{offered}）",
    },
    "urgent_opened": {
        EN: "Since this looks urgent, I've also logged it as ticket #{number} for our support team.",
        ZH: "这个问题看起来比较紧急，我也已登记为工单 #{number} 并通知了客服同事。",
    },
    "urgent_merged": {
        EN: "Our support team is already on this as ticket #{number} ({reports:report|reports} so far).",
        ZH: "客服同事已在工单 #{number} 中跟进这个问题（目前已有 {reports} 次反馈）。",
    },
    "answered_above": {
        EN: "☝️ I answered this just above: {question}",
        ZH: "☝️ 这个问题刚在上面回答过：{question}",
    },
    "small_talk_greeting": {EN: "Hi! Ask me anything about the product.", ZH: "您好！有问题可以直接问我。"},
    "small_talk_presence": {EN: "I'm here. What's your question?", ZH: "在的，请问有什么问题？"},
    "small_talk_thanks": {EN: "You're welcome!", ZH: "不客气！"},
    "small_talk_goodbye": {EN: "Bye!", ZH: "再见！"},
    "small_talk_resolved": {EN: "Glad it works now!", ZH: "好的，解决了就好！"},
    "picture_hint": {
        EN: "Got your picture. Tell me in a sentence what went wrong, and it goes to our support team with it.",
        ZH: "收到截图。请用一句话说明遇到了什么问题，我会连同截图一起转给客服同事。",
    },
    "ask_me": {
        EN: "Hi! Ask me a question in a sentence, for example: how do I export a report?",
        ZH: "您好！请直接描述您的问题，例如：报表怎么导出？",
    },
    "too_long": {
        EN: "That message is too long for me to read ({length} characters; the limit is {limit}). Please ask in "
        "a sentence or two.",
        ZH: "消息太长了（{length} 个字符，上限 {limit}），请用一两句话描述您的问题。",
    },
    "internal_error": {
        EN: "Sorry, something went wrong on my side. It has been logged; please try again in a moment.",
        ZH: "抱歉，我这边出了点问题，已记录下来，请稍后再试。",
    },
    "choice_unknown": {
        EN: "That number isn't one of the choices; please reply with 1 to {count}, or 0 if none of them fits.",
        ZH: "没有这个序号，请回复 1 到 {count}；都不是请回复 0。",
    },
    "choice_unclear": {
        EN: "Sorry, I couldn't tell which one you mean; please reply with a number from 1 to {count}, or 0 if none "
            "of them fits.",
        ZH: "抱歉，没看出您选的是哪一个，请回复 1 到 {count} 的数字；都不是请回复 0。",
    },
    "choice_unclear_one": {
        EN: "Sorry, I couldn't tell what you mean; reply 1 for the answer I offered, or 0 if it isn't what you asked.",
        ZH: "抱歉，没看懂您的意思，回复 1 查看我提供的答案；不是您要问的请回复 0。",
    },
    "choice_unknown_one": {
        EN: "That number isn't one of the choices; reply 1 for the answer I offered, or 0 if it isn't what you asked.",
        ZH: "没有这个序号，回复 1 查看我提供的答案；不是您要问的请回复 0。",
    },
    "buttons_not_yours": {
        EN: "These buttons are for the person who asked. Mention me to ask your own question.",
        ZH: "这些按钮是给提问人用的。@我 就可以问您自己的问题。",
    },
    "feedback_ask": {
        EN: "Was this helpful? Send 1 (or 👍) for yes, 2 (or 👎) for no: just the number, no need to mention me.",
        ZH: "这个回答有帮助吗？有帮助发 1（或 👍），没帮助发 2（或 👎），直接发数字即可，不用 @我。",
    },
    "feedback_yes": {
        EN: "👍 Helpful",
        ZH: "👍 有帮助",
    },
    "feedback_no": {
        EN: "👎 Not helpful",
        ZH: "👎 没帮助",
    },
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
