"""The layers hold (docs/ARCHITECTURE.md): every import-linter contract in pyproject.toml is kept.

core imports neither store nor Textual nor screens; store imports no Textual; widgets import no
screens; screens reach no store module or TinyDB; no package's modules import each other in a
circle (the screens, the CLI modules). ``lint-imports`` reads the contracts from pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]


def contracts() -> list[dict]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["tool"]["importlinter"]["contracts"]


def lint(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LINT, "--no-cache", "--no-logo"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_contracts_we_rely_on_are_declared():
    by_source = {tuple(c.get("source_modules", ())): set(c.get("forbidden_modules", ())) for c in contracts()}
    assert {"checkin.store", "textual", "checkin.screens"} <= by_source[("checkin.core",)]
    assert "textual" in by_source[("checkin.store",)]
    assert "checkin.screens" in by_source[("checkin.widgets",)]
    assert {"checkin.store", "tinydb"} <= by_source[("checkin.screens",)]
    assert any(c["type"] == "acyclic_siblings" and "checkin" in c["ancestors"] for c in contracts())


def test_every_layer_contract_is_kept():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(contracts())} kept, 0 broken." in result.stdout


def test_a_broken_layer_is_caught(tmp_path):
    """The check can fail: a copy of the package whose core imports Textual breaks a contract."""
    shutil.copytree(ROOT / "checkin", tmp_path / "checkin", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "checkin" / "core" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nimport textual.app  # noqa\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = lint(tmp_path, env)
    assert result.returncode != 0
    assert "checkin.core is not allowed to import textual" in result.stdout
    assert "checkin.core.model -> textual" in result.stdout
