"""The repository: couple, settings, sections, the draft, history, finishing and crash recovery."""

from __future__ import annotations

import json
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin.core.clock import FakeClock
from checkin.core.model import Couple, Settings
from checkin.store import backups, journal
from checkin.store.atomic import AtomicJSONStorage, read_json_file
from checkin.store.backups import KEEP, backup_sets, make_backup
from checkin.store.repository import CURRENT, HISTORY, INDEX, MAIN, Repository
from checkin.store.schema import CHECKIN_FIELDS


class Crash(Exception):
    """Stands in for the process dying at a given step."""


def record(rid: str = "c1", started: str = "2026-11-22T18:00:00+00:00", **extra) -> dict:
    return {
        "id": rid,
        "started_at": started,
        "ended_at": "2026-11-22T18:40:00+00:00",
        "status": "completed",
        "events": [{"type": "start"}, {"type": "finish", "status": "completed"}],
        **extra,
    }


@pytest.fixture
def repo(data_dir, clock):
    r = Repository(data_dir, clock).open()
    yield r
    r.close()


def reopen(repo: Repository) -> Repository:
    repo.close()
    return Repository(repo.folder, repo.clock).open()


def history_ids(folder: Path) -> list[str]:
    data = read_json_file(folder / HISTORY) or {}
    return [doc["id"] for doc in data.get("checkins", {}).values()]


def index_ids(folder: Path) -> list[str]:
    data = read_json_file(folder / INDEX) or {}
    return [doc["id"] for doc in data.get("summaries", {}).values()]


# -- couple, settings, sections ---------------------------------------------------------


def test_a_new_folder_has_no_couple_and_default_settings(repo, data_dir):
    assert repo.couple() is None
    assert repo.settings() == Settings()
    assert repo.current() is None
    assert repo.summaries() == []
    assert data_dir.is_dir()


def test_couple_and_settings_round_trip_with_unknown_fields(repo, clock):
    couple = Couple.from_dict({"name_a": "Ana", "name_b": "Bo", "pronouns_a": "she", "future": [1]})
    chosen = Settings.from_dict({"weekday": 2, "time": "20:30", "theme": "x", "new_thing": {"k": 1}})
    repo.save_couple(couple)
    repo.save_settings(chosen)
    again = reopen(repo)
    got = again.couple()
    assert (got.name_a, got.name_b) == ("Ana", "Bo")
    assert got.created_at == clock.now().isoformat()
    assert got.extra == {"pronouns_a": "she", "future": [1]}
    assert again.settings() == chosen
    assert again.settings().extra == {"new_thing": {"k": 1}}
    again.close()


def test_saving_settings_replaces_them_wholesale(repo):
    repo.save_settings(Settings.from_dict({"weekday": 1, "old_key": True}))
    repo.save_settings(Settings(weekday=3))
    assert repo.settings() == Settings(weekday=3)
    assert "old_key" not in read_json_file(repo.folder / MAIN)["settings"]["1"]


def test_first_run_is_one_write_and_a_failed_one_leaves_nothing(data_dir, clock, monkeypatch):
    repo = Repository(data_dir, clock).open()
    writes = []
    real = AtomicJSONStorage.write

    def fail(self, data):
        writes.append(self.path.name)
        raise Crash

    monkeypatch.setattr(AtomicJSONStorage, "write", fail)
    with pytest.raises(Crash):
        repo.save_first_run(Couple("Ana", "Bo"), Settings(weekday=1))
    assert writes == [MAIN]
    assert not (data_dir / MAIN).exists()
    assert repo.couple() is None

    monkeypatch.setattr(AtomicJSONStorage, "write", lambda self, data: writes.append(1) or real(self, data))
    writes.clear()
    repo.save_first_run(Couple("Ana", "Bo"), Settings(weekday=1))
    assert writes == [1]
    again = reopen(repo)
    assert again.couple().name_b == "Bo"
    assert again.settings().weekday == 1
    assert read_json_file(data_dir / MAIN)["meta"]["1"]["schema"] >= 1
    again.close()


def test_first_run_keeps_other_sections(repo):
    repo.save_section("hobbies", {"vetoed": ["golf"]})
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    assert repo.section("hobbies") == {"vetoed": ["golf"]}
    assert repo.couple().name_a == "Ana"


