"""The real program in a pseudo-terminal: signals, crashes, and the terminal left usable."""

from __future__ import annotations

import signal

import pytest

from checkin.core.model import Couple, Settings
from checkin.store.repository import Repository
from tests.ptyapp import PtyApp

pytestmark = pytest.mark.slow


def _setup(folder):
    repo = Repository(folder).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    repo.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_saves_restores_terminal_and_exits_zero(tmp_path, sig):
    folder = tmp_path / "data"
    _setup(folder)
    app = PtyApp(["--data-dir", str(folder)])
    assert app.wait_text("Next check-in"), app.output[-500:]
    app.signal(sig)
    assert app.finish() == 0
    # Textual leaves the alternate screen on the way out.
    assert b"\x1b[?1049l" in app.output
    assert b"Traceback" not in app.output


def test_second_instance_on_same_folder_is_refused(tmp_path):
    folder = tmp_path / "data"
    _setup(folder)
    first = PtyApp(["--data-dir", str(folder)])
    assert first.wait_text("Next check-in")
    second = PtyApp(["--data-dir", str(folder)])
    code = second.finish()
    assert code != 0
    assert b"checkin is already open in another terminal" in second.output
    assert b"Traceback" not in second.output
    first.signal(signal.SIGTERM)
    assert first.finish() == 0


def test_lock_of_a_killed_checkin_does_not_block(tmp_path):
    folder = tmp_path / "data"
    _setup(folder)
    first = PtyApp(["--data-dir", str(folder)])
    assert first.wait_text("Next check-in")
    first.kill9()
    again = PtyApp(["--data-dir", str(folder)])
    assert again.wait_text("Next check-in")
    again.signal(signal.SIGTERM)
    assert again.finish() == 0


def test_kill_9_mid_checkin_then_resume_at_the_same_place(tmp_path):
    """A real checkin, killed with SIGKILL in the middle of a talk, resumes where it was."""
    import json

    from tests.ptyapp import wait_file

    folder = tmp_path / "data"
    _setup(folder)
    draft = folder / "current.json"

    def events(text: str) -> list[dict]:
        docs = json.loads(text).get("draft", {})
        return next(iter(docs.values()), {}).get("events", []) if docs else []

    app = PtyApp(["--data-dir", str(folder)])
    assert app.wait_text("Next check-in")
    app.send("s")
    assert app.wait_text("Today's check-in")
    app.send("\r")  # the usual agenda
    assert wait_file(draft, lambda t: len(events(t)) >= 1)
    app.send("\x0e")
    app.send("\x0e")  # ctrl+n twice: appreciations (a stray key never skips a part)
    app.send(" ")  # the floor passes once
    assert wait_file(draft, lambda t: [e["type"] for e in events(t)][-2:] == ["next_block", "pass_floor"])
    app.pump(1.5)  # let a heartbeat record time talking
    app.kill9()

    again = PtyApp(["--data-dir", str(folder)])
    assert again.wait_text("Resume"), again.output[-800:]
    again.send("r")
    assert again.wait_text("has the floor")
    again.signal(signal.SIGTERM)
    assert again.finish() == 0
    from checkin.core.runner import replay

    record = next(iter(json.loads(draft.read_text())["draft"].values()))
    state = replay(record)
    assert state.block_index == 1 and state.turn_index == 1
    assert [e["type"] for e in record["events"]].count("reopen") == 1
    assert sum(state.talk.values()) > 0.5  # the heartbeat kept the time before the kill
