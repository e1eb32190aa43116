"""In a real terminal, at a person's speed (100 ms a key): a note that starts with any letter,
typed with no box focused, is saved whole and fires no command."""

from __future__ import annotations

import json

import pytest

from checkin.core.model import Couple, Settings
from checkin.store.repository import Repository
from tests.ptyapp import PtyApp, wait_file

pytestmark = pytest.mark.slow

NOTES = ["patience with my mum", "when you held my hand", "next week I cook", "finally, we talked",
         "really glad", "the trip on Sunday", "great evening", "one more thing"]


def test_notes_starting_with_each_letter_are_saved_whole(tmp_path):
    folder = tmp_path / "data"
    draft = folder / "current.json"

    def notes(text: str) -> list[str]:
        docs = json.loads(text).get("draft", {})
        record = next(iter(docs.values()), {}) if docs else {}
        return [e["text"] for e in record.get("events", []) if e["type"] == "note"]

    repo = Repository(folder).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    repo.close()

    app = PtyApp(["--data-dir", str(folder)], size=(80, 24))
    try:
        assert app.wait_text("Next check-in")
        app.send("s")
        assert app.wait_text("Today's check-in")
        app.send("\r")
        assert app.wait_text("Arrive")
        app.pump(1.0)  # the first rating field has the focus: letters still start a note
        for n, note in enumerate(NOTES):
            for ch in note:
                app.send(ch)  # about 100 ms a key (send waits 0.15 s)
            app.send("\x13")  # ctrl+s
            assert wait_file(draft, lambda t, n=n: len(notes(t)) == n + 1), (note, app.output[-600:])
            app.send("\x1b")  # leave the box, as after a click elsewhere
            app.pump(0.3)
        assert notes(draft.read_text(encoding="utf-8")) == NOTES
        assert b"Paused" not in app.output and b"Take a break" not in app.output
        assert b"Traceback" not in app.output
    finally:
        app.signal(15)
        app.finish()
