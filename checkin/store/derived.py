"""Small files derived from the big ones, so that start-up and the notes filter need not read
(and keep) the big ones. Each is rebuilt from its source whenever it is missing, damaged or
stale, so losing one loses nothing:

- ``home-dates.json`` when each finished check-in started, newest first (from ``index.json``):
  all the home screen needs for "Last check-in" and "Weeks in a row".
- ``search.json`` the words of each check-in's notes, topics and action items, by id (from
  ``history.json``): what the ``/`` filter of Look back searches.

A derived file records the size, modification time and inode of its source when it was made;
any write of the source (always a new file, see atomic.py) makes it stale.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from .atomic import atomic_write_bytes, dumps

HOME_DATES = "home-dates.json"
SEARCH = "search.json"


def fingerprint(source: Path) -> list[int] | None:
    try:
        st = source.stat()
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def read_derived(path: Path, source: Path) -> Any | None:
    """The data of ``path`` if it was made from ``source`` as it is now, else None."""
    try:
        raw = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("source") != fingerprint(source):
        return None
    return raw.get("data")


def write_derived(path: Path, source: Path, data: Any, *, durable: bool = True) -> None:
    """Write ``data`` as derived from ``source`` (0600, atomic). A failure (disk full) is
    harmless: the file is made again next time."""
    with contextlib.suppress(OSError):
        atomic_write_bytes(path, dumps({"source": fingerprint(source), "data": data}), durable=durable)


DERIVED_FROM = {HOME_DATES: "index.json", SEARCH: "history.json"}


def copy_derived(from_folder: Path, to_folder: Path) -> None:
    """After the big files were copied from ``from_folder`` into ``to_folder``: the derived
    files that were fresh there are fresh here too (a copy is a new inode, so their recorded
    source is updated); a stale one is left out, to be made again when needed."""
    for name, source in DERIVED_FROM.items():
        data = read_derived(from_folder / name, from_folder / source)
        if data is not None:
            write_derived(to_folder / name, to_folder / source, data, durable=False)


def remove_derived(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
