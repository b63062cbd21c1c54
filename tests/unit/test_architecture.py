"""Dependencies point inward (../shared/STYLE.md): checked on the imports of every module under src/."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from groupbot.adapters.console import ConsoleGateway
from groupbot.adapters.onebot import OneBotGateway
from groupbot.adapters.telegram import TelegramGateway
from groupbot.adapters.wecom import WeComGateway
from groupbot.core.ports import ChatGateway

SRC = Path(__file__).resolve().parents[2] / "src" / "groupbot"


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports (absolute names; type-checking-only imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def offenders(package: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    result = {}
    for path in sorted((SRC / package).rglob("*.py")):
        bad = sorted(name for name in imports_of(path) if name.startswith(forbidden))
        if bad:
            result[str(path.relative_to(SRC))] = bad
    return result


def test_core_imports_nothing_else_from_groupbot_and_no_framework() -> None:
    outward = ("groupbot.adapters", "groupbot.db", "groupbot.features", "groupbot.settings", "groupbot.bootstrap",
               "groupbot.web", "groupbot.faqfiles", "aiohttp", "sqlalchemy", "telegram")
    assert offenders("core", outward) == {}


def test_features_never_import_an_adapter_the_database_or_a_web_framework() -> None:
    assert offenders("features", ("groupbot.adapters", "groupbot.db", "groupbot.bootstrap", "aiohttp")) == {}


def test_adapters_never_import_the_database_a_feature_or_the_settings_module() -> None:
    assert offenders("adapters", ("groupbot.db", "groupbot.features", "groupbot.settings", "groupbot.bootstrap")) == {}


@pytest.mark.parametrize("gateway", [ConsoleGateway, OneBotGateway, TelegramGateway, WeComGateway])
def test_every_gateway_implements_the_one_contract(gateway: type) -> None:
    assert ChatGateway in gateway.__mro__  # inherits the defaults, not just the shape
    for name in ("start", "stop", "send", "web_routes", "health", "wait_closed"):
        assert callable(getattr(gateway, name)), name
    assert inspect.iscoroutinefunction(gateway.wait_closed)


def test_bootstrap_never_asks_which_kind_of_gateway_it_has() -> None:
    tree = ast.parse((SRC / "bootstrap.py").read_text(encoding="utf-8"))
    checks = [ast.unparse(node) for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance"]
    assert [check for check in checks if "Gateway" in check or "Adapter" in check] == []


def test_the_check_sees_an_outward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from groupbot.db import engine\nimport aiohttp\n", encoding="utf-8")
    assert imports_of(module) == {"groupbot.db", "aiohttp"}