def test_sections_are_replaced_wholesale_and_returned_as_copies(repo):
    assert repo.section("hobbies") == {}
    repo.save_section("hobbies", {"liked": ["walks"], "vetoed": ["golf"]})
    repo.save_section("hobbies", {"liked": ["walks", "chess"]})
    got = repo.section("hobbies")
    assert got == {"liked": ["walks", "chess"]}
    got["liked"].append("mutated")
    assert repo.section("hobbies") == {"liked": ["walks", "chess"]}


# -- the draft -----------------------------------------------------------------------------


def test_draft_save_replace_and_discard(repo):
    events = [{"type": "start"}, {"type": "pause"}, {"type": "resume"}]
    repo.save_current({"id": "d", "status": "in_progress", "events": events[:2], "gone": True})
    repo.save_current({"id": "d", "status": "in_progress", "events": events})
    assert reopen(repo).current() == {"id": "d", "status": "in_progress", "events": events}


def test_clear_current_survives_reopen(repo):
    repo.save_current({"id": "d", "status": "in_progress"})
    repo.clear_current()
    assert repo.current() is None
    again = reopen(repo)
    assert again.current() is None
    again.close()


def test_autosave_writes_only_the_small_draft_file(repo, monkeypatch):
    repo.bulk_import([record(f"c{n}", f"2026-01-{n + 1:02d}T10:00:00+00:00") for n in range(20)])
    written = []
    real = AtomicJSONStorage.write
    monkeypatch.setattr(
        AtomicJSONStorage, "write", lambda self, data: written.append(self.path.name) or real(self, data)
    )
    for n in range(5):
        repo.save_current({"id": "d", "n": n})
    assert written == [CURRENT] * 5


# -- finishing -----------------------------------------------------------------------------


def test_finish_moves_the_draft_into_history_and_index(repo, data_dir):
    rec = record("c1", note="we talked about the holidays")
    repo.save_current(dict(rec, status="in_progress"))
    repo.finish_into_history(rec, {"minutes": 40, "mood": 4})
    assert repo.current() is None
    full = repo.checkin("c1")
    assert full["note"] == "we talked about the holidays"
    assert full["summary"] == {"minutes": 40, "mood": 4}
    [row] = repo.summaries()
    assert row == {
        "minutes": 40,
        "mood": 4,
        "id": "c1",
        "started_at": rec["started_at"],
        "ended_at": rec["ended_at"],
        "status": "completed",
    }
    assert history_ids(data_dir) == ["c1"] and index_ids(data_dir) == ["c1"]
    assert len(backup_sets(data_dir)) == 1


def test_finishing_twice_never_duplicates(repo, data_dir):
    repo.finish_into_history(record("c1"), {"minutes": 40})
    repo.finish_into_history(record("c1", note="edited"), {"minutes": 41})
    again = reopen(repo)
    assert history_ids(data_dir) == ["c1"]
    assert index_ids(data_dir) == ["c1"]
    assert again.checkin("c1")["note"] == "edited"
    assert again.summaries()[0]["minutes"] == 41
    again.close()


def _crash_on_write(monkeypatch, crash_at: int) -> list[str]:
    """Make the ``crash_at``-th storage write (1-based) die before it reaches the disk."""
    real = AtomicJSONStorage.write
    writes: list[str] = []

    def write(self, data):
        writes.append(self.path.name)
        if len(writes) == crash_at:
            raise Crash(self.path.name)
        real(self, data)

    monkeypatch.setattr(AtomicJSONStorage, "write", write)
    return writes


def test_finishing_saves_the_draft_then_history_index_and_cleared_draft_as_one_change(repo, data_dir, monkeypatch):
    repo.save_current(dict(record("c1"), status="in_progress"))
    writes = _crash_on_write(monkeypatch, crash_at=0)
    repo.finish_into_history(record("c1"), {"minutes": 40})
    assert writes == [CURRENT, HISTORY, INDEX, CURRENT]
    assert not (data_dir / journal.JOURNAL).exists()
    assert list(data_dir.glob(f".*{journal.STAGED_SUFFIX}")) == []


