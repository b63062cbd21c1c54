"""/web: the sign-in link to the web console."""

from __future__ import annotations

from groupbot.core.language import EN, ZH
from groupbot.core.texts import TextTable

__all__ = ["TEXTS"]

TEXTS: TextTable = {
    "web_link": {
        EN: "Your sign-in link to the console (valid for 10 minutes, works once; do not share it):\n{url}",
        ZH: "控制台登录链接（10 分钟内有效，仅可使用一次，请勿转发）：\n{url}",
    },
    "web_link_sent": {
        EN: "I sent you a sign-in link in a direct message.",
        ZH: "已私信发送登录链接给你。",
    },
    "web_link_staff_only": {
        EN: "The console shows every chat, so it is open only to the support team listed in ops.users; "
            "as a group admin you are ops here, in the chat.",
        ZH: "控制台包含所有会话的数据，仅对 ops.users 中列出的客服团队开放；"
            "作为群管理员，你可以在本群的聊天中使用客服命令。",
    },
    "web_link_limited": {
        EN: "You asked for several links just now; please wait a few minutes.",
        ZH: "刚刚已发送过多次链接，请几分钟后再试。",
    },
}
