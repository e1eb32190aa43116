"""`checkin history`, `checkin export` and `checkin import`: looking back outside the app.

Wired into :mod:`checkin.cli` with :func:`add_commands` (building the parser) and :func:`run`
(handling the parsed arguments; None when the command is not one of these): the pattern of
every command module, see :mod:`checkin.cli_support`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .cli_support import CliError, no_data, with_repo

COMMANDS = ("history", "export", "import")


def add_commands(subparsers: Any, common_parent: argparse.ArgumentParser) -> None:
    """Register the three commands on the main parser's sub-parsers."""
    history = subparsers.add_parser(
        "history",
        parents=[common_parent],
        help="list your check-ins, newest first (--json for JSON)",
        description="List every finished check-in, newest first: when, agenda, length, how it "
        "ended, the closing ratings and the number of action items.",
    )
    history.add_argument("--json", action="store_true", help="print the list as JSON")
    export = subparsers.add_parser(
        "export",
        parents=[common_parent],
        help="export everything as JSON (to import elsewhere) or Markdown (to read or print)",
        description="Export your names, settings, hobby picker data and every check-in with its "
        "events and action items. JSON can be imported again with 'checkin import'; Markdown is "
        "for reading and printing. Notes are private: keep the file somewhere safe.",
    )
    export.add_argument("--format", choices=("json", "markdown"), default="json", help="json (default) or markdown")
    export.add_argument("--since", metavar="DATE", help="only check-ins from this day on, e.g. 2026-01-31")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    export.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    imp = subparsers.add_parser(
        "import",
        parents=[common_parent],
        help="add the check-ins from a JSON export (nothing is ever overwritten)",
        description="Check a JSON export and add what is new, matched by id: importing the same "
        "file twice changes nothing. If anything in the file is wrong, nothing is changed and "
        "each problem is listed.",
    )
    imp.add_argument("file", metavar="FILE", help="a file made by 'checkin export --format json'")


def run(args: argparse.Namespace) -> int | None:
    """Handle history/export/import; None when ``args.command`` is something else."""
    if getattr(args, "command", None) not in COMMANDS:
        return None
    from .locations import data_dir

    folder = data_dir(getattr(args, "data_dir", None))
    if args.command == "history":
        return _history(_snapshot(folder, with_history=False), args.json)
    if args.command == "export":
        return _export(_snapshot(folder), args.format, args.since, args.output, args.force)
    return _import(folder, Path(args.file))


def _snapshot(folder: Path, *, with_history: bool = True) -> Any:
    """history and export only read: a consistent snapshot, without the lock, so they work
    while the app is open (and write nothing, not even on a read-only folder)."""
    from .store.snapshot import HISTORY, INDEX, MAIN, read_snapshot

    if not (folder / MAIN).exists():
        raise no_data(folder)
    return read_snapshot(folder, (MAIN, INDEX, HISTORY) if with_history else (MAIN, INDEX))


def _names(repo: Any) -> dict[str, str]:
    from .core.model import partner_names

    return partner_names(repo.couple())


def history_rows(repo: Any) -> list[dict[str, Any]]:
    """The list as JSON-safe dicts, newest first."""
    from .core import stats

    names = _names(repo)
    now = repo.clock.now()
    out = []
    for row in repo.summaries():
        line = stats.history_row(row, now, names)
        out.append(
            {
                "id": line.id,
                "started_at": row.get("started_at"),
                "ended_at": row.get("ended_at"),
                "date": line.when,
                "ago": line.ago,
                "agenda": line.agenda,
                "minutes": round((row.get("elapsed") or 0.0) / 60, 1),
                "status": row.get("status"),
                "ended": line.ended,
                "breaks": int((row.get("breaks") or {}).get("count") or 0),
                "ratings_after": row.get("ratings_after"),
                "talk_share": row.get("talk_share"),
                "action_items": line.actions,
            }
        )
    return out


