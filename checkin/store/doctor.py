"""``checkin doctor``: check every data file; restore the newest valid backup if asked."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .atomic import FILE_MODE, copy_private, ensure_private_dir, keep_copy, read_json_file
from .backups import newest_valid_copy
from .errors import DamagedFileError
from .lock import DataLock
from .repository import DATA_FILES, DRAFT


def check_files(folder: Path) -> dict[str, str | None]:
    """File name -> None when fine (or absent), else why it is damaged."""
    result: dict[str, str | None] = {}
    for name in DATA_FILES:
        try:
            read_json_file(folder / name, keep_damaged=False)
            result[name] = None
        except DamagedFileError as exc:
            result[name] = exc.reason
    return result


def restore_file(folder: Path, name: str) -> str:
    """Put a good copy in place of a damaged file; say what was done."""
    path = folder / name
    kept = keep_copy(path)
    kept_note = f" (the damaged file is kept at {kept})" if kept else ""
    if name == DRAFT:
        path.unlink(missing_ok=True)
        return "set aside the unreadable check-in in progress" + kept_note
    backup = newest_valid_copy(folder, name)
    if backup is None:
        return "no valid backup was found; the file was left as it is" + kept_note
    copy_private(backup, path)
    os.chmod(path, FILE_MODE)
    return f"restored from the backup of {backup.parent.name}" + kept_note


def run_doctor(folder: Path, *, restore: bool = False, console: Console | None = None) -> int:
    console = console or Console()
    if not folder.exists():
        console.print(f"No data yet in {escape(str(folder))}: nothing to check.")
        return 0
    ensure_private_dir(folder)
    with DataLock(folder):
        found = check_files(folder)
        table = Table(title=f"checkin data in {escape(str(folder))}", title_justify="left")
        table.add_column("file")
        table.add_column("state")
        actions: dict[str, str] = {}
        for name, problem in found.items():
            if problem and restore:
                actions[name] = restore_file(folder, name)
            state = "[green]fine[/]" if not problem else f"[red]damaged[/]: {escape(problem)}"
            if name in actions:
                state += f"\n  -> {escape(actions[name])}"
            if not (folder / name).exists() and not problem:
                state = "[dim]not created yet[/]"
            table.add_row(name, state)
        console.print(table)
        damaged = [n for n, p in found.items() if p]
        if not damaged:
            console.print("All data files are fine.")
            return 0
        if not restore:
            console.print("Run [b]checkin doctor --restore[/] to put back the newest good backup.")
            return 1
        still = [n for n, p in check_files(folder).items() if p]
        return 1 if still else 0
