"""Small files derived from the big ones (home-dates.json, search.json): start-up and the notes
filter read them instead of the whole index and history, and they are rebuilt whenever they
are missing, damaged or stale, so they can never show something the big files do not say."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checkin.core.clock import FakeClock
from checkin.core.stats import record_search_text
from checkin.store.demo import write_demo
from checkin.store.derived import HOME_DATES, SEARCH
from checkin.store.repository import HISTORY, INDEX, Repository


def note_record(rid: str, started: str, note: str) -> dict:
    return {
        "id": rid,
        "started_at": started,
        "ended_at": started,
        "status": "completed",
        "events": [{"type": "start"}, {"type": "note", "text": note}, {"type": "finish"}],
        "summary": {"minutes": 30},
    }


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    write_demo(folder, 30, seed=2)
    return folder


def loaded(repo: Repository, name: str) -> bool:
    return repo._dbs[name].storage._loaded  # type: ignore[attr-defined]


def test_the_home_dates_come_without_reading_the_index_or_history(demo):
    repo = Repository(demo, FakeClock()).open()
    try:
        stamps = repo.started_stamps()
        assert not loaded(repo, INDEX) and not loaded(repo, HISTORY)
        assert stamps == [r["started_at"] for r in repo.summaries()]  # newest first, as the index
        assert len(stamps) > 20
    finally:
        repo.close()


def test_the_notes_filter_words_come_without_keeping_the_history(demo):
    repo = Repository(demo, FakeClock()).open()
    try:
        texts = repo.search_texts()
        assert not loaded(repo, HISTORY)
        expected = {r["id"]: record_search_text(r) for r in repo.all_checkins()}
        assert texts == expected
    finally:
        repo.close()


@pytest.mark.parametrize("how", ["missing", "damaged", "stale"])
def test_a_missing_damaged_or_stale_derived_file_is_made_again(demo, how):
    clock = FakeClock()
    if how == "missing":
        (demo / HOME_DATES).unlink()
        (demo / SEARCH).unlink()
    elif how == "damaged":
        (demo / HOME_DATES).write_bytes(b'{"source": [1, 2')
        (demo / SEARCH).write_bytes(b"\x00\x00")
    else:  # another copy of checkin finished a check-in (the big files changed since)
        data = json.loads((demo / INDEX).read_text())
        data["summaries"]["999"] = {"id": "new", "started_at": "2099-01-04T18:00:00+00:00"}
        (demo / INDEX).write_text(json.dumps(data))
        hist = json.loads((demo / HISTORY).read_text())
        hist["checkins"]["999"] = note_record("new", "2099-01-04T18:00:00+00:00", "Words from the future")
        (demo / HISTORY).write_text(json.dumps(hist))
    repo = Repository(demo, clock).open()
    try:
        assert repo.started_stamps() == [r["started_at"] for r in repo.summaries()]
        assert repo.search_texts() == {r["id"]: record_search_text(r) for r in repo.all_checkins()}
        if how == "stale":
            assert repo.started_stamps()[0].startswith("2099")
            assert "words from the future" in repo.search_texts()["new"]
    finally:
        repo.close()
    assert not (demo / "damaged").exists(), "derived files are remade, never reported as damage"
    for name in (HOME_DATES, SEARCH):
        assert os.stat(demo / name).st_mode & 0o777 == 0o600


def test_a_finished_check_in_is_in_the_derived_files_at_once(tmp_path):
    repo = Repository(tmp_path / "d", FakeClock()).open()
    try:
        repo.finish_into_history(note_record("c1", "2026-11-22T18:00:00+00:00", "We Like Walks"), {"minutes": 3})
        stamps = json.loads((tmp_path / "d" / HOME_DATES).read_text())["data"]
        words = json.loads((tmp_path / "d" / SEARCH).read_text())["data"]
        assert stamps == ["2026-11-22T18:00:00+00:00"]
        assert "we like walks" in words["c1"]
    finally:
        repo.close()


def test_a_deleted_check_in_leaves_no_words_in_search_json(tmp_path):
    repo = Repository(tmp_path / "d", FakeClock()).open()
    try:
        repo.finish_into_history(note_record("c1", "2026-11-15T18:00:00+00:00", "keep this"), {})
        repo.finish_into_history(note_record("c2", "2026-11-22T18:00:00+00:00", "a secret to forget"), {})
        assert repo.delete_checkin("c2")
    finally:
        repo.close()
    on_disk = (tmp_path / "d" / SEARCH).read_text()
    assert "secret" not in on_disk and "keep this" in on_disk
    assert "2026-11-22" not in (tmp_path / "d" / HOME_DATES).read_text()
