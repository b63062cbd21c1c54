"""Escalation, SLA and digest settings: the documented example loads, mistakes name their key."""

import re
from datetime import time, timedelta
from pathlib import Path

import pytest

from groupbot.core.tickets import Severity, Team
from groupbot.features.escalation.config import backoff_from, routing_table_from, sla_policy_from
from groupbot.settings import ConfigError, load_settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "escalation.md"


def test_the_documented_configuration_loads(tmp_path, monkeypatch):
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    config = tmp_path / "groupbot.toml"
    config.write_text("\n".join(blocks), encoding="utf-8")
    monkeypatch.setenv("GROUPBOT_CONFIG", str(config))
    settings = load_settings()
    routes = routing_table_from(settings.escalation)
    assert [rule.name for rule in routes.rules] == ["severe failures", "payments", "feature requests"]
    assert routes.rules[0].auto and routes.rules[2].team is Team.PM
    policy = sla_policy_from(settings.sla)
    assert policy.targets_for(Severity.HIGH).first_response == timedelta(minutes=60)
    assert len(policy.calendar.holidays) == 3 and settings.digest.at == time(9)
    assert backoff_from(settings.escalation.outbox).max_attempts == 8
    assert "a-long-random-string" not in repr(settings.escalation.webhooks)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"escalation": {"rules": [{"name": "x", "team": "rd", "destinations": ["slack:x"]}]}}, "must start with"),
        ({"escalation": {"rules": [{"name": "x", "team": "rd", "destinations": ["webhook:jira"]}]}}, "names no"),
        ({"escalation": {"rules": [{"name": "x", "team": "qa"}]}}, "escalation.rules.0.team"),
        ({"escalation": {"webhooks": {"j": {"url": "ftp://x", "secret": "s"}}}}, "escalation.webhooks.j.url"),
        ({"sla": {"timezone": "Mars/Olympus"}}, "unknown timezone"),
        ({"sla": {"workdays": [0, 8]}}, "sla.workdays"),
        ({"sla": {"start": "18:00", "end": "09:00"}}, "start before it ends"),
        ({"digest": {"timezone": "Asia/Nowhere"}}, "digest.timezone"),
        ({"digest": {"destinations": ["chat:"]}}, "needs a target"),
    ],
)
def test_configuration_mistakes_name_the_key(overrides, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(**overrides)
