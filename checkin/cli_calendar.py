"""`checkin remind --ics FILE` and `checkin serve`: checkin where couples already are.

Wired into :mod:`checkin.cli` like :mod:`checkin.cli_history`: :func:`add_commands` builds the
parsers, :func:`run` handles the parsed arguments (None when the command is not one of these).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .cli_support import CliError, with_repo

COMMANDS = ("remind", "serve")


def add_commands(subparsers: Any, common_parent: argparse.ArgumentParser) -> None:
    remind = subparsers.add_parser(
        "remind",
        parents=[common_parent],
        help="put the weekly check-in in your calendar app (an .ics file)",
        description="Write an iCalendar file with your weekly check-in as one repeating event, in "
        "your own time zone, with a reminder before it. Open the file with your calendar app "
        "(Google, Apple, Outlook, Thunderbird): your phone then does the reminding. After "
        "changing the day or time, write it again and import it again: the same event is updated.",
    )
    remind.add_argument("--ics", metavar="FILE", required=True, help="the .ics file to write")
    remind.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    remind.add_argument(
        "--alarm-minutes", type=int, default=30, metavar="N",
        help="remind N minutes before (30; 0 = at the start)",
    )
    remind.add_argument("--no-alarm", action="store_true", help="no reminder in the event")
    remind.add_argument("--tz", metavar="ZONE", help="time zone, e.g. Europe/Berlin (default: this computer's)")
    remind.add_argument(
        "--plan", nargs="?", const=True, default=False, metavar="ID",
        help="write the next planned activity from the hobby picker instead (or the plan ID)",
    )
    serve = subparsers.add_parser(
        "serve",
        parents=[common_parent],
        help="use checkin in a browser tab on this computer",
        description="Serve checkin to a web browser (textual-serve). By default only this computer "
        "can reach it (127.0.0.1). The same data folder and the same one-at-a-time rule apply: a "
        "second tab is told checkin is already open. Closing the tab saves, like closing the terminal.",
    )
    serve.add_argument("--port", type=int, default=8000, metavar="N", help="port to listen on (8000)")
    serve.add_argument(
        "--host", default=None, metavar="H",
        help="address to listen on (127.0.0.1); anything else lets other computers read your notes",
    )
    serve.add_argument("--no-open", action="store_true", help="do not open a browser tab")


def run(args: argparse.Namespace) -> int | None:
    if getattr(args, "command", None) not in COMMANDS:
        return None
    from .locations import data_dir

    folder = data_dir(getattr(args, "data_dir", None))
    if args.command == "serve":
        from .serve import serve

        return serve(folder, host=args.host, port=args.port, open_browser=not args.no_open)
    return with_repo(folder, lambda repo: _remind(repo, args))


def _remind(repo: Any, args: argparse.Namespace) -> int:
    from .core.calendar import CalendarProblem, write_reminder

    alarm = None if args.no_alarm else args.alarm_minutes
    path = Path(args.ics).expanduser()
    try:
        written = write_reminder(repo, path, force=args.force, zone=args.tz, alarm_minutes=alarm,
                                 plan=args.plan)
    except CalendarProblem as err:
        raise CliError(str(err)) from None
    except OSError as err:
        raise CliError(f"could not write {path}: {err.strerror or err}", code=1) from None
    what = "The planned activity" if args.plan else "Your weekly check-in"
    update = f" (update {written.sequence}: import it again to change the same event)" if written.sequence else ""
    sys.stderr.write(
        f"{what} is in {path}, {written.when}{update}. Open it with your calendar app.\n"
    )
    return 0
