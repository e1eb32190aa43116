"""Hostile input (issue 9): nothing from a file reaches the terminal as a control, no import that
would break the folder gets in, sizes are bounded, crash.log holds no data, export temps are
cleaned."""

from __future__ import annotations

import copy
import io
import json
import os
import time
from pathlib import Path
from typing import Any

import arrow
import pytest
from rich.console import Console

from checkin import cli
from checkin.core import export
from checkin.core.agenda import AgendaError, load_agendas, parse_agenda
from checkin.core.catalogue import parse_catalogue
from checkin.core.clock import FakeClock
from checkin.core.text import clean_text, has_controls
from checkin.crash_report import crash_text
from checkin.store.demo import write_demo
from checkin.store.repository import Repository

os.environ["TZ"] = "UTC"
time.tzset()

END = arrow.get("2026-11-26T12:00:00+00:00")
HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b2J\x07\x08\u202eevil\u2066\x1bc\x9d0;t\x9c"
# What a terminal acts on: C0 but newline and tab, DEL, C1, bidi controls.
CONTROLS = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]} | set(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def terminal_safe(text: str) -> bool:
    return not any(ch in CONTROLS for ch in text)


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("demo") / "data"
    write_demo(folder, 6, seed=5, end=END)
    repo = Repository(folder, FakeClock(END)).open()
    try:
        return export.export_json(repo)
    finally:
        repo.close()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def first_event(data: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(e for c in data["checkins"] for e in c["events"] if e["type"] == kind)


# -- item 5: escape sequences ---------------------------------------------------------------------


def test_clean_text_drops_every_control_but_keeps_lines_and_tabs():
    text = clean_text(f"Dear\tyou,\r\nI{HOSTILE} mean it\u2028\ud800")
    assert text == "Dear\tyou,\nIevil mean it\n"
    assert terminal_safe(text)
    assert clean_text(text) == text
    assert clean_text("plain words, ünïcode 💛 and ‍emoji") == "plain words, ünïcode 💛 and ‍emoji"
    assert clean_text("a\nb\tc", lines=False) == "a b c"
    assert "note text" in clean_text("x\x1b]unended note text")  # an unended title loses only its ESC


def test_escape_sequences_in_imported_notes_never_reach_the_terminal(tmp_path, demo_json):
    data = json.loads(demo_json)
    note = first_event(data, "note")
    note["text"] = f"before {HOSTILE} after"
    first_event(data, "topic")["text"] = f"the {HOSTILE}dishes"
    data["checkins"][0]["agenda"]["title"] = f"Weekly{HOSTILE}"
    repo = Repository(tmp_path / "new", FakeClock(END)).open()
    export.import_data(repo, data)
    markdown = export.export_markdown(repo)
    as_json = export.export_json(repo)
    repo.close()
    assert "before " in markdown and " after" in markdown and "evil" in markdown
    assert terminal_safe(markdown)
    assert terminal_safe(as_json) and "\\u001b" not in as_json  # cleaned as it came in, not only escaped


def test_export_output_is_terminal_safe_even_for_text_stored_before_cleaning(tmp_path, demo_json):
    # An older version may have stored anything: output is made safe too.
    folder = tmp_path / "old"
    write_demo(folder, 3, seed=2, end=END)
    repo = Repository(folder, FakeClock(END)).open()
    record = repo.all_checkins()[0]
    dirty = copy.deepcopy(record)
    next(e for e in dirty["events"] if e["type"] == "note")["text"] = f"x{HOSTILE}y"
    dirty["agenda"]["title"] = f"T{HOSTILE}"
    repo.close()
    history = folder / "history.json"
    raw = json.loads(history.read_text())
    table = raw["checkins"]
    key = next(k for k, v in table.items() if v["id"] == record["id"])
    table[key] = dirty
    history.write_text(json.dumps(raw, ensure_ascii=False))
    repo = Repository(folder, FakeClock(END)).open()
    markdown = export.export_markdown(repo)
    as_json = export.export_json(repo)
    repo.close()
    assert terminal_safe(markdown) and "evil" in markdown
    assert terminal_safe(as_json)
    assert json.loads(as_json)["checkins"][0]["agenda"]["title"] == f"T{HOSTILE}"  # JSON keeps the data


def test_history_command_prints_no_controls(tmp_path, capsys, demo_json):
    data = json.loads(demo_json)
    data["checkins"][0]["agenda"]["title"] = "Weekly [bold]x[/bold]"
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data))
    assert cli.main(["import", str(path), "--data-dir", str(tmp_path / "d")]) == 0
    capsys.readouterr()
    assert cli.main(["history", "--data-dir", str(tmp_path / "d")]) == 0
    assert cli.main(["history", "--json", "--data-dir", str(tmp_path / "d")]) == 0
    out = capsys.readouterr().out
    assert terminal_safe(out)


