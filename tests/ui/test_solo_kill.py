"""kill -9 of the real app while a private note is being typed (issue 12): the marker word is in
no file under the data folder (nor crash.log, nor a temp file), yet it is there after unlocking."""

from __future__ import annotations

import os
import time

import pytest

from checkin.core.model import Couple, Settings
from checkin.store.private import PrivateJournal
from checkin.store.repository import Repository
from tests.ptyapp import PtyApp

pytestmark = pytest.mark.slow

SECRET = "grey heron at dusk"
MARKER = "quokka7731"


def files_holding(folder, needle: bytes) -> list[str]:
    found = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as fh:
                if needle in fh.read():
                    found.append(path)
    return found


def test_sigkill_mid_typing_leaves_no_plain_private_text(tmp_path):
    folder = tmp_path / "data"
    repo = Repository(folder).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    repo.close()
    PrivateJournal(folder, "a").set_up(SECRET)  # the real Argon2id parameters

    app = PtyApp(["--data-dir", str(folder)], size=(100, 30))
    try:
        assert app.wait_text("Next check-in")
        app.send("o")
        assert app.wait_text("Who are you")
        app.send("1")
        assert app.wait_text("Your passphrase opens them")
        for ch in SECRET:
            app.send(ch)
        app.send("\r")
        assert app.wait_text("Choose what fits", timeout=30), app.output[-600:]
        app.send("2")  # My part
        assert app.wait_text("Complaint or criticism")
        app.pump(0.5)
        for ch in f"I was short with Bo {MARKER}":
            app.send(ch)
        app.pump(2.5)  # more than the second it takes to be sealed on disk
        for ch in " and then":
            os.write(app.master, ch.encode())  # still typing, fast
            time.sleep(0.02)
        assert b"Traceback" not in app.output
    finally:
        app.kill9()
    assert files_holding(folder, MARKER.encode()) == []
    assert files_holding(folder, SECRET.encode()) == []
    assert not (folder / "crash.log").exists() or MARKER.encode() not in (folder / "crash.log").read_bytes()
    journal = PrivateJournal(folder, "a")
    journal.unlock(SECRET)
    (entry,) = journal.entries()
    assert MARKER in entry["record"]["draft"]["text"]
    assert entry["record"]["agenda"]["id"] == "my-part"


def test_sigkill_while_typing_a_private_note_in_the_talk(tmp_path):
    """The talk's private note (f2): typed, sealed as a draft within a second, the app killed."""
    folder = tmp_path / "data"
    repo = Repository(folder).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    repo.close()
    PrivateJournal(folder, "b").set_up(SECRET)

    app = PtyApp(["--data-dir", str(folder)], size=(100, 30))
    try:
        assert app.wait_text("Next check-in")
        app.send("s")
        assert app.wait_text("Start")
        app.send("\r")
        assert app.wait_text("Private note")
        app.send("\x1bOQ")  # F2
        assert app.wait_text("Only its author")
        app.send("2")
        assert app.wait_text("your passphrase opens", timeout=15)
        for ch in SECRET:
            app.send(ch)
        app.send("\r")
        assert app.wait_text("Saving seals it", timeout=30), app.output[-600:]
        for ch in f"Bo only {MARKER}":
            app.send(ch)
        app.pump(2.5)  # more than the second it takes to be sealed on disk
        for ch in " still typing":
            os.write(app.master, ch.encode())
            time.sleep(0.02)
        assert b"Traceback" not in app.output
    finally:
        app.kill9()
    assert files_holding(folder, MARKER.encode()) == []  # current.json, history, temp files, crash.log
    assert files_holding(folder, SECRET.encode()) == []
    journal = PrivateJournal(folder, "b")
    journal.unlock(SECRET)
    (entry,) = journal.entries()
    assert entry["kind"] == "checkin-note" and entry["draft"] is True
    assert entry["text"].startswith(f"Bo only {MARKER}")
