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
from .journal import JOURNAL, read_view, recover
from .lock import DataLock
from .repository import CURRENT, DATA_FILES, HISTORY, INDEX, index_rows


def check_files(folder: Path, view: dict[str, Path] | None = None) -> dict[str, str | None]:
    """File name -> None when fine (or absent), else why it is damaged. ``view`` names where a
    file's newest committed bytes are while a journal is pending (read, never written)."""
    result: dict[str, str | None] = {}
    for name in DATA_FILES:
        try:
            read_json_file((view or {}).get(name, folder / name), keep_damaged=False)
            result[name] = None
        except DamagedFileError as exc:
            result[name] = exc.reason
    return result


def check_private(folder: Path) -> dict[str, str | None]:
    """Each private journal there is ("private/a.bin") -> None when its header is sound, else why
    not. Only what needs no passphrase is checked, and nothing is ever opened or written."""
    from .private import journal_path
    from .vault import check_sealed

    out: dict[str, str | None] = {}
    for partner in ("a", "b"):
        path = journal_path(folder, partner)
        if path.exists():
            out[f"private/{partner}.bin"] = check_sealed(path)
    return out


def pending_change(folder: Path) -> str | None:
    """What an interrupted change waiting in journal.json is, or None when there is none."""
    if not (folder / JOURNAL).exists():
        return None
    view = read_view(folder)
    if not view:
        return "journal.json is not a checkin journal; checkin sets it aside when it next opens"
    names = ", ".join(sorted(view))
    return (f"a change to {names} was interrupted after it counted; checkin completes it when it "
            "next opens (or now with --restore)")


def restore_file(folder: Path, name: str) -> str:
    """Put a good copy in place of a damaged file; say what was done."""
    path = folder / name
    kept = keep_copy(path)
    kept_note = f" (the damaged file is kept at {kept})" if kept else ""
    if name == CURRENT:
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


def check_agreement(folder: Path, view: dict[str, Path] | None = None) -> str | None:
    """Why index.json and history.json disagree (a check-in in one and not the other), or
    None. Only meaningful when both read cleanly."""
    view = view or {}
    history_path, index_path = view.get(HISTORY, folder / HISTORY), view.get(INDEX, folder / INDEX)
    if not history_path.exists() and not index_path.exists():
        return None
    history = (read_json_file(history_path, keep_damaged=False, frozen=True) or {}).get("checkins", {})
    index = (read_json_file(index_path, keep_damaged=False, frozen=True) or {}).get("summaries", {})
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
    rows = index_rows(history.get("checkins", {}).values())
    kept = keep_copy(folder / INDEX) if (folder / INDEX).exists() else None
    old = read_json_file(folder / INDEX, keep_damaged=False) or {}
    old["summaries"] = {str(n): row for n, row in enumerate(rows, 1)}
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
    if not (restore or repair):
        # Only reading: no lock, no write, no mode change, so it works while the app is open
        # and on a read-only folder. A pending change is read as it will be once completed.
        return _report(folder, console, fix=False, restore=False)
    ensure_private_dir(folder)
    with DataLock(folder):
        completed = ""
        try:
            names = recover(folder)
            if names:
                completed = "completed an interrupted change to " + ", ".join(sorted(names))
        except DamagedFileError as exc:
            completed = f"set aside a journal.json that was not checkin's (kept at {exc.copy})"
        if completed:
            console.print(f"-> {escape(completed)}")
        return _report(folder, console, fix=True, restore=restore)


def _report(folder: Path, console: Console, *, fix: bool, restore: bool) -> int:
    view = {} if fix else read_view(folder)
    found = check_files(folder, view)
    table = Table(title=f"checkin data in {escape(str(folder))}", title_justify="left")
    table.add_column("file")
    table.add_column("state")
    pending = None if fix else pending_change(folder)
    if pending:
        table.add_row("journal.json", f"[yellow]pending[/]: {escape(pending)}")
    actions: dict[str, str] = {}
    for name, problem in found.items():
        if problem and restore:
            actions[name] = restore_file(folder, name)
        state = "[green]fine[/]" if not problem else f"[red]damaged[/]: {escape(problem)}"
        if name in actions:
            state += f"\n  -> {escape(actions[name])}"
        if not view.get(name, folder / name).exists() and not problem:
            state = "[dim]not created yet[/]"
        table.add_row(name, state)
    sealed_damage = check_private(folder)
    for name, problem in sealed_damage.items():
        table.add_row(name, "[green]sealed[/] (its notes are checked when it is unlocked)" if problem is None
                      else f"[red]damaged[/]: {escape(problem)}\n  kept exactly as it is: no backup can hold it")
    disagreement = None
    if not any(p for n, p in check_files(folder, view).items() if n in (INDEX, HISTORY)):
        disagreement = check_agreement(folder, view)
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
    sealed_damaged = [n for n, p in sealed_damage.items() if p]
    if not damaged and not disagreement and not bad_backups and not pending:
        if sealed_damaged:  # nothing here can mend it: it opens only with its author's key
            console.print("The other data files are fine. A damaged private journal is kept exactly as it is.")
            return 1
        console.print("All data files are fine.")
        return 0
    if not fix:
        console.print("Run [b]checkin doctor --restore[/] to complete an interrupted change, put back the "
                      "newest good backups, rebuild the index from history and set damaged backups aside.")
        return 1
    still = [n for n, p in check_files(folder).items() if p]
    if still or bad_backups or sealed_damaged:
        return 1
    return 1 if check_agreement(folder) else 0
