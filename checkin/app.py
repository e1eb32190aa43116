"""The Textual app: themes, global keys, the screens. Small on purpose: screens do the work."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
import threading
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.screen import Screen
from textual.timer import Timer

from .core.clock import Clock, SystemClock
from .core.model import Couple, Settings
from .errors import StoreError
from .key_order import KeyOrder
from .leaving import LeavingSafely
from .locations import shipped_themes_dir, user_themes_dir
from .store.lock import DataLock
from .store.repository import Repository
from .themes import DEFAULT_THEME, PARTNER_DEFAULTS, load_themes

if TYPE_CHECKING:
    from .core.deck import Deck, DeckState


class CheckinApp(LeavingSafely):
    """checkin: the weekly check-in for two, at one terminal."""

    # Only what the first screens need is parsed before the first frame (start.tcss); the rest
    # is read just after it, or before any other screen is shown (load_later_css). Parsing
    # all of it first, and matching every node against all of its rules, cost about 30 ms.
    CSS_PATH = ["start.tcss"]
    LATER_CSS = ("app.tcss", "activities.tcss", "prompts.tcss")
    LATER_CSS_DELAY = 0.5  # seconds after the first screen is pushed: while it is being read
    #: With an index this big (about 250 check-ins and more), it is read in the background this
    #: long after the first screen, so the first Look back opens as quickly as the next ones.
    READ_INDEX_AHEAD_BYTES = 256 * 1024
    READ_INDEX_AHEAD_DELAY = 1.5
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
        self.set_timer(self.READ_INDEX_AHEAD_DELAY, self._read_index_ahead)
        self.call_after_refresh(self._collect_garbage_again)
        if self.couple is None:
            from .screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        else:
            from .screens.solo_home import home_screen_for

            self.push_screen(home_screen_for(self))  # one person's home until a second name is added

    def _collect_garbage_again(self) -> None:
        """After the first frame, Python's collector works again (the ``checkin`` command turns it
        off while starting: see cli.main)."""
        gc.enable()

    @work(thread=True, exclusive=True, group="read-index-ahead", exit_on_error=False)
    def _read_index_ahead(self) -> None:
        # On a failure, Look back reads it again and says what is wrong there, where it matters.
        with contextlib.suppress(StoreError, OSError):
            self.repo.read_index_ahead(self.READ_INDEX_AHEAD_BYTES)

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
