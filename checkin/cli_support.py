"""What every CLI command module shares: the one-line error, opening the data folder under its
lock, and running the app. ``cli.py`` builds the parser from the command modules
(``cli_history``, ``cli_calendar``); they and ``serve.py`` import this module, never ``cli.py``.

A command module has ``add_commands(subparsers, common_parent)`` and ``run(args) -> int | None``
(None when ``args.command`` is not one of its commands).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .locations import crash_log, data_dir

if TYPE_CHECKING:
    from .store.repository import Repository

EXIT_GRACE_SECONDS = 3.0  # after a signal, a closed terminal or quit: gone within this long
MAIN_FILE = "checkin.json"


class CliError(Exception):
    """A problem to show as one line, with the exit code to use."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def no_data(folder: Path) -> CliError:
    return CliError(f"no checkin data in {folder} yet (see --data-dir)", code=1)


def with_repo(folder: Path, action: Callable[[Repository], Any], *, create: bool = False) -> int:
    """Open the data folder under its lock, run ``action(repo)``, close; its result is the exit code."""
    from .store.lock import DataLock
    from .store.repository import Repository

    if not create and not (folder / MAIN_FILE).exists():
        raise no_data(folder)
    with DataLock(folder):
        repo = Repository(folder).open()
        try:
            return int(action(repo) or 0)
        finally:
            repo.close()


def log_unexpected(exc: BaseException, folder_arg: str | None = None) -> Path | None:
    """Write the crash report (type and place only, never data) and say where; None if we cannot."""
    try:
        from .crash_report import crash_text
        from .store.atomic import append_private_text, ensure_private_dir

        folder = ensure_private_dir(data_dir(folder_arg))
        path = crash_log(folder)
        append_private_text(path, crash_text(exc) + "\n")
        return path
    except Exception:  # noqa: BLE001
        return None


def run_app(folder: Path, *, demo: bool = False) -> int:
    """Open the data folder (locked) and run the app until it quits; the process's exit code."""
    from .store.lock import DataLock
    from .store.repository import Repository

    with DataLock(folder) as lock:
        repo = Repository(folder).open()
        try:
            from .app import CheckinApp

            app = CheckinApp(repo, demo=demo, exit_watchdog=EXIT_GRACE_SECONDS, lock=lock)
            app.install_exit_signals()
            try:
                app.run()
            except OSError:
                # The terminal went away while Textual restored it: what could be saved is.
                if not app.exit_reason:
                    raise
            finally:
                app.restore_exit_signals()
        finally:
            with contextlib.suppress(Exception):
                repo.close()
    if not app.saved:
        print(f"checkin: {app.unsaved_message()}", file=sys.stderr)
    return app.final_code()
