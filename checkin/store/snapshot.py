"""A consistent, read-only view of a data folder, taken without the lock.

``checkin history`` and ``checkin export`` only read, so they work while the app is open. Every
data file is replaced atomically (and several files together through a journal), so reading each
file once gives whole files; to be sure they also belong together, the files are looked at
(inode, size, times) before and after reading, and read again if anything was replaced meanwhile.
A change that is committed but not yet applied (a pending journal) is read as it will be once it
is completed. Nothing is written: not even a copy of a damaged file.
"""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..core.clock import Clock, SystemClock
from ..core.model import Couple, Settings
from ..errors import NewerDataError, StoreError
from . import journal, migrations
from .atomic import read_json_file

MAIN = "checkin.json"
INDEX = "index.json"
HISTORY = "history.json"
ATTEMPTS = 40


def _stamp(folder: Path, names: Iterable[str]) -> tuple[Any, ...]:
    out: list[tuple[int, int, int, int] | None] = []
    for name in (*names, journal.JOURNAL):
        try:
            st = os.stat(folder / name)
        except FileNotFoundError:
            out.append(None)
        else:
            out.append((st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(out)


def _read(folder: Path, name: str, view: dict[str, Path]) -> Any:
    staged = view.get(name)
    if staged is not None:
        data = read_json_file(staged, keep_damaged=False)  # None once it has been renamed
        if data is not None:
            return data
    data = read_json_file(folder / name, keep_damaged=False)
    found = migrations.version_of(data)
    if data is not None and found > migrations.CURRENT:
        raise NewerDataError(folder / name, found, migrations.CURRENT)
    return data


class Snapshot:
    """What export and ``history`` need (the Store protocol's reading half), from memory."""

    def __init__(self, folder: Path, data: dict[str, Any], clock: Clock | None = None) -> None:
        self.folder = folder
        self.clock = clock or SystemClock()
        self._data = data

    def _docs(self, file: str, table: str) -> list[dict[str, Any]]:
        raw = self._data.get(file) or {}
        docs = raw.get(table) or {}
        return [docs[k] for k in sorted(docs, key=int)]

    def _one(self, table: str) -> dict[str, Any] | None:
        docs = self._docs(MAIN, table)
        return copy.deepcopy(docs[0]) if docs else None

    def couple(self) -> Couple | None:
        data = self._one("couple")
        return Couple.from_dict(data) if data else None

    def settings(self) -> Settings:
        data = self._one("settings")
        return Settings.from_dict(data) if data else Settings()

    def section(self, name: str) -> dict[str, Any]:
        return self._one(name) or {}

    def summaries(self) -> list[dict[str, Any]]:
        rows = [dict(d) for d in self._docs(INDEX, "summaries")]
        rows.sort(key=lambda r: r.get("started_at") or "", reverse=True)
        return rows

    def all_checkins(self) -> list[dict[str, Any]]:
        return [copy.deepcopy(d) for d in self._docs(HISTORY, "checkins")]

    def checkin(self, checkin_id: str) -> dict[str, Any] | None:
        for doc in self._docs(HISTORY, "checkins"):
            if doc.get("id") == checkin_id:
                return copy.deepcopy(doc)
        return None

    def map_checkins(self, fn: Callable[[dict[str, Any]], Any]) -> list[Any]:
        return [fn(doc) for doc in self._docs(HISTORY, "checkins")]

    def close(self) -> None:
        self._data = {}


def read_snapshot(
    folder: Path, names: Iterable[str] = (MAIN, INDEX, HISTORY), clock: Clock | None = None
) -> Snapshot:
    """Read ``names`` as one consistent state of the folder (see the module docstring)."""
    names = tuple(names)
    for attempt in range(ATTEMPTS):
        before = _stamp(folder, names)
        view = journal.read_view(folder)
        data = {name: _read(folder, name, view) for name in names}
        if _stamp(folder, names) == before:
            return Snapshot(folder, data, clock)
        time.sleep(min(0.02 * (attempt + 1), 0.2))  # checkin is writing right now
    raise StoreError(f"the data in {folder} kept changing while it was read; please try again")


__all__ = ["Snapshot", "read_snapshot"]
