"""How checkin ends: every way out saves first, and what cannot be saved is kept elsewhere.

Every way out (ctrl+q, SIGTERM/SIGHUP/SIGINT, the terminal closing, a closed browser tab, a
crash) goes through ``leave``: save what the screens hold, keep what could not be saved in a
rescue file, then exit. In the real program (``exit_watchdog`` set) a watchdog thread ends the
process a few seconds later if the orderly shutdown has not finished by then. A full disk never
stops the app: saves wait in memory and are tried again. A crash is logged privately, as type
and place only, never a couple's words.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import WorkerFailed

from . import __version__
from .core.clock import Clock
from .errors import DamagedFileError, Refusal, StoreError
from .locations import crash_log
from .store.atomic import append_private_text
from .store.repository import Repository


class LeavingSafely(App[int]):
    """The part of :class:`checkin.app.CheckinApp` that ends it safely."""

    repo: Repository
    clock: Clock
    exit_reason: str
    exit_signal: int | None
    exit_watchdog: float | None
    saved: bool
    save_problem: str
    rescue_path: Path | None
    _leaving: bool
    _left_on_purpose: bool
    _leave_loop: asyncio.AbstractEventLoop | None
    _watchdog: threading.Thread | None
    _old_handlers: dict[int, Any]
    _retry_timer: Timer | None

    # -- a full disk ------------------------------------------------------------------------

    DISK_FULL = (
        "The disk is full: nothing new can be saved until some space is freed. Keep going; "
        "what you write stays here and is saved as soon as there is room (checked every few seconds)."
    )

    def _write_problem(self, problem: object) -> None:
        if problem is not None:
            self.notify(self.DISK_FULL, title="Disk full", severity="error", timeout=24 * 3600, markup=False)
            if self._retry_timer is None:
                self._retry_timer = self.set_interval(3, self.repo.retry_unsaved)
            return
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        self.clear_notifications()
        self.notify("There is space again: everything is saved.", title="Saved", timeout=8, markup=False)

    # -- leaving safely ------------------------------------------------------------------
    #
    # Every way out (ctrl+q, SIGTERM/SIGHUP/SIGINT, the terminal closing, a crash) goes
    # through ``leave``: save what the screens hold, keep what could not be saved in a rescue
    # file, then exit. In the real program (``exit_watchdog`` set) a watchdog thread ends the
    # process a few seconds later if the orderly shutdown has not finished by then.

    def save_everything(self) -> bool:
        """Flush whatever a screen holds in memory (e.g. a note being typed). Never raises:
        True if everything was saved; otherwise what could not be saved is put in a rescue
        file (``self.rescue_path``) and False is returned."""
        problem: BaseException | None = None
        for screen in reversed(self.screen_stack):
            flush = getattr(screen, "flush", None)
            if callable(flush):
                try:
                    flush()
                except Exception as exc:  # noqa: BLE001 - leaving must not fail
                    problem = problem or exc
                    self._log_crash_quietly("while saving on exit", exc)
        try:
            self.repo.retry_unsaved()  # a last try for saves kept while the disk was full
        except Exception as exc:  # noqa: BLE001 - leaving must not fail
            problem = problem or exc
            self._log_crash_quietly("while saving on exit", exc)
        if problem is None:
            return True
        self.save_problem = _one_line(problem)
        self._rescue(self.save_problem)
        return False

    def _rescue(self, reason: str) -> None:
        from .rescue import write_rescue

        try:
            unsaved = _unsaved(self.screen_stack)
            if unsaved:
                self.rescue_path = write_rescue(self.repo.folder, self.clock.now().isoformat(), reason, unsaved)
        except Exception:  # noqa: BLE001 - the last resort must not stop the exit
            self.rescue_path = None

    def install_exit_signals(self) -> None:
        """SIGTERM, SIGHUP and SIGINT leave like ctrl+q (save first). Installed with
        ``signal.signal`` before the app runs, so a signal at start-up, or while the event
        loop is stuck, still arms the watchdog; the orderly part runs on the event loop."""
        for sig in LEAVING_SIGNALS:
            self._old_handlers[sig] = signal.signal(sig, self._on_os_signal)

    def restore_exit_signals(self) -> None:
        for sig, old in self._old_handlers.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, old)
        self._old_handlers.clear()

    def _on_os_signal(self, sig: int, _frame: object) -> None:
        self._note_signal(sig)
        self.arm_watchdog()
        loop = self._leave_loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.leave, signal.Signals(sig).name)
        # else: on_mount sees exit_signal and leaves before any screen is shown.

    def _note_signal(self, sig: int) -> None:
        if self.exit_signal is None:
            self.exit_signal = sig
            self.exit_reason = signal.Signals(sig).name

    def _on_signal(self, sig: int) -> None:
        """A signal, handled on the event loop (kept for callers and tests)."""
        self._note_signal(sig)
        self.leave(signal.Signals(sig).name)

    def terminal_closed(self, why: str = "the terminal closed") -> None:
        """The terminal went away (EIO on write, EOF or hang-up on stdin): leave as on SIGHUP.
        Safe to call from any thread."""
        if not self.exit_reason:
            self.exit_reason = "terminal closed"
        self.arm_watchdog()
        loop = self._leave_loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.leave, why)

    def _check_terminal(self) -> None:
        from .terminal import stdin_fd, terminal_gone

        fd = stdin_fd()
        if fd is not None and terminal_gone(fd):
            self.terminal_closed("the terminal closed (stdin hung up)")

    def leave(self, why: str = "quit") -> None:
        """Save, then exit; only the first call does anything."""
        if self._leaving:
            return
        self._leaving = True
        self._left_on_purpose = True
        self.arm_watchdog()
        self.saved = self.save_everything()
        self.exit(self.final_code())

    def final_code(self) -> int:
        """The process exit code: 130 after SIGINT, 0 after SIGTERM/SIGHUP or quit when
        everything was saved, 1 when something had to go to a rescue file."""
        if self.exit_signal == signal.SIGINT:
            return 130
        if not self.saved:
            return 1
        if self._left_on_purpose or self.exit_reason:
            return 0
        return self.return_code or 0

    def arm_watchdog(self) -> None:
        """End the process ``exit_watchdog`` seconds from now unless it has ended by then."""
        if self.exit_watchdog is None or self._watchdog is not None:
            return
        self._watchdog = threading.Thread(target=self._watchdog_fires, name="checkin-exit-watchdog", daemon=True)
        self._watchdog.start()

    def _watchdog_fires(self) -> None:
        time.sleep(self.exit_watchdog or 0)
        # The orderly shutdown is stuck (e.g. a write to a terminal that is gone). What could
        # be saved was saved before this timer started; give the terminal back and go.
        with contextlib.suppress(Exception):
            _reset_terminal(getattr(self._driver, "attrs_before", None))
        os._exit(self.final_code())

    def on_exit_app(self) -> None:
        """Every way out saves first, also a closed browser tab (textual-serve asks the app to
        quit without going through ``leave``); a way out that already saved is not saved twice."""
        if not self._leaving:
            self._leaving = True
            self.saved = self.save_everything()

    async def action_quit(self) -> None:
        self.leave("quit")

    def _log_crash(self, context: str, error: BaseException | None = None) -> Path:
        """Write the traceback (never local variables) to the private crash log."""
        path = crash_log(self.repo.folder)
        stamp = self.clock.now().isoformat()
        from .crash_report import crash_text  # type and place only, never values from data

        text = crash_text(error if error is not None else sys.exc_info()[1])
        append_private_text(path, f"--- {stamp} checkin {__version__} {context}\n{text}\n")
        return path

    def _log_crash_quietly(self, context: str, error: BaseException) -> Path | None:
        try:
            return self._log_crash(context, error)
        except Exception:  # noqa: BLE001 - the data folder may be gone: the exit goes on
            return None

    def _handle_exception(self, error: Exception) -> None:
        if self._leaving and isinstance(error, NoMatches):
            # Leaving while a screen is still being built (e.g. SIGHUP, the terminal closing, at
            # start-up): its widgets are removed under its on_mount. That is the normal exit
            # already under way, not a crash to log (issue 9.17): finish it now.
            self._close_messages_no_wait()
            return
        damage = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(damage, DamagedFileError) and not self._leaving:
            # A data file found damaged after the first frame (index.json or history.json are
            # read in full only when first needed): nothing was written over, so say which file
            # and the way out, as at start-up, and keep running (issue 9.11). What the couple
            # types is still saved (current.json is another file).
            self.say_damaged(damage)
            return
        if isinstance(damage, Refusal) and not self._leaving:
            # The core said no, in words written for the couple (never their text): a handler
            # that did not ask first still gets a notice, not a crash.
            self.notify(str(damage), severity="warning", timeout=10, markup=False)
            return
        super()._handle_exception(error)

    def say_damaged(self, damage: StoreError) -> None:
        """Name a damaged data file and the way out, once while the notice is showing (several
        screens may find the same damage in a row)."""
        text = str(damage)
        if not any(n.message == text for n in self._notifications):
            self.notify(text, title="A data file is damaged", severity="error", timeout=30, markup=False)

    def _fatal_error(self) -> None:
        # Textual's own report prints local variables, which could show a couple's notes
        # on screen. Log the bare traceback privately and show one calm line instead.
        self.arm_watchdog()
        error = self._exception
        if self._leaving:  # already leaving, and what could be saved was saved
            if error is not None:
                self._log_crash_quietly("while leaving", error)
            self._close_messages_no_wait()
            return
        self._leaving = True
        message = "checkin stopped because of an unexpected problem; it could not write its log."
        try:
            self.saved = self.save_everything()
            if isinstance(error, StoreError):
                # e.g. history.json found damaged when first read: say which file and where
                # its copy is, as at start-up; nothing was written over.
                message = f"checkin: {error}"
            else:
                path = self._log_crash_quietly("crash", error) if error is not None else None
                saved = (
                    "Everything you wrote up to now is saved."
                    if self.saved
                    else self.unsaved_message()
                )
                where = (
                    f" Details for a bug report (no notes in them) are in {path}" if path
                    else " It could not write its log."
                )
                message = f"checkin stopped because of an unexpected problem. {saved}{where}"
        except Exception:  # noqa: BLE001 - a failing log (disk full) must not hang the exit
            pass
        finally:
            with contextlib.suppress(Exception):
                self.bell()
            self._close_messages_no_wait()
        self._exit_renderables.append(Text(message))

    def unsaved_message(self) -> str:
        why = f" ({self.save_problem})" if self.save_problem else ""
        if self.rescue_path is not None:
            return f"It could not save to {self.repo.folder}{why}; what was not saved is kept in {self.rescue_path}."
        return f"It could not save to {self.repo.folder}{why}."


LEAVING_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


def _one_line(error: BaseException) -> str:
    """An error as one line with no user data: OSError's text and file name, else the type."""
    if isinstance(error, OSError):
        name = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror or type(error).__name__}{name}"
    return type(error).__name__


