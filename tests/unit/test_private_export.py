"""Private notes in `checkin export` / `import` and `checkin history` (issue 12): they travel
still sealed, come back byte for byte, and never show as text anywhere."""

from __future__ import annotations

import json
import os
import time

import arrow

from checkin.core.solo import BRIDGE_SECTION
from checkin.store.demo import write_demo
from checkin.store.private import PrivateJournal, journal_path
from checkin.store.repository import Repository
from tests.kdf import FAST
from tests.unit.test_cli_history import run

os.environ["TZ"] = "UTC"
time.tzset()

MARKER = "okapi-2291"


def test_private_notes_round_trip_sealed_and_never_in_history_or_markdown(tmp_path, capsys):
    folder = tmp_path / "demo"
    write_demo(folder, 4, seed=3, end=arrow.get("2026-11-26T12:00:00+00:00"))
    journal = PrivateJournal(folder, "b", FAST)
    journal.set_up("a long passphrase")
    journal.put({"id": "r-1", "kind": "reflection", "record": {"draft": {"text": MARKER}}})
    out = tmp_path / "all.json"
    assert run("export", "--data-dir", str(folder), "-o", str(out)) == 0
    text = out.read_text()
    assert MARKER not in text
    assert set(json.loads(text)["private"]) == {"b"}
    fresh = tmp_path / "fresh"
    capsys.readouterr()
    assert run("import", str(out), "--data-dir", str(fresh)) == 0
    assert "added, still sealed" in capsys.readouterr().err
    assert journal_path(fresh, "b").read_bytes() == journal_path(folder, "b").read_bytes()
    again = tmp_path / "again.json"
    assert run("export", "--data-dir", str(fresh), "-o", str(again)) == 0
    assert again.read_bytes() == out.read_bytes()  # lossless round trip
    opened = PrivateJournal(fresh, "b", FAST)
    opened.unlock("a long passphrase")
    assert opened.entries()[0]["record"]["draft"]["text"] == MARKER
    for argv in (("history",), ("history", "--json"), ("export", "--format", "markdown")):
        assert run(*argv, "--data-dir", str(fresh)) == 0
        assert MARKER not in capsys.readouterr().out


def test_only_what_was_brought_is_shared(tmp_path, capsys):
    folder = tmp_path / "demo"
    write_demo(folder, 2, seed=3, end=arrow.get("2026-11-26T12:00:00+00:00"))
    repo = Repository(folder).open()
    repo.save_section(BRIDGE_SECTION, {"items": [{"author": "a", "note": "n1", "kind": "topic", "text": "Sundays",
                                                  "at": "2026-11-20T10:00:00+00:00", "used": False}]})
    repo.close()
    journal = PrivateJournal(folder, "a", FAST)
    journal.set_up("a long passphrase")
    journal.put({"id": "e1", "text": MARKER})
    assert run("export", "--data-dir", str(folder)) == 0
    text = capsys.readouterr().out
    assert "Sundays" in text and MARKER not in text


def test_an_export_with_damaged_private_notes_changes_nothing(tmp_path, capsys):
    folder = tmp_path / "demo"
    write_demo(folder, 2, seed=3, end=arrow.get("2026-11-26T12:00:00+00:00"))
    out = tmp_path / "all.json"
    assert run("export", "--data-dir", str(folder), "-o", str(out)) == 0
    data = json.loads(out.read_text())
    data["private"] = {"a": ["bm90IHNlYWxlZA=="]}
    out.write_text(json.dumps(data))
    fresh = tmp_path / "fresh"
    import pytest

    from checkin.cli import CliError

    with pytest.raises(CliError, match="damaged; nothing was changed"):
        run("import", str(out), "--data-dir", str(fresh))
    assert not (fresh / "private").exists()
