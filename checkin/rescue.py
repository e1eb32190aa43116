"""What could not be saved when checkin closed is kept elsewhere, never lost silently.

When the data folder cannot be written at exit (a USB stick pulled, a network folder gone,
a disk full), the note being typed and the check-in in progress are written to a private
rescue file (0600, in a 0700 folder) in the first other place that can be written:
the user state folder for checkin, then the data folder's parent, then the temp folder.
The next start names the file until it is deleted. No Textual here.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from platformdirs import user_state_path

from .store.atomic import ensure_private_dir, write_private_text

PREFIX = "checkin-rescue-"


def rescue_dirs(folder: Path) -> list[Path]:
    """Where rescue files may go, best first; never inside the data folder itself."""
    folder = Path(folder)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    candidates = [
        user_state_path("checkin", appauthor=False) / "rescue",
        folder.parent / f"{folder.name}-rescue",
        Path(tempfile.gettempdir()) / f"checkin-rescue-{uid}",
    ]
    out: list[Path] = []
    for place in candidates:
        try:
            inside = place.resolve(strict=False).is_relative_to(folder.resolve(strict=False))
        except OSError:
            inside = False
        if not inside and place not in out:
            out.append(place)
    return out


def write_rescue(folder: Path, stamp: str, reason: str, unsaved: dict[str, Any]) -> Path | None:
    """Write what is unsaved to the first writable rescue folder; return the file, or None."""
    payload = {
        "what": "checkin could not save this to its data folder when it closed",
        "data_folder": str(folder),
        "when": stamp,
        "reason": reason,
        **unsaved,
    }
    text = json.dumps(payload, ensure_ascii=False, indent=1, default=str)
    safe = "".join(ch if ch.isalnum() else "-" for ch in stamp)
    for place in rescue_dirs(folder):
        try:
            ensure_private_dir(place)
            path = place / f"{PREFIX}{safe}-{os.getpid()}.json"
            write_private_text(path, text)
            return path
        except OSError:
            continue
    return None


def pending_rescues(folder: Path) -> list[Path]:
    """Rescue files kept for this data folder (newest last)."""
    found: list[Path] = []
    for place in rescue_dirs(folder):
        try:
            files = sorted(place.glob(f"{PREFIX}*.json"))
        except OSError:
            continue
        for path in files:
            try:
                if Path(json.loads(path.read_text(encoding="utf-8")).get("data_folder", "")) == Path(folder):
                    found.append(path)
            except (OSError, ValueError, AttributeError):
                continue
    return found


def rescue_message(paths: list[Path]) -> str:
    if not paths:
        return ""
    names = ", ".join(str(p) for p in paths[-3:])
    more = f" (and {len(paths) - 3} more)" if len(paths) > 3 else ""
    return (
        "Last time checkin closed it could not save to its data folder. What was not saved "
        f"(the note being typed and the check-in in progress) is kept in {names}{more}. "
        "Copy what you need, then delete the file."
    )