def _history(repo: Any, as_json: bool) -> int:
    rows = history_rows(repo)
    from .core.text import clean_text, escape_json_controls

    if as_json:
        sys.stdout.write(escape_json_controls(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    names = {p: clean_text(n, lines=False) for p, n in _names(repo).items()}
    console = Console()
    if not rows:
        console.print("No check-ins yet. After your first one, it will be listed here.")
        return 0
    from rich import box
    from rich.markup import escape as rich_escape

    wide = console.width >= 110  # the "3 weeks ago" column only where it fits
    title = f"Check-ins of {rich_escape(names['a'])} & {rich_escape(names['b'])}"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("When", no_wrap=True)
    if wide:
        table.add_column("", no_wrap=True, style="dim")
    table.add_column("Agenda", no_wrap=True, max_width=18)
    table.add_column("Length", justify="right", no_wrap=True)
    table.add_column("How it ended", min_width=11)
    for p in ("a", "b"):  # the name, and under it what the two numbers are
        table.add_column(f"{rich_escape(names[p])}\nmood conn", justify="center", no_wrap=True, min_width=9)
    table.add_column("Actions" if wide else "Items", justify="right", no_wrap=True)
    for row in rows:
        after = row["ratings_after"] or {}
        # two numbers under "mood conn", as in the app's list, never "8/9", which reads as a fraction
        ratings = [f"{r['mood']:>4} {r['connection']:>4}" if (r := after.get(p)) else "-" for p in ("a", "b")]
        when = [row["date"], row["ago"]] if wide else [row["date"]]
        actions = str(row["action_items"]) if row["action_items"] else "-"
        agenda = row["agenda"] if wide else row["agenda"].removesuffix(" check-in")
        # stored text never acts on the terminal, nor as Rich markup
        texts = (*when, agenda, f"{round(row['minutes'])} min", row["ended"])
        table.add_row(*(rich_escape(clean_text(str(t), lines=False)) for t in texts), *ratings, actions)
    console.print(table, highlight=False)
    console.print(
        f"{len(rows)} check-in{'s' if len(rows) != 1 else ''}. "
        "Under each name: mood and connection at the end, each 0-10.",
        style="dim",
        highlight=False,
    )
    return 0


def _export(repo: Any, fmt: str, since_text: str | None, output: str | None, force: bool = False) -> int:
    from .core import export

    try:
        since = export.parse_since(since_text)
    except ValueError as err:
        raise CliError(str(err)) from None
    text = export.export_json(repo, since) if fmt == "json" else export.export_markdown(repo, since)
    if output is None or output == "-":
        sys.stdout.write(text)  # the formats themselves hold no terminal controls (core/text.py)
        return 0
    from .export_file import write_export

    path = Path(output).expanduser()
    if path.is_dir():
        raise CliError(f"{path} is a folder; give a file name, like {path / 'checkins.json'}")
    if path.exists() and not force:
        raise CliError(f"{path} already exists; choose another name, or add --force to replace it")
    try:
        removed = write_export(path, text)  # also removes what an interrupted export left
    except OSError as err:
        raise CliError(f"could not write {path}: {err.strerror or err}", code=1) from None
    for tmp in removed:
        sys.stderr.write(f"Removed {tmp.name}, left by an earlier export that was interrupted.\n")
    sys.stderr.write(f"Exported to {path} (private: only you can read it).\n")
    return 0


def _import(folder: Path, file: Path) -> int:
    from .core import export

    file = file.expanduser()
    try:
        if file.stat().st_size > export.MAX_FILE_BYTES:  # refused before reading it in
            raise CliError(f"{file} is larger than any checkin export; nothing was changed")
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{file} was not found") from None
    except UnicodeDecodeError:
        raise CliError(f"{file} is not a checkin export (not UTF-8 text)") from None
    except OSError as err:
        raise CliError(f"could not read {file}: {err.strerror or err}", code=1) from None
    try:
        data = export.loads(text)
    except export.ImportProblem as err:
        raise CliError(f"{file}: {err}; nothing was changed") from None

    def merge(repo: Any) -> int:
        try:
            report = export.import_data(repo, data)
        except export.ImportProblem as err:
            if len(err.problems) == 1:
                raise CliError(f"{file}: {err.problems[0]}; nothing was changed") from None
            for problem in err.problems:
                sys.stderr.write(f"  {problem}\n")
            raise CliError(f"{file}: {len(err.problems)} problems (above); nothing was changed") from None
        sys.stderr.write(report.words() + "\n")
        return 0

    return with_repo(folder, merge, create=True)
