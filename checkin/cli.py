"""The command line. Every problem becomes one clear line on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__, cli_calendar, cli_history
from .cli_support import CliError, run_app
from .cli_support import log_unexpected as log_unexpected
from .errors import Refusal, StoreError
from .locations import ENV_VAR, data_dir

# Each module of sub-commands has add_commands(subparsers, common) and run(args) -> int | None
# (None: not one of its commands); see checkin/cli_support.py and docs/ARCHITECTURE.md.
COMMAND_MODULES = (cli_history, cli_calendar)

DESCRIPTION = """\
checkin: a calm, timed weekly check-in for two partners at one terminal.

Run it with no command to open the app. Your data stays on this computer, in a
private folder (see --data-dir); nothing is ever sent anywhere.
"""

EPILOG = f"""\
data folder:
  --data-dir DIR, else ${ENV_VAR}, else your user data folder
  (on Linux ~/.local/share/checkin).

examples:
  checkin                       open the app
  checkin --demo                try it on sample data (your own data is untouched)
  checkin doctor                check your data files
  checkin doctor --restore      put back the newest good backup of a damaged file
  checkin demo-data /tmp/try    write a year of sample check-ins into an empty folder
  checkin history               list past check-ins (--json for JSON)
  checkin export --format markdown -o checkins.md
  checkin import checkins.json  merge an export (importing twice changes nothing)
  checkin remind --ics week.ics the weekly time for your calendar app
  checkin serve                 use checkin in a browser tab on this computer
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not a usage dump
        raise CliError(f"{message} (see 'checkin --help')")


def build_parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(add_help=False)
    top.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"keep data in DIR instead of the default (also ${ENV_VAR})",
    )
    # Sub-commands accept --data-dir too, without overwriting one given before the command.
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help=f"keep data in DIR instead of the default (also ${ENV_VAR})")
    parser = _Parser(
        prog="checkin",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[top],
    )
    parser.add_argument("--version", action="version", version=f"checkin {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on freshly made sample data in a temporary folder",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    doctor = sub.add_parser(
        "doctor",
        parents=[common],
        help="check every data file; --restore puts back the newest good backup",
        description="Check every data file. With --restore, a damaged file is replaced by "
        "its newest valid backup (the damaged one is kept in damaged/).",
    )
    doctor.add_argument("--restore", action="store_true", help="restore damaged files")
    demo = sub.add_parser(
        "demo-data",
        help="write sample data into an empty folder",
        description="Write realistic sample data (a couple, settings and weekly check-ins) "
        "into DIR, which must be empty or not exist yet.",
    )
    demo.add_argument("dir", metavar="DIR", help="an empty folder (created if missing)")
    demo.add_argument(
        "--check-ins", type=int, default=52, metavar="N", help="how many check-ins to write (52)"
    )
    demo.add_argument(
        "--weeks", type=int, default=None, metavar="W",
        help="over how many weeks, some skipped as in life (default: about one in eight more than N)",
    )
    demo.add_argument("--seed", type=int, default=7, help="random seed (7)")
    for commands in COMMAND_MODULES:
        commands.add_commands(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up makes many objects and frees few: Python's collector ran about 130 times before
    # the first frame (45-65 ms of it). The app turns it back on once its first screen is drawn
    # (CheckinApp.on_mount); every other command turns it on at once (_dispatch).
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = None
    try:
        args = build_parser().parse_args(argv)
        return _dispatch(args)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except CliError as exc:
        print(f"checkin: {exc}", file=sys.stderr)
        return exc.code
    except StoreError as exc:
        print(f"checkin: {exc}", file=sys.stderr)
        return 1
    except Refusal as exc:  # a request refused, in words meant for the couple
        print(f"checkin: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # e.g. --data-dir names a file, or a folder we may not write to
        name = f" ({exc.filename})" if exc.filename else ""
        print(f"checkin: {exc.strerror or exc}{name}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - never show a traceback
        where = log_unexpected(exc, getattr(args, "data_dir", None))
        print(
            "checkin: an unexpected problem stopped checkin; nothing you saved was lost."
            + (f" Details (no notes) are in {where}" if where else ""),
            file=sys.stderr,
        )
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is not None:
        gc.enable()  # not the app: nothing waits for a first frame
    if getattr(args, "data_dir", None) is not None and not str(args.data_dir).strip():
        raise CliError("--data-dir needs a folder")
    for commands in COMMAND_MODULES:
        handled = commands.run(args)
        if handled is not None:
            return handled
    if args.command == "doctor":
        from .store.doctor import run_doctor

        return run_doctor(data_dir(args.data_dir), restore=args.restore)
    if args.command == "demo-data":
        return _demo_data(Path(args.dir), args.check_ins, args.seed, args.weeks)
    if args.demo:
        return _run_demo()
    return run_app(data_dir(args.data_dir))


def _demo_data(folder: Path, count: int, seed: int, weeks: int | None = None) -> int:
    from rich.console import Console

    if count < 0 or count > 20000:
        raise CliError("--check-ins must be between 0 and 20000")
    if weeks is None:
        weeks = max(1, count + count // 8)
    if weeks < max(count, 1) or weeks > 25000:
        raise CliError(f"--weeks must be between {max(count, 1)} (one per check-in) and 25000")
    folder = folder.expanduser()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CliError(f"{folder} is not empty; demo data only goes into an empty folder")
    from .store.demo import write_demo

    written = write_demo(folder, weeks, seed, check_ins=count)
    Console(stderr=True).print(
        f"Wrote {written} sample check-in{'s' if written != 1 else ''} over {weeks} week{'s' if weeks != 1 else ''}"
        f" to [b]{folder}[/b]",
        highlight=False,
    )
    return 0


def _run_demo() -> int:
    from .locations import demo_cache_dir
    from .store.demo_cache import fill_demo_folder

    folder = Path(tempfile.mkdtemp(prefix="checkin-demo-"))
    try:
        fill_demo_folder(folder, demo_cache_dir())  # today's sample data, thrown away on exit
        return run_app(folder, demo=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
