"""Atomic writes: a failure at any step leaves the old file whole and no temp file behind."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from checkin.store import atomic
from checkin.store.atomic import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    AtomicJSONStorage,
    atomic_write_bytes,
    read_json_file,
    remove_stale_temps,
    temp_path_for,
)
from checkin.store.repository import Repository

OLD = b'{"draft":{"1":{"id":"old","note":"before"}}}'
NEW = b'{"draft":{"1":{"id":"new","note":"after"}}}'


class Boom(OSError):
    """The failure we inject (an OSError, like a full disk)."""


def temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "current.json"
    path.write_bytes(OLD)
    return path


def _is_dir_fd(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


def _fail_write(real):
    def fake(fd, data):
        raise Boom("disk full")

    return fake


def _fail_second_write(real):
    """The first chunk lands, then the disk fills: a half-written temp file."""
    calls = []

    def fake(fd, data):
        calls.append(fd)
        if len(calls) == 1:
            return real(fd, bytes(data[:7]))
        raise Boom("disk full")

    return fake


def _fail_file_fsync(real):
    def fake(fd):
        if not _is_dir_fd(fd):
            raise Boom("fsync failed")
        return real(fd)

    return fake


def _fail_fchmod(real):
    def fake(fd, mode):
        raise Boom("fchmod failed")

    return fake


def _fail_replace(real):
    def fake(src, dst):
        raise Boom("replace failed")

    return fake


STEPS_BEFORE_REPLACE = [
    ("write", _fail_write),
    ("write", _fail_second_write),
    ("fsync", _fail_file_fsync),
    ("fchmod", _fail_fchmod),
    ("replace", _fail_replace),
]


@pytest.mark.parametrize(
    ("name", "make_fake"),
    STEPS_BEFORE_REPLACE,
    ids=["write", "short-write-then-fail", "fsync", "fchmod", "replace"],
)
def test_failure_before_replace_keeps_old_file_and_leaves_no_temp(target, monkeypatch, name, make_fake):
    monkeypatch.setattr(atomic.os, name, make_fake(getattr(os, name)))
    with pytest.raises(Boom):
        atomic_write_bytes(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert read_json_file(target) == json.loads(OLD)
    assert temps(target.parent) == []
    assert sorted(p.name for p in target.parent.iterdir()) == ["current.json"]


def test_failure_at_folder_fsync_leaves_the_complete_new_file(target, monkeypatch):
    real = os.fsync
    dir_syncs = []

    def fake(fd):
        if _is_dir_fd(fd):
            dir_syncs.append(fd)
            raise Boom("folder fsync failed")
        return real(fd)

    monkeypatch.setattr(atomic.os, "fsync", fake)
    with pytest.raises(Boom):
        atomic_write_bytes(target, NEW)
    monkeypatch.undo()
    assert dir_syncs, "the folder is fsynced after the replace"
    assert target.read_bytes() == NEW
    assert read_json_file(target) == json.loads(NEW)
    assert temps(target.parent) == []


def test_a_failure_when_the_temp_cannot_be_created_touches_nothing(target, monkeypatch):
    real = os.open

    def fake(path, flags, *args, **kwargs):
        if str(path).endswith(TEMP_SUFFIX):
            raise Boom("no space for a new file")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "open", fake)
    with pytest.raises(Boom):
        atomic_write_bytes(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert temps(target.parent) == []


def test_short_writes_are_continued_until_all_bytes_are_written(tmp_path, monkeypatch):
    real = os.write
    monkeypatch.setattr(atomic.os, "write", lambda fd, data: real(fd, bytes(data[:3])))
    path = tmp_path / "x.json"
    atomic_write_bytes(path, NEW)
    monkeypatch.undo()
    assert path.read_bytes() == NEW


def test_a_successful_write_replaces_the_file_and_fsyncs_file_then_folder(target, monkeypatch):
    real = os.fsync
    kinds = []

    def spy(fd):
        kinds.append("dir" if _is_dir_fd(fd) else "file")
        return real(fd)

    monkeypatch.setattr(atomic.os, "fsync", spy)
    atomic_write_bytes(target, NEW)
    assert kinds == ["file", "dir"]
    assert target.read_bytes() == NEW
    assert temps(target.parent) == []


def test_a_write_that_need_not_be_durable_is_still_atomic_and_private_but_not_fsynced(
    target, monkeypatch
):
    synced = []
    monkeypatch.setattr(atomic.os, "fsync", synced.append)
    replaced = []
    real_replace = os.replace

    def spy_replace(src, dst):
        replaced.append(Path(src).name)
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy_replace)
    os.chmod(target, 0o644)
    atomic_write_bytes(target, NEW, durable=False)
    assert synced == []
    assert target.read_bytes() == NEW
    assert replaced and replaced[0].startswith(TEMP_PREFIX)  # written aside, then renamed over
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert temps(target.parent) == []


def test_a_keyboard_interrupt_mid_write_also_cleans_up(target, monkeypatch):
    def fake(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", fake)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert temps(target.parent) == []


# -- the TinyDB storage ----------------------------------------------------------------


def test_storage_serialisation_failure_touches_nothing(target, monkeypatch):
    opened = []
    real_open = os.open
    monkeypatch.setattr(atomic.os, "open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    storage = AtomicJSONStorage(target)
    data = storage.read()
    data["draft"]["1"]["note"] = {1, 2, 3}  # a set is not JSON
    with pytest.raises(TypeError):
        storage.write(data)
    assert opened == [], "nothing is opened for writing before serialising succeeds"
    assert target.read_bytes() == OLD
    assert temps(target.parent) == []
    # The cache forgets the failed change: what we read back is what is on disk.
    assert storage.read() == json.loads(OLD)


@pytest.mark.parametrize("name", ["write", "fsync", "replace"])
def test_repository_stays_consistent_with_disk_after_a_failed_save(data_dir, clock, monkeypatch, name):
    repo = Repository(data_dir, clock).open()
    repo.save_current({"id": "k", "n": 1})
    repo.save_section("hobbies", {"liked": ["walks"]})
    before = (data_dir / "current.json").read_bytes()

    def fail(*args):
        raise Boom(name)

    monkeypatch.setattr(atomic.os, name, fail)
    with pytest.raises(Boom):
        repo.save_current({"id": "k", "n": 2})
    monkeypatch.undo()
    assert (data_dir / "current.json").read_bytes() == before
    assert repo.current() == {"id": "k", "n": 1}
    assert temps(data_dir) == []
    # Later saves work, and the failed value does not sneak in with them.
    repo.save_current({"id": "k", "n": 3})
    assert read_json_file(data_dir / "current.json")["draft"]["1"] == {"id": "k", "n": 3}
    repo.close()


def test_one_unsaveable_value_does_not_block_later_saves(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    repo.save_section("hobbies", {"liked": ["walks"]})
    with pytest.raises(TypeError):
        repo.save_section("hobbies", {"liked": object()})
    assert repo.section("hobbies") == {"liked": ["walks"]}
    repo.save_section("other", {"ok": True})  # would fail again if the bad value stayed cached
    repo.close()
    again = Repository(data_dir, clock).open()
    assert again.section("hobbies") == {"liked": ["walks"]}
    assert again.section("other") == {"ok": True}
    again.close()


def test_changing_a_saved_dict_afterwards_does_not_change_what_is_stored(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    record = {"id": "k", "events": [{"type": "start"}], "notes": {"a": "hi"}}
    repo.save_current(record)
    record["events"].append({"type": "unsaved"})
    record["notes"]["a"] = "changed"
    assert repo.current() == {"id": "k", "events": [{"type": "start"}], "notes": {"a": "hi"}}
    repo.finish_into_history(dict(record, status="completed"), {"minutes": 3})
    record["events"].append({"type": "after finishing"})
    assert len(repo.checkin("k")["events"]) == 2
    repo.save_settings(repo.settings())  # another write to checkin.json, history is unchanged
    repo.close()
    again = Repository(data_dir, clock).open()
    assert [e["type"] for e in again.checkin("k")["events"]] == ["start", "unsaved"]
    again.close()


def test_storage_writes_utf8_not_escapes_and_keeps_meta(tmp_path):
    path = tmp_path / "x.json"
    storage = AtomicJSONStorage(path, meta={"schema": 1})
    storage.write({"t": {"1": {"name": "Zoë 😊 李"}}})
    raw = path.read_bytes()
    assert "Zoë 😊 李".encode() in raw
    assert b"\\u" not in raw
    assert json.loads(raw)["meta"] == {"1": {"schema": 1}}


def test_storage_reads_none_for_a_missing_file_and_caches_reads(tmp_path, monkeypatch):
    path = tmp_path / "x.json"
    storage = AtomicJSONStorage(path)
    assert storage.read() is None
    storage.write({"t": {"1": {"a": 1}}})
    calls = []
    monkeypatch.setattr(atomic, "read_json_file", lambda *a, **k: calls.append(a))
    assert storage.read() == {"t": {"1": {"a": 1}}}
    assert calls == []
    storage.close()
    storage.read()
    assert len(calls) == 1


# -- stale temp files ------------------------------------------------------------------


def test_temp_names_match_the_stale_pattern_and_are_hidden(tmp_path):
    tmp = temp_path_for(tmp_path / "current.json")
    assert tmp.parent == tmp_path
    assert tmp.name.startswith(".current.json.") and tmp.name.endswith(TEMP_SUFFIX)
    tmp.write_bytes(b"{}")
    assert temps(tmp_path) == [tmp]
    assert remove_stale_temps(tmp_path) == [tmp]


def test_stale_temps_are_removed_at_open_and_never_loaded(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    repo.save_current({"id": "real", "n": 1})
    repo.close()
    stale = {
        ".current.json.0badc0de.checkin-tmp": b'{"draft":{"1":{"id":"from-a-crash"}}}',
        ".checkin.json.12345678.checkin-tmp": b'{"couple":{"1":{"name_a":"X","name_b":"Y"}}}',
        ".history.json.deadbeef.checkin-tmp": b'{"checkins":{"1":{"id":"half',
    }
    for name, data in stale.items():
        (data_dir / name).write_bytes(data)
    keep = {"notes.txt": b"mine", "current.json.bak": b"{}", ".hidden": b"x"}
    for name, data in keep.items():
        (data_dir / name).write_bytes(data)

    repo = Repository(data_dir, clock).open()
    assert temps(data_dir) == []
    assert repo.current() == {"id": "real", "n": 1}
    assert repo.couple() is None
    repo.load_history_file()
    assert repo.all_checkins() == []
    for name, data in keep.items():
        assert (data_dir / name).read_bytes() == data
    repo.close()


def test_remove_stale_temps_on_a_missing_folder_is_harmless(tmp_path):
    assert remove_stale_temps(tmp_path / "nope") == []
