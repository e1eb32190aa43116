"""The private notes written during a couple check-in (core/solo.py), as journal entries."""

from __future__ import annotations

import pytest

from checkin.core.solo import PRIVATE_NOTE_KIND, private_note_entry, private_notes, unfinished_private_note


def test_an_entry_names_its_author_and_check_in():
    entry = private_note_entry("pn1", "b", "a thought", "2026-11-26T12:00:00+00:00", "c1", draft=True)
    assert entry == {"id": "pn1", "kind": PRIVATE_NOTE_KIND, "author": "b", "text": "a thought",
                     "at": "2026-11-26T12:00:00+00:00", "checkin": "c1", "draft": True}


def test_the_last_unsaved_note_comes_back_and_saved_ones_are_listed():
    saved = private_note_entry("pn1", "a", "kept", "t1", "c1", draft=False)
    empty = private_note_entry("pn2", "a", "  ", "t2", "c1", draft=True)
    left = private_note_entry("pn3", "a", "half", "t3", "c2", draft=True)
    reflection = {"id": "r-x", "kind": "reflection", "record": {}}
    assert unfinished_private_note([saved, left, empty, reflection]) == left
    assert unfinished_private_note([saved, empty, reflection]) is None
    assert private_notes([reflection, saved, left]) == [saved]


def test_the_dream_names_the_topics_that_came_back_most_first():
    from checkin.core.solo import topics_coming_back

    def row(day: str, topic: str) -> dict:
        return {"started_at": f"2026-{day}T19:00:00+00:00", "blocks": [{"kind": "floor", "topic": topic}]}

    rows = [row("09-01", "The dishes"), row("09-08", "money"), row("09-15", "the dishes!"),
            row("09-22", "Sunday mornings"), row("09-29", "Money"), row("10-06", "dishes")]
    line = topics_coming_back(rows)
    assert line.startswith("From your check-ins together: The dishes, 3 times")
    assert "money, 2 times" in line.lower() and "sunday" not in line.lower()
    assert topics_coming_back([row("09-01", "once only")]) == ""


def test_one_persons_export_round_trips_with_the_private_notes_still_sealed(tmp_path, capsys):
    """'Just me for now' has an empty second name: its JSON export used to be refused on import."""
    import json

    from checkin.core.model import Couple, Settings
    from checkin.store.private import PrivateJournal, journal_path
    from checkin.store.repository import Repository
    from tests.kdf import FAST
    from tests.unit.test_cli_history import run

    folder = tmp_path / "alone"
    repo = Repository(folder).open()
    repo.save_first_run(Couple("Ana", ""), Settings())
    repo.save_section("hobbies", {"ratings_a": {"pub-quiz": "love"}})
    repo.close()
    journal = PrivateJournal(folder, "a", FAST)
    journal.set_up("a long passphrase")
    journal.put(private_note_entry("pn1", "a", "marmot-3301", "2026-11-20T19:30:00+00:00", None, draft=False))
    out = tmp_path / "all.json"
    assert run("export", "--data-dir", str(folder), "-o", str(out)) == 0
    assert "marmot-3301" not in out.read_text()
    fresh = tmp_path / "fresh"
    assert run("import", str(out), "--data-dir", str(fresh)) == 0
    again = tmp_path / "again.json"
    assert run("export", "--data-dir", str(fresh), "-o", str(again)) == 0
    first, second = json.loads(out.read_text()), json.loads(again.read_text())
    assert second["couple"]["name_b"] == "" and second["private"] == first["private"]
    assert second["sections"]["hobbies"] == first["sections"]["hobbies"]
    assert journal_path(fresh, "a").read_bytes() == journal_path(folder, "a").read_bytes()
    opened = PrivateJournal(fresh, "a", FAST)
    opened.unlock("a long passphrase")
    assert [e["text"] for e in opened.entries()] == ["marmot-3301"]
    assert run("export", "--format", "markdown", "--data-dir", str(fresh)) == 0
    assert capsys.readouterr().out.startswith("# Check-ins of Ana\n")


def test_an_import_still_asks_for_a_first_name():
    from checkin.core.importer import _check_couple

    assert _check_couple({"name_a": "", "name_b": ""}, None) == ["couple.name_a: expected a name, found ''"]
    assert _check_couple({"name_a": "Ana", "name_b": ""}, None) == []


@pytest.mark.parametrize("where", ["header", "checksum", "cut"])
def test_doctor_names_a_damaged_private_journal_and_never_touches_it(tmp_path, where):
    import io

    from rich.console import Console

    from checkin.store.doctor import run_doctor
    from checkin.store.private import PrivateJournal, journal_path
    from tests.kdf import FAST

    def doctor(**kw) -> tuple[int, str]:
        out = io.StringIO()
        return run_doctor(folder, console=Console(file=out, width=200), **kw), out.getvalue()

    folder = tmp_path / "data"
    for partner in "ab":
        PrivateJournal(folder, partner, FAST).set_up("a long passphrase")
    code, text = doctor()
    assert code == 0 and "private/a.bin" in text and "sealed" in text
    path = journal_path(folder, "b")
    raw = bytearray(path.read_bytes())
    if where == "header":
        raw[20] ^= 1
    elif where == "checksum":
        raw[-40] ^= 1  # in the body: only the key can tell, so the doctor cannot
    else:
        raw = raw[:30]
    path.write_bytes(bytes(raw))
    code, text = doctor()
    if where == "checksum":
        assert code == 0  # found when its author unlocks it (test_private_journal)
    else:
        assert code == 1 and "private/b.bin" in text and "damaged" in text and "kept exactly as it is" in text
    code, _ = doctor(restore=True)
    assert path.read_bytes() == bytes(raw)
