"""``checkin --demo`` starts from a copy of sample data made once a day.

Making the demo (52 weeks of check-ins played through the real runner, then written and
synced) takes about a quarter of a second, most of ``--demo``'s start-up. The sample data
depends only on the day (its check-ins end today) and on checkin's own code, so it is made
once into the user's cache folder, under a key of both, and each ``--demo`` copies it into
its throwaway folder. Only sample data is ever kept there, never a couple's own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .. import __version__
from .atomic import ensure_private_dir
from .derived import DERIVED_FROM, copy_derived

WEEKS = 52
SEED = 7
_PACKAGE = Path(__file__).resolve().parent.parent  # checkin/


def demo_key(today: dt.date) -> str:
    """The day and a fingerprint of checkin's code (version, and the size and time of every
    source and data file), so a changed generator never serves yesterday's demo."""
    digest = hashlib.sha256(f"{__version__} {today.isoformat()} {WEEKS} {SEED}".encode())
    for root, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".toml", ".json")):
                path = os.path.join(root, name)
                st = os.stat(path)
                digest.update(f"{os.path.relpath(path, _PACKAGE)} {st.st_size} {st.st_mtime_ns}\n".encode())
    return f"{today.isoformat()}-{digest.hexdigest()[:16]}"


def fill_demo_folder(folder: Path, cache: Path | None, today: dt.date | None = None) -> None:
    """Put today's demo into the empty ``folder``: copied from ``cache`` if it is there, made
    there first if not. Without a usable cache (None, read-only, full) it is made in place."""
    today = today or dt.datetime.now(dt.UTC).date()
    if cache is not None:
        with contextlib.suppress(OSError):
            made = _cached(cache, today)
            _copy_demo(made, folder)
            return
        for leftover in list(folder.iterdir()):  # half a copy: start again in place
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    _write(folder, today)


def _write(folder: Path, today: dt.date) -> None:
    import arrow

    from .demo import write_demo

    write_demo(folder, WEEKS, seed=SEED, end=arrow.get(today), backup=False)  # no backup set


def _cached(cache: Path, today: dt.date) -> Path:
    """The folder holding today's demo in ``cache``, made now if missing (older days removed)."""
    key = demo_key(today)
    made = cache / key
    if (made / "checkin.json").is_file():
        return made
    ensure_private_dir(cache)
    fresh = Path(tempfile.mkdtemp(prefix=".making-", dir=cache))
    try:
        _write(fresh, today)
        try:
            fresh.rename(made)  # all or nothing; another --demo may have just done the same
        except OSError:
            if not (made / "checkin.json").is_file():
                raise
    finally:
        if fresh.exists():
            shutil.rmtree(fresh, ignore_errors=True)
    for old in cache.iterdir():
        if old.name != key:
            shutil.rmtree(old, ignore_errors=True)
    return made


def _copy_demo(made: Path, folder: Path) -> None:
    """Copy the demo's data files (0600, times kept), then its derived files, restamped."""
    for item in made.iterdir():
        if item.is_file() and item.name not in DERIVED_FROM:
            target = folder / item.name
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with open(fd, "wb") as out, open(item, "rb") as src:
                shutil.copyfileobj(src, out)
            shutil.copystat(item, target)
    copy_derived(made, folder)
