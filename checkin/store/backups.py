"""Rotating backups: after each finished check-in, a validated copy of every data file.

``backups/<UTC stamp>/`` holds one set; the newest 10 valid sets are kept. A set counts
only after each of its files has been read back and checked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..core.clock import Clock
from ..errors import DamagedFileError
from .atomic import copy_private, ensure_private_dir, read_json_file

KEEP = 10
BACKED_UP = ("checkin.json", "index.json", "history.json")


def backups_dir(folder: Path) -> Path:
    return folder / "backups"


def backup_sets(folder: Path) -> list[Path]:
    """Backup sets, newest first (names are sortable UTC stamps)."""
    root = backups_dir(folder)
    if not root.is_dir():
        return []
    sets = [p for p in root.iterdir() if p.is_dir() and p.name[:1].isdigit()]
    return sorted(sets, key=lambda p: p.name, reverse=True)


def _valid(path: Path) -> bool:
    try:
        read_json_file(path, keep_damaged=False)
    except DamagedFileError:
        return False
    return True


def make_backup(folder: Path, clock: Clock, keep: int = KEEP) -> Path | None:
    """Copy the data files into a new set, validate it, and drop sets beyond ``keep``.

    A set that cannot be written (the disk is full) is removed and skipped: the change it
    follows is already saved, and the older sets are kept."""
    try:
        return _make_backup(folder, clock, keep)
    except OSError:
        return None


def _make_backup(folder: Path, clock: Clock, keep: int) -> Path | None:
    root = ensure_private_dir(backups_dir(folder))
    stamp = clock.now().format("YYYYMMDDTHHmmss.SSS")
    target = root / stamp
    n = 1
    while target.exists():
        n += 1
        target = root / f"{stamp}-{n}"
    ensure_private_dir(target)
    copied = 0
    for name in BACKED_UP:
        src = folder / name
        if src.exists():
            try:
                copy_private(src, target / name)
            except OSError:
                shutil.rmtree(target, ignore_errors=True)
                raise
            if not _valid(target / name):
                shutil.rmtree(target, ignore_errors=True)
                return None
            copied += 1
    if not copied:
        shutil.rmtree(target, ignore_errors=True)
        return None
    for old in backup_sets(folder)[keep:]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def newest_valid_copy(folder: Path, name: str) -> Path | None:
    """The newest backed-up copy of ``name`` that reads back cleanly."""
    for backup in backup_sets(folder):
        candidate = backup / name
        if candidate.exists() and _valid(candidate):
            return candidate
    return None
