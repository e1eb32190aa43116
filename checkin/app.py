"""The Textual app: themes, global keys, the screens. Small on purpose: screens do the work."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import sys
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.driver import Driver
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import WorkerFailed

from . import __version__
from .core.clock import Clock, SystemClock
from .core.model import Couple, Settings
from .errors import DamagedFileError, Refusal, StoreError
from .key_order import KeyOrder
from .locations import crash_log, shipped_themes_dir, user_themes_dir
from .store.atomic import append_private_text
from .store.lock import DataLock
from .store.repository import Repository
from .themes import DEFAULT_THEME, PARTNER_DEFAULTS, load_themes

if TYPE_CHECKING:
    from .core.deck import Deck, DeckState


class CheckinApp(App[int]):
    """checkin: the weekly check-in for two, at one terminal."""

    # Only what the first screens need is parsed before the first frame (start.tcss); the rest
    # is read just after it, or before any other screen is shown (load_later_css). Parsing
    # all of it first, and matching every node against all of its rules, cost about 30 ms.
    CSS_PATH = ["start.tcss"]
    LATER_CSS = ("app.tcss", "activities.tcss", "prompts.tcss")
    LATER_CSS_DELAY = 0.5  # seconds after the first screen is pushed: while it is being read
    TITLE = "checkin"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", tooltip="Close checkin (everything is saved)", id="app.quit"),
        # not in the footer (yet): showing it would change every screen's footer at once
        Binding("question_mark,f1", "help", "Help", tooltip="The keys of this screen", show=False, id="app.help"),
        # Esc closes the palette's "Keys" panel first; otherwise it does what the screen says
        Binding("escape", "hide_keys_panel", "Close keys", priority=True, id="app.hide_keys_panel"),
    ]

    def __init__(
        self,
        repo: Repository,
        clock: Clock | None = None,
        *,
        demo: bool = False,
        themes_dirs: Iterable[Path] | None = None,
        exit_watchdog: float | None = None,
        lock: DataLock | None = None,
    ) -> None:
        super().__init__()
        # which screen each key was typed at, while it is on its way (see on_key)
        self._key_screens: weakref.WeakKeyDictionary[events.Key, Screen] = weakref.WeakKeyDictionary()
        self._key_order = KeyOrder(self)
        self.repo = repo
        self.clock = clock or SystemClock()
        self.demo = demo
        self.exit_reason = ""  # why the app is leaving on its own: a signal, the terminal closing
        self.exit_signal: int | None = None
        self.exit_watchdog = exit_watchdog  # seconds; None in tests, where the app is not a process
        self.saved = True
        self.save_problem = ""
        self.rescue_path: Path | None = None
        self._leaving = False
        self._left_on_purpose = False
        self._leave_loop: asyncio.AbstractEventLoop | None = None
        self._watchdog: threading.Thread | None = None
        self._old_handlers: dict[int, Any] = {}
        self.lock = lock
        self._lock_warned = False
        folders = list(themes_dirs) if themes_dirs is not None else [
            shipped_themes_dir(),
            user_themes_dir(repo.folder),
        ]
        self.theme_files, self.theme_problems = load_themes(*folders)
        # A full disk never stops the app: saves wait in memory and are tried again.
        repo.keep_unsaved_when_full = True
        repo.on_write_problem.append(self._write_problem)
        self._retry_timer: Timer | None = None
        self._deck: Deck | None = None
        self.prompt_rng: random.Random | None = None  # tests pass a seeded one
        for tf in self.theme_files:
            self.register_theme(tf.theme)
        self._theme_missing = self._set_first_theme(self.settings.theme)
        self._later_css_loaded = False
        if demo:
            self.sub_title = "demo: sample data, your own is untouched"

    # -- data the screens share ---------------------------------------------------------

    @property
    def couple(self) -> Couple | None:
        return self.repo.couple()

    @property
    def settings(self) -> Settings:
        return self.repo.settings()

    def prompt_deck(self) -> Deck:
        """The couple's question cards, loaded when first needed. Every change (a card drawn, a
        favourite, "not for us") is saved at once; a broken prompt file is named in a notice."""
        if self._deck is None:
            from .core.deck import Deck
            from .core.prompts import load_library
            from .locations import user_prompts_dir
            from .store.prompt_state import PromptStateStore

            library, problems = load_library(user_prompts_dir(self.repo.folder))
            store = PromptStateStore(self.repo.folder, read_only=self.repo.read_only)
            state = store.load()
            if store.problem:
                problems.append(store.problem)
            for problem in problems:
                self.notify(problem, title="Question cards", severity="warning", timeout=15, markup=False)

            def save(state: DeckState) -> None:
                try:
                    store.save(state)
                except OSError as exc:
                    self.notify(
                        f"The cards you have seen could not be saved ({exc.strerror or exc}).",
                        title="Question cards", severity="error", markup=False,
                    )

            self._deck = Deck(library, state, rng=self.prompt_rng, on_change=save)
        return self._deck

    @property
    def theme_labels(self) -> dict[str, str]:
        return {tf.theme.name: tf.label for tf in self.theme_files}

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(PARTNER_DEFAULTS)

    # -- start-up -------------------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:
            from .terminal import SafeLinuxDriver

            return SafeLinuxDriver
        return driver

    def _set_first_theme(self, name: str) -> str | None:
        """Choose the theme before the stylesheets are first parsed. Setting ``theme`` once
        running (in on_mount) makes Textual parse every stylesheet again and restyle every
        widget before the first frame. Returns the name asked for if it was not found."""
        chosen = self._theme_or_default(name)
        self.set_reactive(App.theme, chosen)
        dark = self.current_theme.dark
        self.set_class(True, f"-theme-{chosen}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        refresh_filter = getattr(self, "_refresh_truecolor_filter", None)
        if callable(refresh_filter):
            refresh_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())
        return name if chosen != name and name != DEFAULT_THEME else None

    def _theme_or_default(self, name: str) -> str:
        if name in self.available_themes:
            return name
        return DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            # Keys act in the order typed, also when one moves the focus (see key_order).
            await self._key_order.before_sending(self.focused or self.screen)
            # Remember which screen this key was typed at (see on_key).
            self._key_screens[event] = self.screen
            target = self.focused or self.screen
            await super().on_event(event)
            if event.is_forwarded:  # handed to a widget's queue (not taken by a priority binding)
                self._key_order.sent(event, target)
            return
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """Keys follow the focus. In a fast burst ("r" then a note, a paste right after a screen
        opens) Textual hands every key to the screen shown when it arrived, so the keys behind
        the one that opened a new screen land on the old one and are lost. A key that comes
        back unused from a screen that is no longer shown is typed again at the screen now shown
        (its bindings already had their turn on the way up)."""
        typed_at = self._key_screens.pop(event, None)
        if typed_at is None or typed_at is self.screen or not event.is_forwarded:
            return
        again = events.Key(event.key, event.character)
        again.set_sender(self)
        self._key_screens[again] = self.screen
        (self.focused or self.screen)._forward_event(again)

    def on_mount(self) -> None:
        self._leave_loop = asyncio.get_running_loop()
        if self.exit_reason:  # a signal came while starting: nothing to show, leave now
            self.leave(self.exit_reason)
            return
        for problem in self.theme_problems:
            self.notify(problem, title="Theme", severity="error", timeout=10, markup=False)
        if self._theme_missing:
            self._say_theme_missing(self._theme_missing)
        self.load_keymap()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.exit_watchdog is not None:  # the real terminal: notice when it goes away
            self.set_interval(1.0, self._check_terminal)
        if self.lock is not None:
            self.set_interval(2.0, self._check_lock)
        self._announce_rescues()
        self.set_timer(self.LATER_CSS_DELAY, self.load_later_css)  # while the first screen is being read
        if self.couple is None:
            from .screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        else:
            from .screens.solo_home import home_screen_for

            self.push_screen(home_screen_for(self))  # one person's home until a second name is added

    def load_later_css(self) -> None:
        """Read the stylesheets of the screens after the first (``LATER_CSS``), once."""
        if self._later_css_loaded:
            return
        self._later_css_loaded = True
        paths = [Path(__file__).with_name(name) for name in self.LATER_CSS]
        self.stylesheet.read_all(paths)
        self.stylesheet.parse()  # now, not while the next screen is being styled
        if self.css_monitor is not None:  # textual run --dev: edits of these reload too
            self.css_monitor.add_paths(paths)

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        self._styles_for(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        self._styles_for(screen)
        return super().switch_screen(screen)

    def _styles_for(self, screen: object) -> None:
        """Every screen but the first ones needs the later stylesheets before it is styled."""
        if not getattr(screen, "STYLED_AT_START", False):
            self.load_later_css()

    def load_keymap(self) -> None:
        """The couple's own keys from keymap.toml in the data folder, if there is one. A
        broken file is named in a notice and the usual keys stay: never half of it."""
        from .keymap import KEYMAP_FILE, load_keymap

        keymap = load_keymap(self.repo.folder)
        if keymap.problems:
            self.notify(
                f"{KEYMAP_FILE} in {self.repo.folder} is not used, the usual keys apply: "
                + "; ".join(keymap.problems[:4])
                + (f" (and {len(keymap.problems) - 4} more)" if len(keymap.problems) > 4 else ""),
                title="Your keys", severity="error", timeout=30, markup=False,
            )
        self.set_keymap(keymap.keys)

    def _check_lock(self) -> None:
        """Put checkin.lock back if it was deleted, so a second checkin is still refused."""
        if self.lock is None or self.lock.verify() or self._lock_warned:
            return
        self._lock_warned = True
        self.notify(
            "Another checkin opened this data folder after its lock file was removed. Close one of "
            "them now; changes made in both would overwrite each other.",
            title="Opened twice", severity="error", timeout=30, markup=False,
        )

    def _announce_rescues(self) -> None:
        from .rescue import pending_rescues, rescue_message

        message = rescue_message(pending_rescues(self.repo.folder))
        if message:
            self.notify(message, title="Not saved last time", severity="warning", timeout=30, markup=False)

    def apply_theme(self, name: str) -> None:
        if name not in self.available_themes and name != DEFAULT_THEME:
            self._say_theme_missing(name)
        self.theme = self._theme_or_default(name)

    def _say_theme_missing(self, name: str) -> None:
        self.notify(
            f"The theme '{name}' was not found; using the default.",
            title="Theme",
            severity="error",
            markup=False,
        )

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if not name or self.couple is None:
            return
        settings = self.settings
        if settings.theme != name:
            settings.theme = name
            self.repo.save_settings(settings)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: the actions of the screen you are on (from its bindings), then the
        app's own: help, settings, where to go from home, themes, the keys panel, quit."""
        from .commands import binding_commands

        commands = binding_commands(self, screen)
        titles = {command.title for command in commands}
        for command in self._app_commands(screen):
            if command.title not in titles:
                titles.add(command.title)
                commands.append(command)
        return commands

    def _app_commands(self, screen: Screen) -> Iterator[SystemCommand]:
        yield SystemCommand("Help", "The keys of this screen", self.action_help)
        if self.couple is not None:
            yield SystemCommand("Settings", "Names, weekly time, theme, agenda", self.open_settings)
            from .screens.home import HomeScreen

            if isinstance(screen, HomeScreen):  # going elsewhere only from home, never mid-talk
                yield SystemCommand("History", "Past check-ins", screen.action_history)
                yield SystemCommand("Trends", "How things have changed over time", self.open_trends)
        for command in super().get_system_commands(screen):
            if command.title == "Quit":  # ours: leave() saves first
                yield SystemCommand("Quit", "Close checkin (everything is saved)", self.action_quit)
            # Textual's Screenshot writes the screen (notes and all) outside the private folder
            elif command.title != "Screenshot":
                yield command

    def open_trends(self) -> None:
        from .screens.trends import TrendsScreen

        self.push_screen(TrendsScreen())

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hide_keys_panel":
            # only while the palette's Keys panel is open: otherwise Esc is the screen's own
            return bool(self.screen.query("HelpPanel"))
        return True

    def action_hide_keys_panel(self) -> None:
        if not self.screen.query("HelpPanel"):
            raise SkipAction()
        self.action_hide_help_panel()
        self.refresh_bindings()

    def action_show_help_panel(self) -> None:
        super().action_show_help_panel()
        self.refresh_bindings()  # the footer shows "esc Close keys" while it is open

    def private_journal(self, partner: str) -> Any:
        """One partner's sealed private journal (screens never reach the store themselves)."""
        from .store.private import PrivateJournal

        return PrivateJournal(self.repo.folder, partner, getattr(self, "vault_params", None))

    @staticmethod
    def check_new_passphrase(passphrase: str, again: str | None = None) -> None:
        from .store.vault import check_new_passphrase

        check_new_passphrase(passphrase, again)

    def open_settings(self) -> None:
        from .screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

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
