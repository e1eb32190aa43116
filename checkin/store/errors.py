"""Errors the storage raises. Their messages name files, never their contents."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Something about the data folder that the user must know about."""


class DamagedFileError(StoreError):
    """A data file cannot be read. It is never written over."""

    def __init__(self, path: Path, reason: str, copy: Path | None) -> None:
        self.path = path
        self.reason = reason
        self.copy = copy
        where = f"; a copy is kept at {copy}" if copy else ""
        super().__init__(
            f"{path} is damaged: {reason}{where}. Nothing was changed. "
            "Run 'checkin doctor' to check your data and restore the newest good backup."
        )


class NewerDataError(StoreError):
    """The data was written by a newer checkin than this one."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        super().__init__(
            f"{path} was written by a newer checkin (data version {found}; this one reads up "
            f"to {supported}). Please update checkin; nothing was changed."
        )


class AlreadyOpenError(StoreError):
    """Another checkin holds the lock on this data folder."""

    def __init__(self, folder: Path, pid: int | None = None, since: str = "") -> None:
        self.folder = folder
        self.pid = pid
        self.since = since
        who = ""
        how = ""
        if pid is not None:
            when = f", open since {since.replace('T', ' ')[:16]}" if since else ""
            who = f" (process {pid}{when})"
            how = (
                f". If that terminal is gone, end it safely with 'kill {pid}': it saves "
                "everything and closes within a few seconds"
            )
        super().__init__(f"checkin is already open in another terminal{who} for the data folder {folder}{how}")


class RefusedWriteError(StoreError, ValueError):
    """Data that reading would call damaged was not written (a bug, never the user's)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path} was not written: {reason}. The file on disk was not changed.")
