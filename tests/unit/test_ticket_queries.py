"""Which messages ask for a ticket's news, and which only contain a number."""

from __future__ import annotations

import pytest

from groupbot.core.ticket_queries import asked_ticket_number


@pytest.mark.parametrize(("text", "number"), [
    ("any update on ticket #1?", 1), ("工单 1 有进展吗", 1), ("#12 怎么样了", 12), ("工单#7处理了吗", 7),
    ("what is the status of case 45", 45), ("any news about #4?", 4),
])
def test_a_question_about_a_ticket_names_its_number(text: str, number: int) -> None:
    assert asked_ticket_number(text) == number


@pytest.mark.parametrize("text", [
    "E1042 any update?", "v2.1 status", "version 2.1 any news", "¥12 怎么样",
    "my order #123 has not arrived, any news?",
    "ticket 3 is still broken", "#1 and #2 status", "how do I export 12 reports at once",
])
def test_error_codes_versions_prices_and_orders_are_no_ticket_question(text: str) -> None:
    assert asked_ticket_number(text) is None
