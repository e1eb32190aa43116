"""Damaged data files are named, copied to damaged/, never written over; doctor restores them."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from checkin.core.clock import FakeClock
from checkin.core.model import Couple, Settings
from checkin.errors import DamagedFileError
from checkin.store.atomic import read_json_file
from checkin.store.backups import backup_sets, newest_valid_copy
from checkin.store.doctor import check_files, run_doctor
from checkin.store.repository import CURRENT, DATA_FILES, HISTORY, INDEX, MAIN, Repository


def _record(n: int) -> dict:
    return {
        "id": f"c{n}",
        "started_at": f"2026-10-{n + 1:02d}T18:00:00+00:00",
        "ended_at": f"2026-10-{n + 1:02d}T18:45:00+00:00",
        "status": "completed",
        "events": [{"type": "start"}, {"type": "note", "text": f"note {n} — Zoë 😊"}],
    }


@pytest.fixture(scope="module")
def good_folder(tmp_path_factory) -> Path:
    """A folder with every data file and three backup sets (built once, copied per test)."""
    folder = tmp_path_factory.mktemp("good") / "data"
    clock = FakeClock()
    repo = Repository(folder, clock).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    for n in range(3):
        clock.advance(3600)
        repo.finish_into_history(_record(n), {"minutes": 45, "n": n})
    repo.save_current({"id": "d", "status": "in_progress", "events": [{"type": "start"}]})
    repo.close()
    return folder


@pytest.fixture
def folder(good_folder, tmp_path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(good_folder, dst)
    return dst


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {n: (folder / n).read_bytes() if (folder / n).exists() else None for n in DATA_FILES}


def _bad_utf8(good: bytes) -> bytes:
    # Deep inside a string value, past the first 4 KiB check, as a flipped bit would be.
    at = good.rindex(b"Zo") if b"Zo" in good else good.rindex(b'"')
    return good[:at] + b"\xff\xfe" + good[at + 2 :]


DAMAGE = {
    "truncated": lambda good: good[: len(good) // 2],
    "truncated-at-a-brace": lambda good: good[: good.index(b"}") + 1],
    "trailing-garbage": lambda good: good + b'\n{"extra": 1}',
    "trailing-brace": lambda good: good + b"}",
    "empty": lambda good: b"",
    "only-whitespace": lambda good: b" \n\t\n",
    "nul-bytes": lambda good: good[:5] + b"\x00" * 16 + good[5:],
    "all-nul": lambda good: b"\x00" * len(good),
    "bad-utf8": _bad_utf8,
    "utf16": lambda good: good.decode().encode("utf-16"),
    "a-list": lambda good: b"[" + good + b"]",
    "a-string": lambda good: b'"hello"',
    "table-not-object": lambda good: b'{"meta":{"1":{"schema":1}},"draft":[1,2,3]}',
    "doc-not-object": lambda good: b'{"meta":{"1":{"schema":1}},"checkins":{"1":"text"}}',
    "doc-id-not-a-number": lambda good: b'{"meta":{"1":{"schema":1}},"summaries":{"first":{"id":"x"}}}',
    "doc-id-superscript": lambda good: b'{"meta":{"1":{"schema":1}},"summaries":{"\xc2\xb2":{"id":"x"}}}',
}


def _open_fully(folder: Path) -> None:
    """Open, and read the index and the big history file in full too (the app reads them
    when first needed, after the first frame)."""
    repo = Repository(folder, FakeClock()).open()
    try:
        repo.summaries()
        repo.load_history_file()
    finally:
        repo.close()


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("name", DATA_FILES)
def test_a_damaged_file_is_named_kept_and_never_written_over(folder, name, damage):
    bad = DAMAGE[damage]((folder / name).read_bytes())
    (folder / name).write_bytes(bad)
    before = snapshot(folder)

    with pytest.raises(DamagedFileError) as caught:
        _open_fully(folder)

    err = caught.value
    assert err.path == folder / name
    assert name in str(err) and "doctor" in str(err)
    assert err.copy is not None and err.copy.parent == folder / "damaged"
    assert str(err.copy) in str(err)
    assert err.copy.read_bytes() == bad
    assert snapshot(folder) == before, "no data file was written"
    # doctor sees the same problem (and only that one)
    assert [n for n, problem in check_files(folder).items() if problem] == [name]


def test_history_damage_only_the_full_check_sees_is_caught_when_history_is_read(folder):
    good = (folder / HISTORY).read_bytes()
    bad = _bad_utf8(good)
    (folder / HISTORY).write_bytes(bad)
    repo = Repository(folder, FakeClock()).open()  # the quick check at open passes
    assert [r["id"] for r in repo.summaries()] == ["c2", "c1", "c0"]
    with pytest.raises(DamagedFileError) as caught:
        repo.load_history_file()
    assert caught.value.path == folder / HISTORY
    # Finishing a check-in now must not write over the damaged history, and loses nothing.
    rec = dict(_record(9), status="completed")
    with pytest.raises(DamagedFileError):
        repo.finish_into_history(rec, {"minutes": 1})
    with pytest.raises(DamagedFileError):
        repo.checkin("c1")
    repo.close()
    assert (folder / HISTORY).read_bytes() == bad
    assert read_json_file(folder / CURRENT)["draft"]["1"]["id"] == "c9"


def test_the_same_damage_is_copied_once_and_new_damage_again(folder):
    (folder / INDEX).write_bytes(b"{")
    for _ in range(3):  # opening again and again must not fill the folder with copies
        with pytest.raises(DamagedFileError) as caught:
            _open_fully(folder)
    copies = sorted((folder / "damaged").iterdir())
    assert len(copies) == 1 and copies[0].read_bytes() == b"{"
    assert caught.value.copy == copies[0]
    (folder / INDEX).write_bytes(b"{}x")
    with pytest.raises(DamagedFileError):
        _open_fully(folder)
    copies = sorted((folder / "damaged").iterdir())
    assert sorted(c.read_bytes() for c in copies) == [b"{", b"{}x"]


# -- doctor ------------------------------------------------------------------------------------


def doctor(folder: Path, restore: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    code = run_doctor(folder, restore=restore, console=Console(file=out, width=300, color_system=None))
    return code, out.getvalue()


def test_doctor_on_healthy_data(folder):
    code, out = doctor(folder)
    assert code == 0
    assert "All data files are fine" in out
    assert all(n in out for n in DATA_FILES)


def test_doctor_on_a_folder_that_does_not_exist(tmp_path):
    code, out = doctor(tmp_path / "nothing")
    assert code == 0 and "nothing to check" in out
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize("name", [MAIN, INDEX, HISTORY])
@pytest.mark.parametrize("damage", ["truncated", "nul-bytes", "bad-utf8", "a-list", "empty"])
def test_doctor_reports_and_restores_the_newest_valid_backup(folder, name, damage):
    bad = DAMAGE[damage]((folder / name).read_bytes())
    (folder / name).write_bytes(bad)
    others = {n: b for n, b in snapshot(folder).items() if n != name}
    newest = backup_sets(folder)[0] / name

    code, out = doctor(folder)
    assert code == 1
    assert name in out and "damaged" in out and "--restore" in out
    assert (folder / name).read_bytes() == bad, "doctor without --restore changes nothing"

    code, out = doctor(folder, restore=True)
    assert code == 0, out
    assert "restored" in out
    assert (folder / name).read_bytes() == newest.read_bytes()
    assert [c.read_bytes() for c in (folder / "damaged").iterdir()] == [bad]
    assert {n: b for n, b in snapshot(folder).items() if n != name} == others
    _open_fully(folder)


def test_doctor_skips_a_damaged_newest_backup(folder):
    sets = backup_sets(folder)
    assert len(sets) == 3
    (sets[0] / HISTORY).write_bytes(b'{"checkins":{"1":')
    assert newest_valid_copy(folder, HISTORY) == sets[1] / HISTORY
    (folder / HISTORY).write_bytes(b"")
    code, out = doctor(folder, restore=True)
    assert code == 0
    assert (folder / HISTORY).read_bytes() == (sets[1] / HISTORY).read_bytes()
    assert sets[1].name in out
    repo = Repository(folder, FakeClock()).open()
    assert sorted(r["id"] for r in repo.all_checkins()) == ["c0", "c1"]
    repo.close()


def test_doctor_sets_aside_a_damaged_check_in_in_progress(folder):
    bad = b'{"draft":{"1":{"id":"d","events":[{"ty'
    (folder / CURRENT).write_bytes(bad)
    code, out = doctor(folder, restore=True)
    assert code == 0
    assert CURRENT in out
    assert not (folder / CURRENT).exists()
    assert [c.read_bytes() for c in (folder / "damaged").iterdir()] == [bad]
    repo = Repository(folder, FakeClock()).open()
    assert repo.current() is None and len(repo.summaries()) == 3
    repo.close()


def test_doctor_without_any_valid_backup_leaves_the_file_and_fails(folder):
    shutil.rmtree(folder / "backups")
    (folder / INDEX).write_bytes(b"[]")
    code, out = doctor(folder, restore=True)
    assert code == 1
    assert "no valid backup" in out
    assert (folder / INDEX).read_bytes() == b"[]"


def test_doctor_output_is_not_confused_by_brackets_in_names(tmp_path):
    folder = tmp_path / "[bold]data"
    folder.mkdir()
    (folder / MAIN).write_bytes(json.dumps({"[/]": [], "[red]x": {}}).encode())
    code, out = doctor(folder)
    assert code == 1
    assert "[bold]data" in out
    assert "'[/]'" in out
