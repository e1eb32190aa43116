"""Where checkin keeps things. One place, so every part agrees.

The data folder is, in order: ``--data-dir``, ``$CHECKIN_DATA_DIR``, or the platform's
user data folder for checkin (``~/.local/share/checkin`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

ENV_VAR = "CHECKIN_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return user_data_path("checkin", appauthor=False)


def demo_cache_dir() -> Path:
    """Where ``checkin --demo`` keeps the sample data it made today, to start from a copy
    (``~/.cache/checkin/demo`` on Linux; only sample data, never a couple's own)."""
    return user_cache_path("checkin", appauthor=False) / "demo"


def user_themes_dir(folder: Path) -> Path:
    return folder / "themes"


def user_agendas_dir(folder: Path) -> Path:
    return folder / "agendas"


def user_prompts_dir(folder: Path) -> Path:
    """The couple's own prompt files (TOML, like ``checkin/data/prompts``)."""
    return folder / "prompts"


def crash_log(folder: Path) -> Path:
    return folder / "crash.log"


def shipped_themes_dir() -> Path:
    """Themes shipped with checkin: inside the wheel they live in ``checkin/themes``; in a
    source checkout, in the top-level ``themes/`` folder."""
    packaged = Path(__file__).resolve().parent / "themes"  # no importlib.resources: 2 ms at start
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "themes"