def test_agenda_titles_from_toml_are_cleaned(tmp_path):
    folder = tmp_path / "agendas"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        'id = "mine"\ntitle = "Ours\\u001b]0;owned\\u0007\\u001b[2J"\n'
        'description = "line one\\nline two\\u009b2J"\n'
        '[[blocks]]\nkind = "together"\ntitle = "Talk\\u202e"\nprompt = "a\\u0008b"\nminutes = 5\n'
    )
    agendas, problems = load_agendas(folder)
    mine = next(a for a in agendas if a.id == "mine")
    assert problems == []
    assert (mine.title, mine.description) == ("Ours", "line one\nline two")
    assert (mine.blocks[0].title, mine.blocks[0].prompt) == ("Talk", "ab")


def test_catalogue_and_themes_are_cleaned(tmp_path):
    activities, problems = parse_catalogue(
        '[[activity]]\nid = "walk"\nname = "Walk\\u001b[2J"\ndescription = "\\u009b1mfar"\n'
        'category = "outdoors"\ncost = "free"\ntime = "1-3h"\nplace = "outdoor"\nenergy = "active"\n'
    )
    assert problems == [] and (activities[0].name, activities[0].description) == ("Walk", "far")
    from checkin.themes import load_themes

    (tmp_path / "t.toml").write_text('name = "mine"\nlabel = "Mine\\u001b]0;x\\u0007"\nprimary = "#E0A370"\n')
    themes, problems = load_themes(tmp_path)
    assert problems == [] and themes[0].label == "Mine"


# -- item 9: imports that would break the folder are refused with the field's path ------------------


def _break_started_at(d: dict) -> None:
    d["checkins"][1]["started_at"] = "0001-01-01T00:00:00+14:00"


def _break_elapsed(d: dict) -> str:
    return json.dumps(d).replace('"elapsed": ', '"elapsed": NaN, "x": ', 1)


def _break_first_speaker(d: dict) -> None:
    d["checkins"][0]["first_speaker"] = "I secretly resent your mother"


def _break_due(d: dict) -> None:
    first_event(d, "action")["due"] = "0000-01-01"


def _break_rating(d: dict) -> None:
    first_event(d, "rating").pop("connection")


def _too_large(d: dict) -> None:
    d["checkins"][0]["events"][1]["m"] = 10**17


def _huge_int(d: dict) -> str:
    return json.dumps(d).replace('"seg": 0', '"seg": ' + "9" * 5000, 1)


def _not_an_object(d: dict) -> None:
    d["checkins"].insert(0, "")  # found by the fuzz test: it crashed the agenda pass


BROKEN = [
    (_not_an_object, "checkins[0]: expected an object"),
    (_break_started_at, "checkins[1].started_at: expected a date and time"),
    (_break_elapsed, ".elapsed: expected a value, found NaN"),
    (_break_first_speaker, "checkins[0].first_speaker: expected 'a' or 'b'"),
    (_break_due, ".due: expected a day like 2026-11-29"),
    (_break_rating, ".connection: missing"),
    (_too_large, "checkins[0].events[1].m: the number is too large"),
    (_huge_int, ".seg: expected a value, found a number with too many digits"),
]


@pytest.mark.parametrize(("break_it", "message"), BROKEN)
def test_imports_that_would_break_the_folder_are_refused_by_path(tmp_path, demo_json, break_it, message):
    data = json.loads(demo_json)
    text = break_it(data) or json.dumps(data)
    folder = tmp_path / "data"
    path = tmp_path / "in.json"
    path.write_text(text)
    before = files(folder)
    code = cli.main(["import", str(path), "--data-dir", str(folder)])
    assert code == 2
    assert files(folder) == before or not any(f.endswith(".json") for f in files(folder))
    with pytest.raises(export.ImportProblem) as caught:
        repo = Repository(tmp_path / "other", FakeClock(END)).open()
        try:
            export.import_text(repo, text)
        finally:
            repo.close()
    assert any(message in p for p in caught.value.problems), caught.value.problems
    assert not any("resent" in p for p in caught.value.problems)


def test_a_partial_stored_summary_is_worked_out_again(tmp_path, demo_json):
    data = json.loads(demo_json)
    data["checkins"][0]["summary"]["ratings_after"] = {"a": {"mood": 3}, "b": None}
    repo = Repository(tmp_path / "new", FakeClock(END)).open()
    export.import_data(repo, data)
    row = next(r for r in repo.summaries() if r["id"] == data["checkins"][0]["id"])
    repo.close()
    assert set(row["ratings_after"]["a"]) >= {"mood", "connection"}


def test_a_lone_surrogate_in_a_note_is_cleaned_not_a_crash(tmp_path, demo_json):
    text = demo_json.replace('"text": "', '"text": "\\ud800', 1)
    repo = Repository(tmp_path / "new", FakeClock(END)).open()
    report = export.import_text(repo, text)
    assert report.added > 0
    assert "\ud800" not in export.export_json(repo)
    repo.close()


