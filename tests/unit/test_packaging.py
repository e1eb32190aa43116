"""The wheel carries what a non-editable install needs: themes, agendas, catalogue, CSS."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # builds and installs a wheel
def test_wheel_contains_themes_and_data(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    wheel = next(tmp_path.glob("checkin-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_themes = {p.name for p in (ROOT / "themes").glob("*.toml")}
    assert len(shipped_themes) >= 4
    for theme in shipped_themes:
        assert f"checkin/themes/{theme}" in names
    for sheet in ("start.tcss", "app.tcss", "activities.tcss", "prompts.tcss"):
        assert f"checkin/{sheet}" in names
    assert "checkin/data/activities.toml" in names
    for agenda in (ROOT / "checkin" / "data" / "agendas").glob("*.toml"):
        assert f"checkin/data/agendas/{agenda.name}" in names
    prompt_files = {p.name for p in (ROOT / "checkin" / "data" / "prompts").glob("*.toml")}
    assert len(prompt_files) >= 9
    for name in prompt_files:
        assert f"checkin/data/prompts/{name}" in names
    assert not any(n.startswith("tests/") for n in names)
    # Installed from the wheel (not editable), the app finds its themes and agendas.
    target = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    probe = (
        "import checkin, checkin.locations as l, checkin.themes as t, checkin.core.agenda as a;"
        "import checkin.core.prompts as p;"
        "print(checkin.__file__);"
        "print(len(t.load_themes(l.shipped_themes_dir())[0]));"
        "print(len(a.load_agendas()[0]));"
        "lib, bad = p.load_library(); print(len(lib) if not bad else -1)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    where, themes, agendas, prompts = out.stdout.split()
    assert where.startswith(str(target))
    assert int(themes) == len(shipped_themes)
    assert int(agendas) >= 5
    assert int(prompts) >= 300  # the prompt library ships whole in the wheel
