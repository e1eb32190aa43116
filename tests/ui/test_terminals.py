"""Whose turn it is stays clear without colour: NO_COLOR=1 and 16-colour terminals (TERM=linux,
TERM=xterm), in the real program in a pseudo-terminal. In 16 colours both partners' colours can
become the same white, so the banner must say the names in words."""

from __future__ import annotations

import re
import signal

import pytest

from checkin.core.model import Couple, Settings
from checkin.store.repository import Repository
from tests.ptyapp import PtyApp

pytestmark = pytest.mark.slow

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P_^].*?(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
SGR = re.compile(rb"\x1b\[([0-9;]*)m")
CHROMATIC_16 = {*range(31, 37), *range(41, 47), *range(91, 97), *range(101, 107)}


def colours(output: bytes) -> tuple[set[str], set[int]]:
    """(kinds of colour codes used: "16", "256", "truecolor"; 256-colour indexes used)."""
    kinds: set[str] = set()
    indexes: set[int] = set()
    for match in SGR.finditer(output):
        params = [int(p) if p else 0 for p in match.group(1).split(b";")]
        i = 0
        while i < len(params):
            p = params[i]
            if p in (38, 48) and i + 1 < len(params):
                if params[i + 1] == 5 and i + 2 < len(params):
                    kinds.add("256")
                    indexes.add(params[i + 2])
                    i += 3
                    continue
                if params[i + 1] == 2:
                    kinds.add("truecolor")
                    i += 5
                    continue
            if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
                kinds.add("16")
                if p in CHROMATIC_16:
                    kinds.add("16-chromatic")
            i += 1
    return kinds, indexes


def _talk(tmp_path, env: dict[str, str]) -> PtyApp:
    folder = tmp_path / "data"
    repo = Repository(folder).open()
    repo.save_first_run(Couple("Lena", "Sam"), Settings())
    repo.close()
    app = PtyApp(["--data-dir", str(folder)], env=env)
    assert app.wait_text("Next check-in"), app.output[-800:]
    app.send("s")
    assert app.wait_text("agenda")
    app.send("\r")
    assert app.wait_text("Arrive")
    app.send("\x0e")  # ctrl+n
    app.send("\x0e")  # ctrl+n twice: on to the appreciations: partners take turns
    return app


def plain(app: PtyApp) -> str:
    return ANSI.sub(b"", bytes(app.output)).decode("utf-8", errors="replace")


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1"}, {"TERM": "linux"}, {"TERM": "xterm"}],
    ids=["NO_COLOR", "TERM=linux", "TERM=xterm"],
)
def test_whose_turn_is_said_in_words(tmp_path, env):
    app = _talk(tmp_path, env)
    try:
        assert app.wait_for(lambda: "Lena has the floor, Sam listens" in plain(app)), plain(app)[-1500:]
        app.output.clear()
        app.send(" ")  # the floor passes
        assert app.wait_for(lambda: "Sam has the floor, Lena listens" in plain(app)), plain(app)[-1500:]
        kinds, indexes = colours(bytes(app.output))
        if "NO_COLOR" in env:
            # Only greys: nothing on screen depends on telling colours apart.
            assert "truecolor" not in kinds and "16-chromatic" not in kinds, kinds
            assert all(i >= 232 or i in (0, 7, 8, 15, 16, 231) for i in indexes), sorted(indexes)
        else:
            assert kinds <= {"16", "16-chromatic"}, kinds  # what a 16-colour terminal can show
    finally:
        app.signal(signal.SIGTERM)
        assert app.finish() == 0
