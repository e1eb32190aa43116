"""One running checkin per data folder.

An OS-level exclusive lock (``flock``) on ``checkin.lock``: the kernel drops it when the
process dies, so a lock left by a killed checkin never blocks the next one. Next to it,
``checkin.pid`` records who holds the folder (PID, process start, since when):

- an opener that finds the lock held names the holder in its message;
- an opener that gets the lock (e.g. because someone deleted ``checkin.lock`` while checkin
  ran) still refuses while the recorded holder is alive: a live holder is never taken over;
- the holder checks now and then (:meth:`DataLock.verify`) that its lock file is still the
  one on disk and puts it (and the record) back if it was deleted.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import AlreadyOpenError
from .atomic import FILE_MODE, ensure_private_dir, write_private_text

LOCK_NAME = "checkin.lock"
PID_NAME = "checkin.pid"


def _process_start(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (Linux), to tell a live holder from a reused PID."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    try:
        return stat.rsplit(")", 1)[1].split()[19]
    except IndexError:
        return None


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder_record(folder: Path) -> dict[str, Any] | None:
    """Who the pid record says holds ``folder``, if that process is still alive."""
    try:
        record = json.loads((folder / PID_NAME).read_text(encoding="utf-8"))
        pid = int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if pid == os.getpid() or not _alive(pid):
        return None
    started = record.get("process_start")
    now = _process_start(pid)
    if started and now and str(started) != now:
        return None  # the PID was reused by another process: the holder is gone
    return record


class DataLock:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self.pid_path = folder / PID_NAME
        self._fd: int | None = None
        self._since = ""

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def acquire(self) -> DataLock:
        if self._fd is not None:  # one lock per folder, even within one process
            raise AlreadyOpenError(self.folder, os.getpid(), self._since)
        ensure_private_dir(self.folder)
        fd = self._lock_file()
        if fd is None:
            raise self._refusal()
        holder = holder_record(self.folder)
        if holder is not None:  # the lock file was removed under a running checkin
            os.close(fd)
            raise AlreadyOpenError(self.folder, int(holder["pid"]), str(holder.get("since", "")))
        self._fd = fd
        self._since = datetime.now().astimezone().isoformat(timespec="seconds")
        self._write_record()
        return self

    def _lock_file(self) -> int | None:
        """Open (never truncate) and flock the lock file; None if another process holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        with contextlib.suppress(OSError):
            os.fchmod(fd, FILE_MODE)
        return fd

    def _refusal(self) -> AlreadyOpenError:
        try:
            record = json.loads(self.pid_path.read_text(encoding="utf-8"))
            return AlreadyOpenError(self.folder, int(record["pid"]), str(record.get("since", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return AlreadyOpenError(self.folder)

    def _write_record(self) -> None:
        record = {
            "pid": os.getpid(),
            "process_start": _process_start(os.getpid()),
            "since": self._since,
        }
        # Not fsynced: the record is advice for the next opener (the flock is what excludes),
        # a record lost in a power cut reads as "no holder", and start-up should not wait on the
        # disk for it (two fsyncs, up to a second on a busy machine, before the first frame).
        with contextlib.suppress(OSError):
            write_private_text(self.pid_path, json.dumps(record), durable=False)

    def verify(self) -> bool:
        """Called now and then by the holder: if ``checkin.lock`` or the record was deleted
        (or replaced), put them back. False if another process took the folder meanwhile."""
        if self._fd is None:
            return True
        try:
            mine = os.fstat(self._fd)
            on_disk = os.stat(self.path)
            same = (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)
        except FileNotFoundError:
            same = False
        except OSError:
            return True  # the folder itself is unreadable: nothing to put back
        if not same:
            try:
                fd = self._lock_file()
            except OSError:
                return True
            if fd is None:
                return False
            os.close(self._fd)
            self._fd = fd
        try:
            record = json.loads(self.pid_path.read_text(encoding="utf-8"))
            ours = int(record.get("pid", -1)) == os.getpid()
        except FileNotFoundError:
            ours = False
        except (OSError, ValueError, TypeError, AttributeError):
            ours = False
        if not ours:
            if holder_record(self.folder) is not None:
                return False
            self._write_record()
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            record = json.loads(self.pid_path.read_text(encoding="utf-8"))
            if int(record.get("pid", -1)) == os.getpid():
                self.pid_path.unlink()
        except (OSError, ValueError, TypeError, AttributeError):
            pass
        with contextlib.suppress(OSError):
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None

    def __enter__(self) -> DataLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
