"""Export and import: lossless round trips, idempotent merges, and bad files that change nothing."""

from __future__ import annotations

import copy
import functools
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import arrow
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checkin.core import export
from checkin.core.clock import FakeClock
from checkin.core.model import Couple, Settings
from checkin.core.names import clean_name, names_problem
from checkin.core.text import clean_text
from checkin.store.demo import write_demo
from checkin.store.repository import Repository

os.environ["TZ"] = "UTC"
time.tzset()

END = arrow.get("2026-11-26T12:00:00+00:00")


@functools.cache
def demo_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="checkin-export-test-")) / "demo"
    write_demo(folder, 12, seed=3, end=END)
    repo = Repository(folder, FakeClock(END)).open()
    repo.save_section("hobbies", {"plans": [{"id": "p1", "activity_id": "walk", "day": "2026-11-28"}]})
    repo.close()
    return folder


@functools.cache
def demo_export() -> str:
    repo = Repository(demo_folder(), FakeClock(END)).open()
    try:
        return export.export_json(repo)
    finally:
        repo.close()


def open_repo(folder: Path) -> Repository:
    return Repository(folder, FakeClock(END)).open()


def snapshot(folder: Path) -> dict[str, bytes]:
    """The data files' bytes (backups aside), to prove nothing changed."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def test_export_holds_everything():
    data = json.loads(demo_export())
    assert data["format"] == "checkin-export" and data["version"] == 1
    assert data["couple"]["name_a"] and data["couple"]["name_b"]
    assert data["settings"]["weekday"] == 6
    assert data["sections"]["hobbies"]["plans"][0]["id"] == "p1"
    first = data["checkins"][0]
    assert first["events"][0]["type"] == "start" and "summary" in first
    starts = [c["started_at"] for c in data["checkins"]]
    assert starts == sorted(starts)
    assert data["action_items"] and {"id", "text", "owner", "due", "status"} <= set(data["action_items"][0])


def test_export_import_export_is_identical(tmp_path):
    repo = open_repo(tmp_path / "new")
    report = export.import_text(repo, demo_export())
    assert report.added == len(json.loads(demo_export())["checkins"])
    assert report.couple_added
    assert export.export_json(repo) == demo_export()
    repo.close()


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    folder = tmp_path / "new"
    repo = open_repo(folder)
    export.import_text(repo, demo_export())
    before = snapshot(folder)
    again = export.import_text(repo, demo_export())
    assert again.added == 0 and again.already > 0 and not again.couple_added and not again.sections
    assert "already here" in again.words()
    assert snapshot(folder) == before
    repo.close()


def test_import_merges_by_id_and_keeps_what_is_here(tmp_path):
    data = json.loads(demo_export())
    older, newer = data["checkins"][:5], data["checkins"][5:]
    repo = open_repo(tmp_path / "new")
    export.import_data(repo, {**data, "checkins": older})
    repo.save_section("hobbies", {"plans": [{"id": "mine", "activity_id": "cook"}]})
    report = export.import_data(repo, data)
    assert (report.added, report.already) == (len(newer), len(older))
    plans = [p["id"] for p in repo.section("hobbies")["plans"]]
    assert plans == ["mine", "p1"]  # ours kept, theirs added
    repo.close()


def test_since_exports_only_later_checkins():
    repo = open_repo(demo_folder())
    since = export.parse_since("2026-11-01")
    data = json.loads(export.export_json(repo, since))
    repo.close()
    assert data["since"] == "2026-11-01"
    assert data["checkins"] and all(c["started_at"] >= "2026-11-01" for c in data["checkins"])
    assert {i["checkin_id"] for i in data["action_items"]} <= {c["id"] for c in data["checkins"]}


def test_since_must_be_a_date():
    with pytest.raises(ValueError, match="not a date"):
        export.parse_since("last tuesday")


def test_markdown_reads_well():
    repo = open_repo(demo_folder())
    text = export.export_markdown(repo)
    couple = repo.couple()
    repo.close()
    assert text.startswith(f"# Check-ins of {couple.name_a} & {couple.name_b}\n")
    assert "| mood before |" in text
    assert "talking time" in text
    assert "**Action items**" in text
    assert "- [" in text


# -- invalid input ----------------------------------------------------------------------------

BAD = [
    (lambda d: d.update(format="something else"), "format: expected 'checkin-export'"),
    (lambda d: d.update(version=99), "version: the file is version 99"),
    (lambda d: d["couple"].update(name_a=""), "couple.name_a: expected a name"),
    (lambda d: d["settings"].update(weekday=9), "settings.weekday: expected 0 (Monday) to 6"),
    (lambda d: d["settings"].update(time="25:00"), "settings.time: expected a time like 19:00"),
    (lambda d: d.update(checkins={}), "checkins: expected a list"),
    (lambda d: d["checkins"][2].pop("id"), "checkins[2].id: expected text"),
    (lambda d: d["checkins"][1].update(status="maybe"), ".status: expected completed or ended_early"),
    (lambda d: d["checkins"][0].update(started_at="yesterday"), ".started_at: expected a date and time"),
    (lambda d: d["checkins"][0]["events"][3].pop("type"), ".events[3].type: missing"),
    (lambda d: d["checkins"][0]["events"][4].update(m=-1), ".events[4].m: expected seconds"),
    (lambda d: d["checkins"][0]["agenda"].update(blocks="x"), "checkins[0]"),
    (lambda d: d["checkins"].append(copy.deepcopy(d["checkins"][0])), "appears twice in the file"),
]


@pytest.mark.parametrize(("break_it", "message"), BAD)
def test_invalid_input_says_exactly_what_is_wrong_and_changes_nothing(tmp_path, break_it, message):
    folder = tmp_path / "mine"
    repo = open_repo(folder)
    repo.save_first_run(Couple(*_names()), Settings())
    before = snapshot(folder)
    data = json.loads(demo_export())
    break_it(data)
    with pytest.raises(export.ImportProblem) as caught:
        export.import_data(repo, data)
    assert any(message in p for p in caught.value.problems), caught.value.problems
    assert snapshot(folder) == before
    assert repo.summaries() == []
    repo.close()


def _names() -> tuple[str, str]:
    couple = json.loads(demo_export())["couple"]
    return couple["name_a"], couple["name_b"]


def test_broken_json_says_where(tmp_path):
    with pytest.raises(export.ImportProblem, match="line 1, column"):
        export.loads('{"format": ')


def test_someone_elses_export_is_refused(tmp_path):
    repo = open_repo(tmp_path / "mine")
    repo.save_first_run(Couple("Kim", "Lou"), Settings())
    with pytest.raises(export.ImportProblem, match="belongs to .* but this data folder belongs to Kim & Lou"):
        export.import_text(repo, demo_export())
    assert repo.summaries() == []
    repo.close()


def test_problems_never_show_note_text(tmp_path):
    data = json.loads(demo_export())
    note = next(e for e in data["checkins"][0]["events"] if e["type"] == "note")
    note["m"] = "a secret worry"
    note["text"] = "a secret worry"
    problems = export.validate(data)
    assert problems and not any("secret" in p for p in problems)


ESCAPES = "\x1b[31m\x1b]0;owned\x07\x1b[2J\x9b1m"


def test_names_in_an_import_are_cleaned_of_escape_sequences(tmp_path):
    data = json.loads(demo_export())
    data["couple"].update(name_a=f"An{ESCAPES}a", name_b="\x1b[1mBo\u202e\n")
    repo = open_repo(tmp_path / "new")
    report = export.import_data(repo, data)
    assert report.couple_added and report.added > 0
    couple = repo.couple()
    assert couple is not None and (couple.name_a, couple.name_b) == ("Ana", "Bo")
    again = export.export_json(repo)
    assert "\x1b" not in again and "\\u001b" not in again and "owned" not in again
    assert "Ana" in export.export_markdown(repo)
    repo.close()


@pytest.mark.parametrize(
    ("name_a", "name_b", "message"),
    [
        ("\x1b[2J\x1b]0;hi\x07", "Bo", "couple.name_a: expected a name, found only control characters"),
        ("Ana", "\x1b[1mANA\x1b[0m", "cannot be used. Two different names"),
        ("A" * 41 + "\x1b[5m", "Bo", "Please keep names to 40 characters"),
    ],
)
def test_names_that_cannot_be_used_refuse_the_file_and_change_nothing(tmp_path, name_a, name_b, message):
    data = json.loads(demo_export())
    data["couple"].update(name_a=name_a, name_b=name_b)
    folder = tmp_path / "new"
    repo = open_repo(folder)
    before = snapshot(folder)
    with pytest.raises(export.ImportProblem) as caught:
        export.import_data(repo, data)
    assert message in str(caught.value)
    assert all("\x1b" not in p and "\x07" not in p for p in caught.value.problems)
    assert repo.couple() is None and repo.summaries() == [] and snapshot(folder) == before
    repo.close()


def test_problems_quote_text_from_the_file_without_escape_sequences(tmp_path):
    data = json.loads(demo_export())
    data["couple"].update(name_a=f"Kim{ESCAPES}", name_b="Lou")
    data["settings"]["time"] = f"7pm{ESCAPES}"
    data["sections"][f"odd{ESCAPES}"] = []
    data["checkins"][0]["id"] = f"x{ESCAPES}"
    data["checkins"][1]["id"] = f"x{ESCAPES}"
    repo = open_repo(tmp_path / "mine")
    repo.save_first_run(Couple("Kim", "Sam"), Settings())
    problems = export.validate(data, repo.couple())
    text = "\n".join(problems)
    assert "belongs to Kim & Lou" in text and "'7pm'" in text and "sections.odd:" in text and "appears twice" in text
    assert not any(ch in text for ch in "\x1b\x07\x9b")
    repo.close()


# -- properties -----------------------------------------------------------------------------------

names = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
    .map(
        clean_name  # names are cleaned as they come in (see the tests above), so round trips start clean
    )
    .filter(bool)
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    subset=st.sets(st.integers(0, 9), max_size=10),
    name_a=names,
    name_b=names,
    weekday=st.integers(0, 6),
    # text from a file comes in cleaned of terminal controls (test_hostile_input), so start clean
    extra=st.dictionaries(
        st.sampled_from(["x", "y", "z"]),
        st.integers(-(2**53), 2**53) | st.text(max_size=5).map(clean_text),
        max_size=2,
    ),
)
def test_round_trip_is_lossless_for_any_couple_and_subset(subset, name_a, name_b, weekday, extra):
    assume(not names_problem(name_a, name_b))
    data = json.loads(demo_export())
    data["checkins"] = [c for i, c in enumerate(data["checkins"]) if i in subset]
    data["couple"].update(name_a=name_a, name_b=name_b)
    data["settings"].update(weekday=weekday, **extra)
    with tempfile.TemporaryDirectory() as tmp:
        first = open_repo(Path(tmp) / "one")
        export.import_data(first, data)
        once = export.export_json(first)
        second = open_repo(Path(tmp) / "two")
        export.import_text(second, once)
        export.import_text(second, once)  # twice: nothing more
        assert export.export_json(second) == once
        exported = json.loads(once)
        assert [c["id"] for c in exported["checkins"]] == [c["id"] for c in data["checkins"]]
        assert exported["checkins"] == data["checkins"]
        assert exported["couple"]["name_a"] == name_a
        assert exported["settings"] == Settings.from_dict(data["settings"]).to_dict()
        first.close()
        second.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, 9),
    key=st.sampled_from(["id", "started_at", "status", "agenda", "events"]),
    value=st.none() | st.integers() | st.text(max_size=3) | st.lists(st.integers(), max_size=2),
)
def test_any_broken_checkin_changes_nothing(index, key, value):
    data: dict[str, Any] = json.loads(demo_export())
    record = data["checkins"][index % len(data["checkins"])]
    record[key] = value
    problems = export.validate(data)
    if not problems:  # e.g. a text id that happens to be valid
        return
    with tempfile.TemporaryDirectory() as tmp:
        repo = open_repo(Path(tmp) / "mine")
        before = snapshot(Path(tmp) / "mine")
        with pytest.raises(export.ImportProblem):
            export.import_data(repo, data)
        assert snapshot(Path(tmp) / "mine") == before
        assert repo.couple() is None and repo.summaries() == []
        repo.close()


@pytest.mark.parametrize("summary", [None, "broken", {"talk": []}])
def test_a_missing_or_odd_summary_is_worked_out_again_from_the_events(tmp_path, summary):
    data = json.loads(demo_export())
    original = data["checkins"][0]["summary"]
    data["checkins"][0]["summary"] = summary
    repo = open_repo(tmp_path / "new")
    export.import_data(repo, data)
    stored = repo.checkin(data["checkins"][0]["id"])["summary"]
    assert stored == original
    row = next(r for r in repo.summaries() if r["id"] == data["checkins"][0]["id"])
    assert row["talk_share"] == original["talk_share"]
    repo.close()


def test_markdown_names_the_activity_planned_in_a_checkin(tmp_path):
    folder = tmp_path / "d"
    write_demo(folder, 3, seed=3, end=END, check_ins=3)
    repo = open_repo(folder)
    try:
        newest = repo.summaries()[0]
        plan = {"id": "p9", "activity_id": "jigsaw-puzzle", "day": "2026-11-28", "checkin_id": newest["id"]}
        repo.save_section("hobbies", {"plans": [plan, {"id": "p0", "activity_id": "walk", "checkin_id": "other"}]})
        text = export.export_markdown(repo)
    finally:
        repo.close()
    newest_part = text.split("\n## ")[1]  # newest first
    assert "**Planned together**" in newest_part
    assert "- Jigsaw puzzle, Sat 28 Nov 2026: not looked back on yet" in newest_part
    assert text.count("**Planned together**") == 1  # only where it was planned
