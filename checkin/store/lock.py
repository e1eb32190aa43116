"""One running checkin per data folder.

An OS-level exclusive lock (``filelock``, ``flock`` on Unix): the kernel drops it when
the process dies, so a lock left by a killed checkin never blocks the next one.
"""

from __future__ import annotations

import os
from pathlib import Path

from filelock import FileLock, Timeout

from .atomic import FILE_MODE, ensure_private_dir
from .errors import AlreadyOpenError

LOCK_NAME = "checkin.lock"


class DataLock:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self._lock = FileLock(str(self.path), timeout=0, mode=FILE_MODE)

    def acquire(self) -> DataLock:
        ensure_private_dir(self.folder)
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise AlreadyOpenError(self.folder) from None
        if self.path.exists():
            os.chmod(self.path, FILE_MODE)
        return self

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    def __enter__(self) -> DataLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
