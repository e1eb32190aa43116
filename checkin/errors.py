"""The one place for checkin's own error types.

``Refusal`` is the type for "we cannot do that, and here is why" in words a couple reads:
its message is shown on screen or printed by the CLI as it is, so it never holds note text
and never blames. Anything else that escapes is a bug and goes to crash.log (without notes).
This module imports nothing from checkin, so every layer (core, store, screens, CLI) may use it.
"""

from __future__ import annotations

from pathlib import Path


class CheckinError(Exception):
    """Base of checkin's own errors."""


class Refusal(CheckinError, ValueError):
    """A request refused, with a calm one-line reason meant to be shown to the couple.

    A ``ValueError`` too, so code that already catches ``ValueError`` for bad input keeps
    working while callers move to catching ``Refusal``.
    """


# -- storage ------------------------------------------------------------------------------------

class StoreError(CheckinError):
    """Something about the data folder that the user must know about. Messages name files,
    never their contents."""


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