# -- item 16: sizes are bounded and cheap checks come first -----------------------------------------


def test_a_50000_block_agenda_is_refused_for_its_size(tmp_path, demo_json):
    data = json.loads(demo_json)
    block = {"kind": "together", "title": "x", "minutes": 1}
    data["checkins"][0]["agenda"]["blocks"] = [dict(block) for _ in range(50_000)]
    problems = export.validate(data)
    assert problems == ["checkins[0].agenda: 50000 blocks; an agenda has at most 50"]
    with pytest.raises(AgendaError, match="at most 50"):
        parse_agenda({"id": "x", "title": "x", "blocks": [dict(block) for _ in range(51)]}, "x")


def test_cheap_problems_are_reported_before_any_agenda_is_read(demo_json):
    data = json.loads(demo_json)
    data["checkins"][0]["agenda"]["blocks"] = "not blocks"
    data["checkins"][-1]["status"] = "maybe"
    last = len(data["checkins"]) - 1
    assert export.validate(data) == [f"checkins[{last}].status: expected completed or ended_early, found text"]


def test_too_many_events_or_too_long_a_text_is_refused(demo_json):
    data = json.loads(demo_json)
    first_event(data, "note")["text"] = "x" * 20_001
    assert any("text longer than 20000 characters" in p for p in export.validate(data))
    data = json.loads(demo_json)
    events = data["checkins"][0]["events"]
    data["checkins"][0]["events"] = events + [dict(events[-1]) for _ in range(50_001)]
    assert any("more than 50000 events" in p for p in export.validate(data))


def test_deep_nesting_is_refused_in_words(tmp_path):
    with pytest.raises(export.ImportProblem, match="nested"):
        export.loads("[" * 100_000 + "]" * 100_000)
    data = {"format": "checkin-export", "version": 1, "checkins": [], "sections": {"h": {}}}
    node = data["sections"]["h"]
    for _ in range(40):
        node["x"] = {}
        node = node["x"]
    assert any("nested more than" in p for p in export.validate(data))


# -- item 7: crash.log holds no values from data ----------------------------------------------------


def test_crash_text_keeps_type_and_place_but_no_message():
    secret = "I secretly resent your mother"

    def read(fields: dict[str, int]) -> int:
        return fields[secret]

    try:
        try:
            read({})
        except KeyError as err:
            raise ValueError(f"bad first speaker {secret}") from err
    except ValueError as err:
        text = crash_text(err)
    assert secret not in text
    assert "KeyError" in text and "ValueError" in text and "in read" in text
    assert "direct cause" in text


def test_a_crash_in_the_cli_logs_no_data(tmp_path, capsys, monkeypatch):
    import checkin.cli_history as cli_history

    secret = "I secretly resent your mother"

    def explode(args: Any) -> int:
        raise KeyError(secret.upper())

    monkeypatch.setattr(cli_history, "run", explode)
    assert cli.main(["history", "--data-dir", str(tmp_path)]) == 1
    log = (tmp_path / "crash.log").read_text()
    assert "KeyError" in log and secret.upper() not in log
    capsys.readouterr()


# -- item 6: an interrupted export -o is cleaned up by the next one -------------------------------


def test_the_next_export_removes_what_a_killed_export_left(tmp_path, capsys, demo_json):
    src = tmp_path / "in.json"
    src.write_text(demo_json)
    folder = tmp_path / "data"
    assert cli.main(["import", str(src), "--data-dir", str(folder)]) == 0
    target = tmp_path / "out" / "checkins.md"
    target.parent.mkdir()
    stale = target.parent / ".checkins.md.0123abcd.checkin-tmp"
    stale.write_text("the notes of a killed export")
    other = target.parent / ".other.md.0123abcd.checkin-tmp"  # another file's temp is not ours
    other.write_text("x")
    capsys.readouterr()
    code = cli.main(["export", "--format", "markdown", "-o", str(target), "--data-dir", str(folder)])
    err = capsys.readouterr().err
    assert code == 0 and target.exists()
    assert not stale.exists() and other.exists()
    assert "Removed .checkins.md.0123abcd.checkin-tmp" in err and "interrupted" in err
    assert sorted(p.name for p in target.parent.iterdir()) == [".other.md.0123abcd.checkin-tmp", "checkins.md"]


def test_has_controls_says_what_clean_text_would_remove():
    assert [has_controls(t) for t in ("plain", "a\nb\tc", HOSTILE, "\x7f", "\u0085", "\u202a")] == [
        False, False, True, True, True, True,
    ]


def test_rich_output_of_clean_text_has_no_escape():
    out = io.StringIO()
    Console(file=out, force_terminal=False).print(clean_text(f"x{HOSTILE}"), markup=False, highlight=False)
    assert terminal_safe(out.getvalue())