@pytest.mark.parametrize("crash_at", [2, 3, 4], ids=["history", "index", "draft"])
def test_a_failure_while_finishing_keeps_the_finished_draft_and_changes_no_other_file(
    data_dir, clock, monkeypatch, crash_at
):
    repo = Repository(data_dir, clock).open()
    repo.finish_into_history(record("c0", "2026-11-15T18:00:00+00:00"), {"minutes": 30})
    rec = record("c1")
    repo.save_current(dict(rec, status="in_progress"))
    before = {p.name: p.read_bytes() for p in data_dir.glob("*.json") if p.name != CURRENT}
    _crash_on_write(monkeypatch, crash_at)
    with pytest.raises(Crash):
        repo.finish_into_history(rec, {"minutes": 40})
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in data_dir.glob("*.json") if p.name != CURRENT} == before
    assert list(data_dir.glob(f".*{journal.STAGED_SUFFIX}")) == []
    # The repository in memory agrees with the disk: the finished draft, history as it was.
    assert repo.current() == dict(rec, summary={"minutes": 40})
    assert [r["id"] for r in repo.summaries()] == ["c0"]
    repo.close()
    again = Repository(data_dir, clock).open()  # the finished draft is moved now
    assert sorted(history_ids(data_dir)) == ["c0", "c1"] and sorted(index_ids(data_dir)) == ["c0", "c1"]
    assert again.current() is None
    again.finish_into_history(rec, {"minutes": 40})  # finishing again (a retry) still keeps it once
    assert sorted(history_ids(data_dir)) == ["c0", "c1"] and sorted(index_ids(data_dir)) == ["c0", "c1"]
    again.close()


@pytest.mark.parametrize("renamed", [0, 1, 2, 3], ids=["none", "history", "history+index", "all"])
def test_a_crash_after_the_journal_is_written_is_completed_on_next_open(data_dir, clock, monkeypatch, renamed):
    repo = Repository(data_dir, clock).open()
    repo.finish_into_history(record("c0", "2026-11-15T18:00:00+00:00"), {"minutes": 30})
    rec = record("c1")
    repo.save_current(dict(rec, status="in_progress"))
    real = journal.os.replace
    done = []

    def replace(src, dst):
        if Path(src).name.endswith(journal.STAGED_SUFFIX):
            if len(done) == renamed:
                raise Crash("killed while renaming")
            done.append(dst)
        real(src, dst)

    real_sync = journal._fsync_dir

    def fsync_dir(folder):
        if len(done) == 3:
            raise Crash("killed before the journal was removed")
        real_sync(folder)

    monkeypatch.setattr(journal.os, "replace", replace)
    monkeypatch.setattr(journal, "_fsync_dir", fsync_dir)
    with pytest.raises(Crash):
        repo.finish_into_history(rec, {"minutes": 40})
    monkeypatch.undo()
    repo.close()  # the process "died" here
    assert (data_dir / journal.JOURNAL).exists()

    again = Repository(data_dir, clock).open()
    assert not (data_dir / journal.JOURNAL).exists()
    assert list(data_dir.glob(f".*{journal.STAGED_SUFFIX}")) == []
    assert again.current() is None
    assert sorted(history_ids(data_dir)) == ["c0", "c1"] and sorted(index_ids(data_dir)) == ["c0", "c1"]
    assert again.checkin("c1")["summary"] == {"minutes": 40}
    again.close()


