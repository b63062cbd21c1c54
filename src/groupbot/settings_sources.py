"""Where settings come from (``GROUPBOT_`` variables, the toml file) and how a bad one is named.

A list of plain values may be written comma-separated in a variable
(``GROUPBOT_OPS__USERS=telegram:42,telegram:43``) as well as in JSON. An error
names the place the value came from: the variable, or the toml file and key.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import EnvSettingsSource

__all__ = ["ENV_PREFIX", "EnvironmentSource", "config_file", "describe", "unknown_variables"]

ENV_PREFIX = "GROUPBOT_"
_NESTED = "__"
_PLAIN = (str, int, float, date, time)
_OBJECT = 'expected a JSON object ({{"key": "value"}}) or one variable per key ({name}__<KEY>)'
_HINTS = {  # by pydantic error type, for values from a variable: which forms a variable may take
    "list_type": 'expected a JSON list (["a", "b"]); a list of plain values may also be comma-separated (a,b)',
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
}


def config_file(default: str) -> Path:
    """The toml file to read: ``GROUPBOT_CONFIG``, else ``default`` in the working directory."""
    return Path(os.environ.get(f"{ENV_PREFIX}CONFIG", default))


class EnvironmentSource(EnvSettingsSource):
    """``GROUPBOT_`` variables; a list of plain values may be comma-separated instead of JSON."""

    def decode_complex_value(self, field_name: str, field: FieldInfo | None, value: Any) -> Any:
        """Comma-separated text for a list of plain values, JSON otherwise; text that is neither stays text."""
        if _lists_plain_values(field) and not value.lstrip().startswith("["):
            return [item.strip() for item in value.split(",") if item.strip()]
        try:
            return super().decode_complex_value(field_name, field, value)
        except ValueError:
            return value  # validation then names the variable and says which form it wants


def _lists_plain_values(field: FieldInfo | None) -> bool:
    if field is None or get_origin(field.annotation) is not list:
        return False
    (item,) = get_args(field.annotation)
    if get_origin(item) is Annotated:
        item = get_args(item)[0]
    return item in _PLAIN or get_origin(item) is Literal


def describe(exc: ValidationError, toml_path: Path) -> str:
    """One line per error: the key, where its value came from, what is wrong and, for a variable, the form."""
    environ = {name.upper(): name for name in os.environ}
    toml = _read_toml(toml_path)
    lines = []
    for error in exc.errors():
        loc = error["loc"]
        key = ".".join(str(part) for part in loc) or "(root)"
        variable = _variable_at_or_above(loc, environ)
        origin = variable or _origins_below(loc, environ, toml, toml_path) or _variable_name(loc)
        hint = _HINTS.get(error["type"]) if variable else None
        line = f"invalid configuration: {key} ({origin}): {error['msg']}"
        lines.append(f"{line}; {hint.format(name=variable)}" if hint else line)
    return "\n".join(lines)


# GROUPBOT_ variables that are not settings: the config file's path, and the test suite's own.
_NOT_SETTINGS = ("CONFIG", "TEST_", "SCREENSHOTS")


def unknown_variables(environ: Mapping[str, str], fields: Iterable[str]) -> list[str]:
    """One line for each ``GROUPBOT_`` variable that names no setting, with the closest one.

    A section's unknown key (``GROUPBOT_WEB__PROT``) is already refused by its model; this
    catches a misspelt top-level name (``GROUPBOT_DATABASEURL``), which would otherwise be
    ignored and leave the bot on its default database.
    """
    known = sorted(name.upper() for name in fields)
    lines = []
    for variable in sorted(environ):
        name = variable.upper().removeprefix(ENV_PREFIX)
        if name == variable.upper() or name.startswith(_NOT_SETTINGS):
            continue  # not ours, or ours but not a setting
        section = name.split(_NESTED)[0]
        if section in known:
            continue
        close = difflib.get_close_matches(section, known, n=1, cutoff=0.75)
        hint = f"; did you mean {ENV_PREFIX}{close[0]}?" if close else ""
        lines.append(f"invalid configuration: {variable} is not a groupbot setting{hint} (README, Configuration)")
    return lines


def _variable_name(loc: Sequence[Any]) -> str:
    return ENV_PREFIX + _NESTED.join(str(part) for part in loc).upper()


def _variable_at_or_above(loc: Sequence[Any], environ: Mapping[str, str]) -> str | None:
    # A variable for a section (GROUPBOT_OPS='{...}') carries every key inside it.
    for depth in range(len(loc), 0, -1):
        name = environ.get(_variable_name(loc[:depth]))
        if name:
            return name
    return None


def _origins_below(loc: Sequence[Any], environ: Mapping[str, str], toml: object, toml_path: Path) -> str:
    # An error about a whole section (a model validator) may come from several places.
    prefix = _variable_name(loc) + _NESTED
    places = sorted(name for upper, name in environ.items() if upper.startswith(prefix))
    if _holds(toml, loc):
        places.append(str(toml_path) if places else f"in {toml_path}")
    return " and ".join(places)


def _holds(toml: object, loc: Sequence[Any]) -> bool:
    node = toml
    for part in loc:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return False
    return True


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