def _unsaved(screens: Iterable[Screen]) -> dict[str, Any]:
    """What the open screens hold that may not be on disk: a check-in in progress (its
    record carries the note draft) and any text typed into a box."""

    from textual.widgets import TextArea  # not at start-up: home has none (about 5 ms)

    out: dict[str, Any] = {}
    typed: list[dict[str, str]] = []
    for screen in screens:
        if getattr(screen, "PRIVATE", False):
            continue  # private notes are sealed in their journal, never kept in plain text
        session = getattr(screen, "session", None)
        record = getattr(session, "record", None)
        if isinstance(record, dict):
            out["checkin"] = json.loads(json.dumps(record, default=str))
        for box in screen.query("TextArea, Input"):
            if getattr(box, "password", False):
                continue  # a passphrase is never written down
            text = box.text if isinstance(box, TextArea) else getattr(box, "value", "")
            if isinstance(text, str) and text.strip():
                typed.append({"screen": type(screen).__name__, "box": box.id or "", "text": text})
    if typed:
        out["typed"] = typed
    return out


def _reset_terminal(attrs: Any) -> None:
    """Leave the alternate screen, show the cursor, stop mouse reports; best effort, no wait."""
    import sys
    import termios

    fd = sys.__stderr__.fileno() if sys.__stderr__ is not None else 2
    if not os.isatty(fd):
        return
    if attrs is not None:
        termios.tcsetattr(fd, termios.TCSANOW, attrs)
    os.set_blocking(fd, False)
    os.write(fd, b"\x1b[?1000l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[<u\x1b[?1049l\x1b[?25h")
