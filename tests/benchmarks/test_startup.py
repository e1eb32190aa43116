"""Start-up to the first home screen, against a bare Textual app, in the same run.

Target: at most 1.5x the bare app with 520 check-ins of history."""

from __future__ import annotations

from pathlib import Path

import pytest

from checkin.store.demo import write_demo

from .conftest import PY, median, time_command

pytestmark = pytest.mark.bench  # the real-terminal figures are in test_startup_pty.py

BARE = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True, size=(100, 30))
"""

OURS = """
import sys
from pathlib import Path
from checkin.app import CheckinApp
from checkin.screens.home import HomeScreen
from checkin.store.repository import Repository

repo = Repository(Path(sys.argv[1])).open()

class Timed(CheckinApp):
    def on_mount(self):
        super().on_mount()
        def done():
            assert isinstance(self.screen, HomeScreen), self.screen
            self.exit()
        self.call_after_refresh(done)

Timed(repo).run(headless=True, size=(100, 30))
repo.close()
"""


def test_startup_ratio_against_bare_textual(tmp_path: Path, report):
    data = tmp_path / "data"
    write_demo(data, 520, seed=1)
    (tmp_path / "bare.py").write_text(BARE)
    (tmp_path / "ours.py").write_text(OURS)
    bare = time_command([PY, str(tmp_path / "bare.py")], runs=5)
    ours = time_command([PY, str(tmp_path / "ours.py"), str(data)], runs=5)
    ratio = median(ours) / median(bare)
    report(
        f"startup to first home screen, 520 check-ins: checkin {median(ours) * 1000:.0f} ms, "
        f"bare Textual {median(bare) * 1000:.0f} ms, ratio {ratio:.2f}x (target <= 1.5x)"
    )
