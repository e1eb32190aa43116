"""Issue 16: the real checkin always ends after a signal or a closed terminal, and keeps what
it could not save. Each case starts ``checkin`` in a pty; no process may outlive 5 seconds."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
from pathlib import Path

import pytest

from checkin.core.model import Couple, Settings
from checkin.store.repository import Repository
from tests.ptyapp import PtyApp, wait_file

pytestmark = pytest.mark.slow

BOUND_SECONDS = 5.0  # the promise: gone within 5 s whatever happens
NOTE = "lets walk on sundays"


def _setup(folder: Path) -> None:
    repo = Repository(folder).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    repo.close()


def _record(folder: Path) -> dict:
    docs = json.loads((folder / "current.json").read_text()).get("draft", {})
    return next(iter(docs.values()), {}) if docs else {}


def _start(tmp_path: Path) -> tuple[PtyApp, Path]:
    folder = tmp_path / "data"
    _setup(folder)
    env = {"XDG_STATE_HOME": str(tmp_path / "state")}  # where a rescue file would go
    app = PtyApp(["--data-dir", str(folder)], env=env)
    assert app.wait_text("Next check-in"), app.output[-500:]
    return app, folder


def _to_state(app: PtyApp, folder: Path, state: str) -> None:
    """Bring the app into ``state`` the way a couple would, with keys."""
    if state == "home":
        return
    app.send("s")
    assert app.wait_text("Today's check-in")
    app.send("\r")  # the usual agenda
    assert wait_file(folder / "current.json", lambda t: bool(_record(folder).get("events")))
    app.pump(0.5)
    if state == "talk-note":
        app.send(NOTE)  # letters with nothing focused start a note
        assert app.wait_text("sundays"), app.output[-800:]
        return  # the signal comes before the heartbeat had a chance to save it
    if state == "pause":
        app.send("\x14")  # ctrl+t: pause
        assert app.wait_text("Take the time you need")
    elif state == "dialog":
        app.send("\x12")  # ctrl+r: walk away
        assert app.wait_text("Take a break")
    elif state == "break":
        app.send("\x12")  # ctrl+r: walk away
        assert app.wait_text("Take a break")
        app.send("\r")
        assert app.wait_text("Taking a break")


def _gone_within_bound(app: PtyApp) -> int:
    try:
        return app.proc.wait(timeout=BOUND_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(app.proc.pid, signal.SIGKILL)
        app.proc.wait()
        pytest.fail(f"checkin (pid {app.proc.pid}) survived {BOUND_SECONDS} s")


STATES = ["home", "talk-note", "pause", "break", "dialog"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_every_leaving_signal_ends_checkin_in_every_state(tmp_path, state, sig):
    app, folder = _start(tmp_path)
    _to_state(app, folder, state)
    app.signal(sig)
    code = _gone_within_bound(app)
    app.pump(0.2)
    os.close(app.master)
    assert code == (130 if sig == signal.SIGINT else 0), app.output[-800:]
    assert b"Traceback" not in app.output
    assert not (folder / "crash.log").exists()
    if state == "talk-note":
        assert (_record(folder).get("draft") or {}).get("text") == NOTE  # saved by the signal


@pytest.mark.parametrize("state", ["home", "talk-note", "pause", "break"])
def test_terminal_closed_while_the_folder_disappears(tmp_path, state):
    """The hang of issue 16: the terminal closes as the data folder goes away."""
    app, folder = _start(tmp_path)
    _to_state(app, folder, state)
    shutil.rmtree(folder)
    os.close(app.master)  # the terminal window closes: the tty is hung up
    _gone_within_bound(app)
    if state == "home":
        return  # nothing unsaved on the home screen
    rescued = sorted((tmp_path / "state" / "checkin" / "rescue").glob("checkin-rescue-*.json"))
    assert len(rescued) == 1
    assert stat.S_IMODE(rescued[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(rescued[0].parent.stat().st_mode) == 0o700
    kept = json.loads(rescued[0].read_text())
    assert kept["data_folder"] == str(folder)
    assert kept["checkin"]["events"][0]["type"] == "start"
    if state == "talk-note":
        assert NOTE in json.dumps(kept)

    # The next start names the rescue file.
    again = PtyApp(["--data-dir", str(folder)], env={"XDG_STATE_HOME": str(tmp_path / "state")})
    assert again.wait_text("Not saved last time"), again.screen_text()
    again.signal(signal.SIGTERM)
    assert again.finish() == 0

