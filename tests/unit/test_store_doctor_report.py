"""`checkin doctor` as a reader (no lock, no write, a pending change read as it will be) and
as a repairer (completes an interrupted change first). One index rebuild serves both."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import arrow
import pytest
from rich.console import Console

from checkin.core.clock import FakeClock
from checkin.store import journal
from checkin.store.demo import write_demo
from checkin.store.doctor import run_doctor
from checkin.store.lock import DataLock
from checkin.store.repository import HISTORY, INDEX, Repository, index_rows

END = arrow.get("2026-11-26T12:00:00+00:00")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    write_demo(folder, 6, seed=3, end=END)
    return folder


def doctor(folder: Path, **kw) -> tuple[int, str]:
    out = io.StringIO()
    code = run_doctor(folder, console=Console(file=out, width=200), **kw)
    return code, out.getvalue()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"", stat.S_IMODE(p.stat().st_mode))
        for p in sorted(folder.rglob("*"))
    }


def interrupted_delete(folder: Path, monkeypatch) -> str:
    """Delete a check-in and 'die' right after its journal counted, before any rename."""
    repo = Repository(folder, FakeClock(END.isoformat())).open()
    victim = repo.summaries()[0]["id"]

    def die(*_args, **_kw):
        raise SystemExit("killed")

    monkeypatch.setattr(journal, "_apply", die)
    with pytest.raises(SystemExit):
        repo.delete_checkin(victim)
    monkeypatch.undo()
    for db in repo._dbs.values():  # no tidy close: the process is gone
        db.storage.close = lambda: None
    assert (folder / journal.JOURNAL).exists()
    return victim


def test_a_plain_check_reads_only_and_works_while_the_app_holds_the_lock(folder):
    with DataLock(folder):
        before = snapshot(folder)
        code, out = doctor(folder)
        assert snapshot(folder) == before  # nothing written, no mode changed
    assert code == 0 and "All data files are fine." in out


def test_a_plain_check_works_on_a_read_only_folder(folder):
    os.chmod(folder, 0o500)
    try:
        code, out = doctor(folder)
    finally:
        os.chmod(folder, 0o700)
    assert code == 0 and "All data files are fine." in out
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_pending_change_is_reported_then_completed_by_restore(folder, monkeypatch):
    victim = interrupted_delete(folder, monkeypatch)
    before = snapshot(folder)
    code, out = doctor(folder)
    assert code == 1
    row = next(line for line in out.splitlines() if "journal.json" in line)
    assert "pending" in row and "interrupted" in row and HISTORY in row and INDEX in row
    assert "disagree" not in out  # read as it will be: the staged history and index agree
    assert snapshot(folder) == before
    code, out = doctor(folder, restore=True)
    assert code == 0, out
    assert "completed an interrupted change" in out and "All data files are fine." in out
    assert not (folder / journal.JOURNAL).exists()
    repo = Repository(folder, FakeClock(END.isoformat())).open()
    try:
        assert victim not in {row["id"] for row in repo.summaries()}
        assert victim not in repo.checkin_ids()
    finally:
        repo.close()


def test_one_index_rebuild_keeps_a_repeated_id_once_and_makes_a_missing_summary():
    records = [
        {"id": "x", "started_at": "2026-11-01T19:00:00+00:00", "summary": {"agenda": "Weekly"}},
        {"id": "x", "started_at": "2026-11-01T19:00:00+00:00", "summary": {"agenda": "Weekly"}},
        {"id": "y", "started_at": "2026-11-08T19:00:00+00:00", "summary": None, "events": []},
    ]
    rows = index_rows(records)
    assert [r["id"] for r in rows] == ["x", "y"]
    assert rows[0]["agenda"] == "Weekly" and isinstance(rows[1], dict)
    assert records[2]["summary"] is None  # the records themselves are left as they were
