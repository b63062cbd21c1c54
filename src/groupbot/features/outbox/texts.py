"""The way out: undeliverable replies, /outbox, /retry and parked messages."""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.core.texts import TextTable

__all__ = ["TEXTS"]

TEXTS: TextTable = {
    "delivery_failed": {
        EN: "A reply could not be delivered to {chat} ({platform}): {reason}\nIt said: “{quote}”\nPlease follow "
        "up by hand.",
        ZH: "一条回复未能发送到 {chat}（{platform}）：{reason}\n内容：“{quote}”\n请人工跟进。",
    },
    "outbox_summary": {
        EN: "Outbox: {pending} pending, {delivered} delivered, {dead} dead.",
        ZH: "发件箱：待发送 {pending}，已送达 {delivered}，失败 {dead}。",
    },
    "outbox_line": {
        EN: "{id}. {kind} → {destination} · {status}, {attempts:attempt|attempts}{error}",
        ZH: "{id}. {kind} → {destination} · {status}，已尝试 {attempts} 次{error}",
    },
    "outbox_hint": {
        EN: "Send /retry ID to send a dead message again.",
        ZH: "发送 /retry 编号 可重新发送失败的消息。",
    },
    "outbox_dead_notice": {
        EN: "⚠️ Message {id} ({kind} → {destination}) failed {attempts:time|times} and is parked: {error}\nFix "
        "the cause, then send /retry {id}.",
        ZH: "⚠️ 消息 {id}（{kind} → {destination}）发送失败 {attempts} 次，已暂停：{error}\n排除问题后发送 "
        "/retry {id} 重新发送。",
    },
    "retry_done": {
        EN: "Message {id} is queued again.",
        ZH: "消息 {id} 已重新排队发送。",
    },
    "retry_not_dead": {
        EN: "Message {id} is {status}; only dead messages can be retried.",
        ZH: "消息 {id} 当前为 {status}，只有发送失败的消息可以重试。",
    },
    "retry_missing": {
        EN: "There is no outbox message {id}.",
        ZH: "没有编号为 {id} 的消息。",
    },
}
