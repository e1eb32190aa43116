"""Writing an export to a file: atomically, privately, and cleaning up after an earlier kill.

The export is written to a hidden temp file next to the target and renamed over it
(:func:`checkin.store.atomic.write_private_text`). A kill before the rename leaves that temp file,
which holds the couple's notes, behind; the next export to the same file removes it and says so.
"""

from __future__ import annotations

import re
from pathlib import Path

from .store.atomic import TEMP_PREFIX, TEMP_SUFFIX, write_private_text


def stale_temps(path: Path) -> list[Path]:
    """Temp files an interrupted export to ``path`` left next to it (only ones of this target)."""
    pattern = re.compile(rf"{re.escape(TEMP_PREFIX + path.name)}\.[0-9a-f]{{8}}{re.escape(TEMP_SUFFIX)}")
    try:
        return sorted(p for p in path.parent.iterdir() if pattern.fullmatch(p.name) and p.is_file())
    except OSError:
        return []


def write_export(path: Path, text: str) -> list[Path]:
    """Write ``text`` to ``path`` (0600, atomically) and return the stale temps it removed."""
    removed = []
    for tmp in stale_temps(path):
        try:
            tmp.unlink()
            removed.append(tmp)
        except FileNotFoundError:
            pass
    write_private_text(path, text)
    return removed


__all__ = ["stale_temps", "write_export"]
