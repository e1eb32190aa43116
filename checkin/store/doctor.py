"""``checkin doctor``: check every data file; restore the newest valid backup if asked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import DamagedFileError
from .atomic import FILE_MODE, AtomicJSONStorage, copy_private, ensure_private_dir, keep_copy, read_json_file
from .backups import backup_sets, newest_valid_copy
from .lock import DataLock
from .repository import DATA_FILES, DRAFT, HISTORY, INDEX, _index_row


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
        if path.exists() and path.stat().st_size == 0:
            path.unlink()  # an empty file held nothing: the app starts this file afresh
            return "no backup was found; the empty file held nothing and was removed"
        return "no valid backup was found; the file was left as it is" + kept_note
    copy_private(backup, path)
    os.chmod(path, FILE_MODE)
    return f"restored from the backup of {backup.parent.name}" + kept_note


def check_backups(folder: Path) -> dict[Path, str]:
    """Each damaged file in ``backups/`` and why (backups are checked like data files)."""
    problems: dict[Path, str] = {}
    for backup in backup_sets(folder):
        for path in sorted(backup.glob("*.json")):
            try:
                read_json_file(path, keep_damaged=False)
            except DamagedFileError as exc:
                problems[path] = exc.reason
    return problems


def set_aside_backup(path: Path) -> None:
    """Move a damaged backup into damaged/ (never restored, no longer reported)."""
    if keep_copy(path) is not None:
        path.unlink()


def _ids(docs: dict[str, Any]) -> list[Any]:
    return [doc.get("id") for doc in docs.values()]


def check_agreement(folder: Path) -> str | None:
    """Why index.json and history.json disagree (a check-in in one and not the other), or
    None. Only meaningful when both read cleanly."""
    if not (folder / HISTORY).exists() and not (folder / INDEX).exists():
        return None
    history = (read_json_file(folder / HISTORY, keep_damaged=False, frozen=True) or {}).get("checkins", {})
    index = (read_json_file(folder / INDEX, keep_damaged=False, frozen=True) or {}).get("summaries", {})
    in_history, in_index = _ids(history), _ids(index)
    problems = []
    missing = set(in_history) - set(in_index)
    extra = set(in_index) - set(in_history)
    if missing:
        problems.append(f"{len(missing)} check-in(s) in history.json are missing from index.json")
    if extra:
        problems.append(f"{len(extra)} row(s) of index.json have no check-in in history.json")
    for name, ids in ((HISTORY, in_history), (INDEX, in_index)):
        if len(ids) != len(set(ids)):
            problems.append(f"{name} lists the same check-in more than once")
    return "; ".join(problems) or None


def rebuild_index(folder: Path) -> str:
    """Write index.json afresh from history.json (the old index is kept in damaged/)."""
    history = read_json_file(folder / HISTORY, keep_damaged=False) or {}
    records = list(history.get("checkins", {}).values())
    rows: dict[str, dict[str, Any]] = {}
    seen: set[Any] = set()
    for record in records:
        if record.get("id") in seen:
            continue
        seen.add(record.get("id"))
        if not isinstance(record.get("summary"), dict):
            from ..core.finishing import finished_summary

            try:
                record["summary"] = finished_summary(record)
            except (ValueError, KeyError, TypeError, AttributeError):
                record["summary"] = {}
        rows[str(len(rows) + 1)] = _index_row(record)
    kept = keep_copy(folder / INDEX) if (folder / INDEX).exists() else None
    old = read_json_file(folder / INDEX, keep_damaged=False) or {}
    old["summaries"] = rows
    old.setdefault("meta", {"1": {"schema": 1}})
    AtomicJSONStorage(folder / INDEX).write(old)
    note = f" (the old index is kept at {kept})" if kept else ""
    return f"rebuilt index.json from history.json: {len(rows)} check-in(s){note}"


def run_doctor(
    folder: Path, *, restore: bool = False, repair: bool = False, console: Console | None = None
) -> int:
    """Check every data file, the backups and that index and history agree. ``restore``
    puts back the newest good backup of a damaged file; ``repair`` (and ``restore``) also
    rebuild the index from history when they disagree."""
    console = console or Console()
    if not folder.exists():
        console.print(f"No data yet in {escape(str(folder))}: nothing to check.")
        return 0
    ensure_private_dir(folder)
    fix = restore or repair
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
        disagreement = None
        if not any(p for n, p in check_files(folder).items() if n in (INDEX, HISTORY)):
            disagreement = check_agreement(folder)
            if disagreement:
                state = f"[red]disagree[/]: {escape(disagreement)}"
                if fix:
                    state += f"\n  -> {escape(rebuild_index(folder))}"
                table.add_row("index vs history", state)
        bad_backups = check_backups(folder)
        sets = len(backup_sets(folder))
        if bad_backups:
            lines = [f"backups/{p.parent.name}/{p.name}: {why}" for p, why in bad_backups.items()]
            state = "[red]damaged[/]: " + escape("; ".join(lines))
            if fix:
                for path in bad_backups:
                    set_aside_backup(path)
                state += "\n  -> set aside in damaged/ (the next finished check-in makes a new backup)"
                bad_backups = check_backups(folder)
            table.add_row("backups", state)
        elif sets:
            table.add_row("backups", f"[green]fine[/] ({sets} set{'s' if sets != 1 else ''})")
        console.print(table)
        damaged = [n for n, p in found.items() if p]
        if not damaged and not disagreement and not check_backups(folder):
            console.print("All data files are fine.")
            return 0
        if not fix:
            console.print("Run [b]checkin doctor --restore[/] to put back the newest good backups, "
                          "rebuild the index from history and set damaged backups aside.")
            return 1
        still = [n for n, p in check_files(folder).items() if p]
        if still or bad_backups:
            return 1
        return 1 if check_agreement(folder) else 0
