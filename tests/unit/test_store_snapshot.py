"""`checkin history` and `export` read a consistent snapshot without the lock (the app may be open)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import arrow
import pytest

from checkin import cli_history
from checkin.errors import DamagedFileError
from checkin.store import journal
from checkin.store.demo import write_demo
from checkin.store.lock import DataLock
from checkin.store.repository import HISTORY, INDEX, Repository
from checkin.store.snapshot import read_snapshot

END = arrow.get("2026-11-26T12:00:00+00:00")


def run(*argv: str) -> int | None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR")
    parser = argparse.ArgumentParser(prog="checkin", parents=[common])
    sub = parser.add_subparsers(dest="command")
    cli_history.add_commands(sub, common)
    return cli_history.run(parser.parse_args(list(argv)))


def files(folder: Path) -> dict[str, bytes]:
    found = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "checkin.lock")
    return {str(p.relative_to(folder)): p.read_bytes() for p in found}


def record(rid: str, started: str) -> dict:
    return {
        "id": rid,
        "started_at": started,
        "ended_at": started,
        "status": "completed",
        "events": [{"type": "start"}, {"type": "finish", "status": "completed"}],
    }


@pytest.fixture
def demo(tmp_path) -> Path:
    folder = tmp_path / "demo"
    write_demo(folder, 12, seed=7, end=END)
    return folder


def test_history_and_export_work_while_the_app_holds_the_lock(demo, capsys):
    assert run("history", "--json", "--data-dir", str(demo)) == 0
    free_history = capsys.readouterr().out
    assert run("export", "--data-dir", str(demo)) == 0
    free_export = capsys.readouterr().out
    before = files(demo)
    with DataLock(demo):  # what the open app holds
        assert run("history", "--json", "--data-dir", str(demo)) == 0
        assert capsys.readouterr().out == free_history
        assert run("export", "--data-dir", str(demo)) == 0
        assert capsys.readouterr().out == free_export
        assert run("export", "--format", "markdown", "--data-dir", str(demo)) == 0
        assert "Lena" in capsys.readouterr().out
    assert files(demo) == before, "reading wrote nothing"
    assert len(json.loads(free_history)) > 5


def test_a_committed_change_not_yet_applied_is_read_as_it_will_be(demo, monkeypatch, capsys):
    repo = Repository(demo).open()
    before_ids = {r["id"] for r in repo.summaries()}
    real = journal._apply
    monkeypatch.setattr(journal, "_apply", lambda folder, rec: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):  # "killed" right after the journal was written
        repo.finish_into_history(record("new-one", "2026-11-25T18:00:00+00:00"), {"elapsed": 60.0})
    monkeypatch.setattr(journal, "_apply", real)
    assert (demo / journal.JOURNAL).exists()
    on_disk = files(demo)
    snap = read_snapshot(demo)
    assert {r["id"] for r in snap.summaries()} == before_ids | {"new-one"}
    assert {r["id"] for r in snap.all_checkins()} == before_ids | {"new-one"}
    assert run("history", "--json", "--data-dir", str(demo)) == 0
    assert "new-one" in capsys.readouterr().out
    assert files(demo) == on_disk, "a reader never completes the change itself"
    repo.close()
    again = Repository(demo).open()
    assert {r["id"] for r in again.summaries()} == before_ids | {"new-one"}
    again.close()


def test_a_damaged_file_is_named_with_the_way_out_and_nothing_is_written(demo):
    path = demo / HISTORY
    path.write_bytes(path.read_bytes()[:-10])
    before = files(demo)
    with pytest.raises(DamagedFileError) as caught:
        run("export", "--data-dir", str(demo))
    assert str(path) in str(caught.value) and "checkin doctor" in str(caught.value)
    assert files(demo) == before and not (demo / "damaged").exists()


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from checkin.store.lock import DataLock
    from checkin.store.repository import Repository

    folder = Path(sys.argv[1])
    with DataLock(folder):
        repo = Repository(folder).open()
        print("writing", flush=True)
        n = 0
        while True:
            n += 1
            rid = f"w{n}"
            repo.finish_into_history({"id": rid, "started_at": f"2027-01-01T10:00:{n % 60:02d}+00:00",
                                 "ended_at": None, "status": "completed", "events": []}, {"elapsed": 1.0})
            if n % 3 == 0:
                repo.delete_checkin(f"w{n - 1}")
    """
)


@pytest.mark.slow
def test_snapshots_taken_while_the_app_writes_always_agree_with_themselves(demo):
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(demo)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "writing", child.stderr.read()
        seen = set()
        for _ in range(25):
            snap = read_snapshot(demo)
            index = sorted(r["id"] for r in snap.summaries())
            history = sorted(r["id"] for r in snap.all_checkins())
            assert index == history, "index and history from two different moments"
            seen.add(len(index))
        assert len(seen) > 1, "the writer changed nothing while we read"
    finally:
        child.kill()
        child.communicate()
    assert read_json_ids(demo / INDEX) is not None


def read_json_ids(path: Path) -> list[str] | None:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [d["id"] for d in data["summaries"].values()]
