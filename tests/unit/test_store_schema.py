"""Data files are checked for shape and field types when read (and before written): wrong
types and absurd nesting are damage like any other, named at open and found by doctor;
doctor also checks backups and that index and history agree, and rebuilds the index."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from rich.console import Console

from checkin.cli import main
from checkin.core.clock import FakeClock
from checkin.core.model import Couple, Settings
from checkin.errors import DamagedFileError
from checkin.store.atomic import ensure_private_dir, read_json_file
from checkin.store.backups import backup_sets
from checkin.store.doctor import run_doctor
from checkin.store.repository import CURRENT, HISTORY, INDEX, MAIN, Repository


def _record(n: int) -> dict:
    return {
        "id": f"c{n}",
        "started_at": f"2026-10-{n + 1:02d}T18:00:00+00:00",
        "ended_at": f"2026-10-{n + 1:02d}T18:45:00+00:00",
        "status": "completed",
        "events": [{"type": "start", "at": f"2026-10-{n + 1:02d}T18:00:00+00:00", "m": 0.0, "seg": 0}],
    }


@pytest.fixture(scope="module")
def good_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("good") / "data"
    clock = FakeClock()
    repo = Repository(folder, clock).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    for n in range(3):
        clock.advance(3600)
        repo.finish_into_history(_record(n), {"elapsed": 2700.0, "n": n})
    repo.save_current({"id": "d", "status": "in_progress", "events": [{"type": "start"}]})
    repo.close()
    return folder


@pytest.fixture
def folder(good_folder, tmp_path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(good_folder, dst)
    return dst


def doctor(folder: Path, **kwargs) -> tuple[int, str]:
    out = io.StringIO()
    code = run_doctor(folder, console=Console(file=out, width=300), **kwargs)
    return code, out.getvalue()


def _change(folder: Path, name: str, change) -> bytes:
    data = json.loads((folder / name).read_bytes())
    change(data)
    raw = json.dumps(data).encode()
    (folder / name).write_bytes(raw)
    return raw


WRONG_TYPES = {
    (INDEX, "started_at is a number"): lambda d: d["summaries"]["1"].update(started_at=5),
    (INDEX, "elapsed is text"): lambda d: d["summaries"]["2"].update(elapsed="long"),
    (INDEX, "date out of range"): lambda d: d["summaries"]["1"].update(started_at="0001-01-01T00:00:00+14:00"),
    (INDEX, "ratings a list"): lambda d: d["summaries"]["1"].update(ratings_after=[1]),
    (INDEX, "first speaker c"): lambda d: d["summaries"]["1"].update(first_speaker="c"),
    (HISTORY, "events an object"): lambda d: d["checkins"]["1"].update(events={}),
    (HISTORY, "event m is text"): lambda d: d["checkins"]["1"]["events"][0].update(m="x"),
    (HISTORY, "id missing"): lambda d: d["checkins"]["2"].pop("id"),
    (MAIN, "name a number"): lambda d: d["couple"]["1"].update(name_a=5),
    (MAIN, "weekday 9"): lambda d: d["settings"]["1"].update(weekday=9),
    (MAIN, "bell text"): lambda d: d["settings"]["1"].update(bell="yes"),
    (CURRENT, "events a number"): lambda d: d["draft"]["1"].update(events=5),
}


def _open_fully(folder: Path) -> None:
    """Open, then read the index and the history in full (the app reads both when first
    needed, after the first frame)."""
    repo = Repository(folder, FakeClock()).open()
    try:
        repo.summaries()
        repo.load_history_file()
    finally:
        repo.close()


@pytest.mark.parametrize("case", list(WRONG_TYPES), ids=[c[1] for c in WRONG_TYPES])
def test_wrong_field_types_are_damage_named_at_open_and_found_by_doctor(folder, case):
    name, _ = case
    bad = _change(folder, name, WRONG_TYPES[case])
    with pytest.raises(DamagedFileError) as err:
        _open_fully(folder)
    assert err.value.path == folder / name
    assert (folder / name).read_bytes() == bad
    code, out = doctor(folder)
    assert code == 1 and "damaged" in out and name in out
    code, out = doctor(folder, restore=True)
    assert code == 0, out
    _open_fully(folder)


def test_a_reason_never_quotes_the_value(folder):
    _change(folder, INDEX, lambda d: d["summaries"]["1"].update(started_at="I secretly resent"))
    with pytest.raises(DamagedFileError) as err:
        _open_fully(folder)
    assert "secretly" not in str(err.value)
    assert "started_at" in str(err.value)


@pytest.mark.parametrize("name", [MAIN, CURRENT, INDEX, HISTORY])
def test_100000_deep_nesting_is_damage_and_doctor_restore_works(folder, name, capsys):
    deep = b'{"meta":{"1":{"schema":1}},"x":{"1":{"deep":' + b"[" * 100_000 + b"]" * 100_000 + b"}}}"
    (folder / name).write_bytes(deep)
    code = main(["history", "--data-dir", str(folder)])
    err = capsys.readouterr().err
    # `checkin history` reads only checkin.json and index.json (a snapshot, no lock); the
    # others are read fully when the app opens them, which _open_fully checks below.
    if name in (MAIN, INDEX):
        assert code == 1 and "nested more than" in err and "unexpected" not in err
    with pytest.raises(DamagedFileError, match="nested more than"):
        _open_fully(folder)
    code, out = doctor(folder)
    assert code == 1 and "nested more than" in out
    code, out = doctor(folder, restore=True)
    assert code == 0, out
    _open_fully(folder)


def test_the_cli_names_a_wrong_type_instead_of_crashing(folder, capsys):
    _change(folder, INDEX, lambda d: d["summaries"]["1"].update(started_at=5))
    assert main(["history", "--data-dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "index.json is damaged" in err and "unexpected" not in err


# -- doctor: backups, index vs history ----------------------------------------------------------


def test_doctor_finds_garbage_backups_and_sets_them_aside(folder):
    for backup in backup_sets(folder):
        for path in backup.glob("*.json"):
            path.write_bytes(b"garbage")
    code, out = doctor(folder)
    assert code == 1 and "backups" in out and "damaged" in out
    assert "All data files are fine" not in out
    code, out = doctor(folder, restore=True)
    assert code == 0, out
    assert not [p for b in backup_sets(folder) for p in b.glob("*.json")]
    code, out = doctor(folder)
    assert code == 0 and "All data files are fine" in out


@pytest.mark.parametrize("which", ["index emptied", "index row missing", "history record missing"])
def test_doctor_finds_index_and_history_disagreeing_and_rebuilds_the_index(folder, which):
    if which == "index emptied":
        _change(folder, INDEX, lambda d: d["summaries"].clear())
    elif which == "index row missing":
        _change(folder, INDEX, lambda d: d["summaries"].pop("2"))
    else:
        _change(folder, HISTORY, lambda d: d["checkins"].pop("2"))
    code, out = doctor(folder)
    assert code == 1 and "disagree" in out
    code, out = doctor(folder, restore=True)
    assert code == 0, out
    assert "rebuilt index.json" in out
    repo = Repository(folder, FakeClock()).open()
    assert sorted(r["id"] for r in repo.summaries()) == sorted(r["id"] for r in repo.all_checkins())
    repo.close()
    assert doctor(folder)[0] == 0


def test_doctor_removes_an_empty_file_that_has_no_backup(folder):
    shutil.rmtree(folder / "backups")
    (folder / MAIN).write_bytes(b"")
    code, out = doctor(folder, restore=True)
    assert code == 0, out
    assert "held nothing" in out and not (folder / MAIN).exists()


# -- modes ---------------------------------------------------------------------------------------


def test_a_folder_mode_the_user_set_is_kept_unless_made_more_private(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, 0o500)
    ensure_private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o500
    os.chmod(folder, 0o755)
    ensure_private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    os.chmod(folder, 0o750)
    ensure_private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_history_on_a_chmod_500_folder_keeps_the_mode(folder, capsys):
    os.chmod(folder, 0o500)
    try:
        assert main(["history", "--data-dir", str(folder)]) == 0
        assert stat.S_IMODE(folder.stat().st_mode) == 0o500
    finally:
        os.chmod(folder, 0o700)


def test_a_symlinked_data_file_stays_a_link_and_its_target_is_written(folder, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / CURRENT).rename(elsewhere / CURRENT)
    (folder / CURRENT).symlink_to(elsewhere / CURRENT)
    repo = Repository(folder, FakeClock()).open()
    repo.save_current({"id": "d", "status": "in_progress", "events": [{"type": "start"}, {"type": "pause"}]})
    repo.close()
    assert (folder / CURRENT).is_symlink()
    assert len(read_json_file(elsewhere / CURRENT)["draft"]["1"]["events"]) == 2


# -- read-only data ------------------------------------------------------------------------------


@pytest.fixture
def read_only_folder(folder, tmp_path):
    """The data folder on a read-only bind mount (as root), else made 0500 / 0400."""
    import subprocess

    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() == 0:
        subprocess.run(["mount", "--bind", str(folder), str(mount)], check=True)
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], check=True)
        try:
            yield mount
        finally:
            subprocess.run(["umount", str(mount)], check=True)
    else:  # pragma: no cover - the same refusals, from permissions
        for path in folder.rglob("*"):
            os.chmod(path, 0o500 if path.is_dir() else 0o400)
        os.chmod(folder, 0o500)
        yield folder
        os.chmod(folder, 0o700)


def test_read_only_commands_work_on_read_only_data(read_only_folder, capsys, tmp_path):
    before = {p: p.read_bytes() for p in read_only_folder.rglob("*") if p.is_file()}
    assert main(["history", "--data-dir", str(read_only_folder), "--json"]) == 0
    out = capsys.readouterr()
    assert [r["id"] for r in json.loads(out.out)] == ["c2", "c1", "c0"], out.err
    target = tmp_path / "out.json"
    assert main(["export", "--data-dir", str(read_only_folder), "-o", str(target)]) == 0, capsys.readouterr().err
    assert "c1" in target.read_text()
    assert {p: p.read_bytes() for p in read_only_folder.rglob("*") if p.is_file()} == before


def test_a_read_only_repository_upgrades_old_data_in_memory_only(folder):
    raw = _change(folder, MAIN, lambda d: d.pop("meta"))
    repo = Repository(folder, FakeClock(), read_only=True).open()
    assert repo.couple().name_a == "Ana"
    with pytest.raises(OSError, match="Access mode"):
        repo.save_settings(Settings())
    repo.close()
    assert (folder / MAIN).read_bytes() == raw
    assert not (folder / "backups" / "before-upgrade").exists()
