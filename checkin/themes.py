"""Themes from TOML files: the ones shipped with checkin and the couple's own.

A file holds Textual ``Theme`` fields plus a label and app variables (``partner-a``,
``partner-b``). A broken file is reported (file and problem) and skipped.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from checkin.core.text import clean_text

DEFAULT_THEME = "checkin-warm"
PARTNER_DEFAULTS = {"partner-a": "#F0A868", "partner-b": "#7FB8D6"}

_COLOUR_FIELDS = (
    "primary", "secondary", "warning", "error", "success", "accent",
    "foreground", "background", "surface", "panel", "boost",
)
_THEME_FIELDS = {f.name for f in fields(Theme)}


@dataclass(frozen=True)
class ThemeFile:
    theme: Theme
    label: str
    path: Path


def parse_theme(path: Path) -> ThemeFile:
    """Parse one theme file; raise ValueError with a one-line reason."""
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not valid TOML ({exc})") from None
    # Names, labels and variables are shown or used as they are: no terminal controls get in.
    data = {key: clean_text(value, lines=False) if isinstance(value, str) else value for key, value in data.items()}
    if isinstance(data.get("variables"), dict):
        data["variables"] = {
            clean_text(str(k), lines=False): clean_text(v, lines=False) if isinstance(v, str) else v
            for k, v in data["variables"].items()
        }
    label = data.pop("label", None)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("'name' is missing")
    if "primary" not in data:
        raise ValueError("'primary' colour is missing")
    unknown = sorted(set(data) - _THEME_FIELDS)
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r}")
    for key in _COLOUR_FIELDS:
        if key in data:
            _check_colour(key, data[key])
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ValueError("'variables' must be a table")
    for key, value in variables.items():
        if key in PARTNER_DEFAULTS:
            _check_colour(f"variables.{key}", value)
        elif not isinstance(value, str):
            raise ValueError(f"variables.{key} must be text")
    if "dark" in data and not isinstance(data["dark"], bool):
        raise ValueError("'dark' must be true or false")
    try:
        theme = Theme(**data)
        theme.to_color_system()
    except (TypeError, ValueError, ColorParseError) as exc:
        raise ValueError(str(exc)) from None
    return ThemeFile(theme, str(label or name), path)


def _check_colour(key: str, value: Any) -> None:
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a colour like \"#E0A370\"")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ValueError(f"{key} = {value!r} is not a colour") from None


def load_themes(*folders: Path) -> tuple[list[ThemeFile], list[str]]:
    """All valid themes in ``folders`` (later folders override earlier names), and a
    one-line problem for each broken file."""
    found: dict[str, ThemeFile] = {}
    problems: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                tf = parse_theme(path)
            except (ValueError, OSError) as exc:
                problems.append(f"Theme {clean_text(path.name, lines=False)} was skipped: {clean_text(str(exc))}")
                continue
            found[tf.theme.name] = tf
    ordered = sorted(found.values(), key=lambda t: (t.theme.name != DEFAULT_THEME, t.label))
    return ordered, problems
