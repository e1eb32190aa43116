"""One checkin per data folder, and every file private (0600) and folder 0700, even under umask 000."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checkin.core.clock import FakeClock
from checkin.core.model import Couple, Settings
from checkin.errors import AlreadyOpenError, DamagedFileError
from checkin.store.atomic import append_private_text, ensure_private_dir, write_private_text
from checkin.store.doctor import run_doctor
from checkin.store.lock import LOCK_NAME, PID_NAME, DataLock
from checkin.store.repository import HISTORY, INDEX, MAIN, Repository

HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from checkin.store.lock import DataLock
    lock = DataLock(Path(sys.argv[1])).acquire()
    print("locked", flush=True)
    time.sleep(600)
    """
)

TRY = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from checkin.errors import AlreadyOpenError
    from checkin.store.lock import DataLock
    try:
        DataLock(Path(sys.argv[1])).acquire()
    except AlreadyOpenError as exc:
        print(exc)
        sys.exit(3)
    print("acquired")
    """
)


def _try_lock(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", TRY, str(folder)], capture_output=True, text=True, timeout=60)


def test_a_second_process_cannot_take_the_lock(data_dir):
    with DataLock(data_dir):
        done = _try_lock(data_dir)
    assert done.returncode == 3, done.stderr
    assert "checkin is already open in another terminal" in done.stdout
    assert "Traceback" not in done.stderr
    # ... and once released, it can.
    assert _try_lock(data_dir).stdout.strip() == "acquired"


def test_a_second_lock_in_the_same_process_is_refused_too(data_dir):
    with DataLock(data_dir), pytest.raises(AlreadyOpenError) as caught:
        DataLock(data_dir).acquire()
    assert caught.value.folder == data_dir
    assert "already open in another terminal" in str(caught.value)


def test_a_lock_held_by_a_killed_process_never_blocks(data_dir):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(data_dir)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert _try_lock(data_dir).returncode == 3  # it really holds the lock
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        holder.stdout.close()
    assert (data_dir / LOCK_NAME).exists(), "the lock file is left behind, as after a real crash"
    with DataLock(data_dir):
        pass
    assert _try_lock(data_dir).stdout.strip() == "acquired"


def test_doctor_repairs_only_while_checkin_is_closed(data_dir):
    """A plain check only reads (and runs beside the app); --restore writes, so it waits."""
    Repository(data_dir, FakeClock()).open().close()
    with DataLock(data_dir):
        assert run_doctor(data_dir) == 0
        with pytest.raises(AlreadyOpenError):
            run_doctor(data_dir, restore=True)


def test_release_is_idempotent(data_dir):
    lock = DataLock(data_dir).acquire()
    lock.release()
    lock.release()
    lock.acquire()
    lock.release()


# -- modes --------------------------------------------------------------------------------


@pytest.fixture
def open_umask():
    old = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: Path) -> dict[str, str]:
    """Every path under (and including) root -> its permission bits, as octal text."""
    found = {".": oct(stat.S_IMODE(root.stat().st_mode))}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def assert_private(root: Path) -> None:
    wrong = {}
    for rel, mode in modes(root).items():
        path = root / rel
        want = "0o700" if path.is_dir() else "0o600"
        if mode != want:
            wrong[rel] = mode
    assert wrong == {}


def test_everything_checkin_creates_is_private_under_umask_000(tmp_path, open_umask):
    assert os.umask(0) == 0  # the fixture really opened the umask
    parent = tmp_path / "not" / "yet"
    folder = parent / "data"
    clock = FakeClock()

    with DataLock(folder):
        repo = Repository(folder, clock).open()
        repo.save_first_run(Couple("Ana", "Bo"), Settings())
        repo.save_section("hobbies", {"liked": ["walks"]})
        repo.save_current({"id": "d", "status": "in_progress"})
        for n in range(2):
            clock.advance(60)
            repo.finish_into_history({"id": f"c{n}", "status": "completed"}, {"minutes": 5})
        repo.save_current({"id": "d2", "status": "in_progress"})
        repo.close()

    # A file from before schema versions: migrated, with a copy kept in backups/before-upgrade.
    old = tmp_path / "old"
    old.mkdir(mode=0o700)
    (old / MAIN).write_text(json.dumps({"couple": {"1": {"name_a": "A", "name_b": "B"}}}))
    os.chmod(old / MAIN, 0o600)
    Repository(old, clock).open().close()
    assert (old / "backups" / "before-upgrade").is_dir()

    # A damaged file: a copy goes to damaged/, then doctor --restore puts a backup back.
    (folder / INDEX).write_bytes(b"{\x00")
    with pytest.raises(DamagedFileError):
        Repository(folder, clock).open()
    assert run_doctor(folder, restore=True, console=_quiet()) == 0

    # The crash log and any other private text.
    append_private_text(folder / "crash.log", "Traceback ...\n")
    append_private_text(folder / "crash.log", "Traceback again\n")
    write_private_text(folder / "notes.txt", "x")

    assert (folder / "damaged").is_dir() and any((folder / "backups").iterdir())
    assert_private(folder)
    assert_private(old)
    for created in (tmp_path / "not", parent):
        assert oct(stat.S_IMODE(created.stat().st_mode)) == "0o700", created
    assert (folder / HISTORY).exists() and (folder / LOCK_NAME).exists()


def test_existing_loose_modes_are_tightened(tmp_path, open_umask):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    repo = Repository(folder, FakeClock()).open()
    repo.save_current({"id": "d"})
    repo.close()
    (folder / "crash.log").write_text("old log\n")
    os.chmod(folder / "crash.log", 0o644)
    append_private_text(folder / "crash.log", "new\n")
    with DataLock(folder):
        pass
    assert_private(folder)
    assert (folder / "crash.log").read_text() == "old log\nnew\n"


def test_ensure_private_dir_refuses_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(FileExistsError):
        ensure_private_dir(tmp_path / "f")
    assert oct(stat.S_IMODE((tmp_path / "f").stat().st_mode)) != "0o700"


def _quiet():
    import io

    from rich.console import Console

    return Console(file=io.StringIO())


# -- who holds the folder (issue 9.14, issue 16) ------------------------------------------


def _holder(folder: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def _end(holder: subprocess.Popen) -> None:
    holder.kill()
    holder.wait(timeout=30)
    holder.stdout.close()


def test_the_refusal_names_the_holder_and_how_to_end_it(data_dir):
    holder = _holder(data_dir)
    try:
        done = _try_lock(data_dir)
    finally:
        _end(holder)
    assert done.returncode == 3
    assert f"process {holder.pid}, open since " in done.stdout
    assert f"kill {holder.pid}" in done.stdout


def test_deleting_the_lock_file_does_not_let_a_second_checkin_in(data_dir):
    holder = _holder(data_dir)
    try:
        (data_dir / LOCK_NAME).unlink()  # someone tidies the folder while checkin runs
        done = _try_lock(data_dir)
        assert done.returncode == 3, done.stdout + done.stderr
        assert f"process {holder.pid}" in done.stdout
    finally:
        _end(holder)
    # Once the holder is gone, its record no longer blocks anyone.
    assert _try_lock(data_dir).stdout.strip() == "acquired"


def test_the_holder_puts_a_deleted_lock_and_record_back(data_dir):
    lock = DataLock(data_dir).acquire()
    try:
        (data_dir / LOCK_NAME).unlink()
        (data_dir / PID_NAME).unlink()
        assert _try_lock(data_dir).stdout.strip() == "acquired"  # the gap the check closes
        assert lock.verify() is True
        assert (data_dir / LOCK_NAME).exists()
        assert json.loads((data_dir / PID_NAME).read_text())["pid"] == os.getpid()
        done = _try_lock(data_dir)
        assert done.returncode == 3 and f"process {os.getpid()}" in done.stdout
    finally:
        lock.release()
    assert not (data_dir / PID_NAME).exists()


def test_verify_reports_a_folder_taken_by_another_live_checkin(data_dir):
    lock = DataLock(data_dir).acquire()
    try:
        (data_dir / LOCK_NAME).unlink()
        (data_dir / PID_NAME).unlink()
        holder = _holder(data_dir)
        try:
            assert lock.verify() is False
        finally:
            _end(holder)
    finally:
        lock.release()


def test_a_record_of_a_dead_or_reused_pid_does_not_block(data_dir):
    ensure_private_dir(data_dir)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (data_dir / PID_NAME).write_text(json.dumps({"pid": int(gone.stdout), "since": "x"}))
    with DataLock(data_dir):
        pass
    # A live PID whose process started at another time is someone else now.
    (data_dir / PID_NAME).write_text(json.dumps({"pid": os.getppid(), "process_start": "1", "since": "x"}))
    with DataLock(data_dir):
        pass


def test_taking_the_lock_does_not_wait_on_the_disk(data_dir, monkeypatch):
    """The holder record is advice (the flock excludes): start-up writes it without fsync."""
    from checkin.store import atomic

    synced = []
    monkeypatch.setattr(atomic.os, "fsync", synced.append)
    with DataLock(data_dir) as lock:
        record = json.loads((data_dir / PID_NAME).read_text())
        assert record["pid"] == os.getpid()
        assert record["since"] == lock._since and "T" in record["since"]
        assert stat.S_IMODE((data_dir / PID_NAME).stat().st_mode) == 0o600
    assert synced == []