def test_staged_files_without_a_journal_are_dropped_at_open(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    repo.finish_into_history(record("c0"), {"minutes": 30})
    repo.close()
    stray = data_dir / f".history.json.0badc0de{journal.STAGED_SUFFIX}"
    stray.write_bytes(b"{}")
    again = Repository(data_dir, clock).open()
    assert not stray.exists()
    assert history_ids(data_dir) == ["c0"]
    again.close()


def test_a_damaged_journal_is_set_aside_and_the_index_made_again_from_history(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    repo.bulk_import([dict(record(f"r{n}", f"2026-01-{n + 1:02d}T10:00:00+00:00"), summary={"n": n}) for n in range(5)])
    repo.close()
    (data_dir / INDEX).write_text('{"summaries": {}, "meta": {"1": {"schema": 1}}}')
    (data_dir / journal.JOURNAL).write_text("not a journal")
    again = Repository(data_dir, clock).open()
    assert not (data_dir / journal.JOURNAL).exists()
    assert [p.name.split(".json")[0] for p in (data_dir / "damaged").iterdir()] == ["journal"]
    assert sorted(r["id"] for r in again.summaries()) == [f"r{n}" for n in range(5)]
    again.close()


def test_a_finished_draft_from_an_older_checkin_is_still_moved_at_open(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    rec = record("c1")
    repo.save_current(dict(rec, summary={"minutes": 40}))  # finished, but never moved (old order)
    again = reopen(repo)
    assert again.current() is None
    assert history_ids(data_dir) == ["c1"] and index_ids(data_dir) == ["c1"]
    again.close()


def test_an_unfinished_draft_is_not_moved_at_open(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    repo.save_current({"id": "d", "status": "in_progress", "summary": {"half": True}})
    again = reopen(repo)
    assert again.current()["id"] == "d"
    assert history_ids(data_dir) == []
    again.close()


# -- history -------------------------------------------------------------------------------


def test_summaries_newest_first_and_checkin_by_id(repo):
    for rid, day in [("b", "10"), ("c", "17"), ("a", "03")]:
        repo.finish_into_history(record(rid, f"2026-11-{day}T18:00:00+00:00"), {"minutes": 1})
    assert [r["id"] for r in repo.summaries()] == ["c", "b", "a"]
    assert repo.checkin("b")["started_at"].startswith("2026-11-10")
    assert repo.checkin("nope") is None
    assert sorted(r["id"] for r in repo.all_checkins()) == ["a", "b", "c"]


def test_summaries_are_kept_sorted_but_follow_every_change_of_the_index(repo, monkeypatch):
    """Look back reads the sorted rows from memory; each kind of change is seen at once."""
    ids = lambda: [r["id"] for r in repo.summaries()]  # noqa: E731
    repo.finish_into_history(record("a", "2026-11-03T18:00:00+00:00"), {"minutes": 1})
    assert ids() == ["a"]
    repo.finish_into_history(record("b", "2026-11-10T18:00:00+00:00"), {"minutes": 2})
    assert ids() == ["b", "a"]
    repo.finish_into_history(record("a", "2026-11-03T18:00:00+00:00"), {"minutes": 9})  # a retry
    assert [(r["id"], r["minutes"]) for r in repo.summaries()] == [("b", 2), ("a", 9)]
    repo.bulk_import([dict(record("c", "2026-11-17T18:00:00+00:00"), summary={"minutes": 3})])
    assert ids() == ["c", "b", "a"]
    assert repo.delete_checkin("b") is True
    assert ids() == ["c", "a"]
    repo.rebuild_index()
    assert ids() == ["c", "a"]
    # A change that fails half-way is undone in memory too: the list is read again.
    with pytest.raises(Crash):
        with repo.transaction():
            repo.bulk_import([dict(record("d", "2026-11-24T18:00:00+00:00"), summary={})])
            assert ids() == ["d", "c", "a"]
            raise Crash
    assert ids() == ["c", "a"]
    # Callers get their own rows: changing one does not change the next call's.
    rows = repo.summaries()
    rows[0]["minutes"] = 999
    rows.reverse()
    assert [(r["id"], r["minutes"]) for r in repo.summaries()] == [("c", 3), ("a", 9)]


def test_delete_checkin(repo, data_dir):
    repo.finish_into_history(record("a"), {})
    repo.finish_into_history(record("b"), {})
    assert repo.delete_checkin("a") is True
    assert repo.delete_checkin("a") is False
    again = reopen(repo)
    assert again.checkin("a") is None
    assert [r["id"] for r in again.summaries()] == ["b"]
    assert history_ids(data_dir) == ["b"]
    again.close()


def test_bulk_import_is_by_id(repo):
    assert repo.bulk_import([dict(record("a"), summary={"m": 1})]) == 1
    assert repo.bulk_import([dict(record("a"), summary={"m": 2})]) == 0
    assert repo.checkin("a")["summary"] == {"m": 1}


def test_bulk_import_adds_after_existing_and_backs_up(repo, data_dir):
    repo.finish_into_history(record("first", "2025-01-01T10:00:00+00:00"), {"minutes": 1})
    rows = [dict(record(f"r{n}", f"2026-01-{n + 1:02d}T10:00:00+00:00"), summary={"n": n}) for n in range(30)]
    repo.bulk_import(rows)
    again = reopen(repo)
    assert len(again.summaries()) == 31
    assert again.summaries()[0]["id"] == "r29" and again.summaries()[0]["n"] == 29
    assert again.checkin("first")["summary"] == {"minutes": 1}
    assert len(set(history_ids(data_dir))) == 31
    assert len(backup_sets(data_dir)) == 2
    again.close()


# -- backups ---------------------------------------------------------------------------------


def test_only_the_newest_ten_backup_sets_are_kept(repo, clock, data_dir):
    made = []
    for n in range(KEEP + 3):
        clock.advance(60)
        repo.finish_into_history(record(f"c{n}"), {"n": n})
        made.append(backup_sets(data_dir)[0].name)
    sets = backup_sets(data_dir)
    assert [p.name for p in sets] == list(reversed(made))[:KEEP]
    newest = sets[0]
    assert sorted(p.name for p in newest.iterdir()) == ["history.json", "index.json"]
    assert len(read_json_file(newest / HISTORY)["checkins"]) == KEEP + 3


def test_backups_made_in_the_same_millisecond_do_not_collide(repo, data_dir):
    repo.finish_into_history(record("a"), {})
    repo.finish_into_history(record("b"), {})
    names = [p.name for p in backup_sets(data_dir)]
    assert len(names) == 2 and len(set(names)) == 2


def test_a_backup_that_fails_validation_does_not_count(repo, clock, data_dir, monkeypatch):
    for n in range(KEEP):
        clock.advance(60)
        repo.finish_into_history(record(f"c{n}"), {})
    good = [p.name for p in backup_sets(data_dir)]
    assert len(good) == KEEP

    real = backups.copy_private

    def bad_copy(src, dst):
        real(src, dst)
        if dst.name == HISTORY:
            dst.write_bytes(dst.read_bytes()[:-5])  # the copy came out short

    monkeypatch.setattr(backups, "copy_private", bad_copy)
    clock.advance(60)
    assert make_backup(data_dir, clock) is None
    assert [p.name for p in backup_sets(data_dir)] == good, "no good set was dropped for a bad one"
    monkeypatch.undo()
    clock.advance(60)
    newest = make_backup(data_dir, clock)
    assert newest is not None
    assert [p.name for p in backup_sets(data_dir)] == [newest.name, *good[: KEEP - 1]]


def test_no_backup_without_data(data_dir, clock):
    data_dir.mkdir()
    assert make_backup(data_dir, clock) is None
    assert backup_sets(data_dir) == []


# -- UTF-8 ------------------------------------------------------------------------------------

TEXTS = [
    "Zoë & Ana 😊👩‍❤️‍👨🏳️‍🌈",
    "李小龍 と 山田",
    "שָׁלוֹם مرحبا",  # RTL with combining points
    "e\u0301 vs \u00e9, a\u0308\u0304",  # decomposed and precomposed stay as they are
    'tab\tnew\nline \u2028 "quotes" \\ back',
]


def test_unicode_round_trips_exactly_and_is_stored_as_utf8(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    repo.save_first_run(Couple(TEXTS[0], TEXTS[1], extra={"note": TEXTS[2]}), Settings())
    repo.save_current({"id": "d", "notes": TEXTS})
    repo.finish_into_history(record("c1", notes=TEXTS), {"words": TEXTS[3]})
    repo.save_current({"id": "d2", "notes": TEXTS})
    again = reopen(repo)
    couple = again.couple()
    assert (couple.name_a, couple.name_b, couple.extra["note"]) == (TEXTS[0], TEXTS[1], TEXTS[2])
    assert again.current()["notes"] == TEXTS
    assert again.checkin("c1")["notes"] == TEXTS
    assert again.summaries()[0]["words"] == TEXTS[3]
    for name in (MAIN, CURRENT, HISTORY):
        raw = (data_dir / name).read_bytes()
        raw.decode("utf-8")  # strict
        assert "李小龍".encode() in raw or "😊".encode() in raw
        assert b"\\ud83d" not in raw and b"\\u674e" not in raw
    assert "e\u0301 vs \u00e9".encode() in (data_dir / CURRENT).read_bytes()
    again.close()


# -- property: a save/load round trip loses nothing ------------------------------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)
# Any value survives in a field the app does not know; known fields have types (schema.py).
drafts = st.dictionaries(st.text().filter(lambda k: k not in CHECKIN_FIELDS), json_values, max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(draft=drafts, section=st.dictionaries(st.text(string.ascii_letters), json_values, max_size=4))
def test_any_json_safe_draft_survives_save_and_reopen(draft, section):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        clock = FakeClock()
        repo = Repository(folder, clock).open()
        repo.save_current(draft)
        repo.save_section("hobbies", section)
        assert repo.current() == draft
        repo.close()
        again = Repository(folder, clock).open()
        got = again.current()
        assert got == draft
        assert json.dumps(got, sort_keys=True) == json.dumps(draft, sort_keys=True)
        assert again.section("hobbies") == section
        again.close()
