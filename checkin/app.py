"""The Textual app: themes, global keys, the screens. Small on purpose: screens do the work."""

from __future__ import annotations

import asyncio
import signal
import traceback
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from . import __version__
from .core.clock import Clock, SystemClock
from .core.model import Couple, Settings
from .locations import crash_log, shipped_themes_dir, user_themes_dir
from .store.atomic import append_private_text
from .store.errors import StoreError
from .store.repository import Repository
from .themes import DEFAULT_THEME, PARTNER_DEFAULTS, load_themes


class CheckinApp(App[int]):
    """checkin: the weekly check-in for two, at one terminal."""

    CSS_PATH = ["app.tcss", "activities.tcss"]
    TITLE = "checkin"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", tooltip="Close checkin (everything is saved)", id="quit"),
    ]

    def __init__(
        self,
        repo: Repository,
        clock: Clock | None = None,
        *,
        demo: bool = False,
        themes_dirs: Iterable[Path] | None = None,
    ) -> None:
        super().__init__()
        self.repo = repo
        self.clock = clock or SystemClock()
        self.demo = demo
        self.exit_reason = ""
        folders = list(themes_dirs) if themes_dirs is not None else [
            shipped_themes_dir(),
            user_themes_dir(repo.folder),
        ]
        self.theme_files, self.theme_problems = load_themes(*folders)
        for tf in self.theme_files:
            self.register_theme(tf.theme)
        self._theme_missing = self._set_first_theme(self.settings.theme)
        if demo:
            self.sub_title = "demo: sample data, your own is untouched"

    # -- data the screens share ---------------------------------------------------------

    @property
    def couple(self) -> Couple | None:
        return self.repo.couple()

    @property
    def settings(self) -> Settings:
        return self.repo.settings()

    @property
    def theme_labels(self) -> dict[str, str]:
        return {tf.theme.name: tf.label for tf in self.theme_files}

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(PARTNER_DEFAULTS)

    # -- start-up -------------------------------------------------------------------

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

    def on_mount(self) -> None:
        for problem in self.theme_problems:
            self.notify(problem, title="Theme", severity="error", timeout=10, markup=False)
        if self._theme_missing:
            self._say_theme_missing(self._theme_missing)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._install_signal_handlers()
        if self.couple is None:
            from .screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        else:
            from .screens.home import HomeScreen

            self.push_screen(HomeScreen())

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
        yield from super().get_system_commands(screen)
        if self.couple is not None:
            yield SystemCommand("Settings", "Names, weekly time, theme, agenda", self.open_settings)

    def open_settings(self) -> None:
        from .screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    # -- leaving safely ------------------------------------------------------------------

    def save_everything(self) -> None:
        """Flush whatever a screen holds in memory (e.g. a note being typed)."""
        for screen in reversed(self.screen_stack):
            flush = getattr(screen, "flush", None)
            if callable(flush):
                try:
                    flush()
                except Exception:  # noqa: BLE001 - leaving must not fail
                    self._log_crash("while saving on exit")

    def _install_signal_handlers(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._on_signal, sig)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread (tests) or not supported here

    def _on_signal(self, sig: int) -> None:
        self.exit_reason = signal.Signals(sig).name
        self.save_everything()
        self.exit(0)

    async def action_quit(self) -> None:
        self.save_everything()
        self.exit(0)

    def _log_crash(self, context: str, error: BaseException | None = None) -> Path:
        """Write the traceback (never local variables) to the private crash log."""
        path = crash_log(self.repo.folder)
        stamp = self.clock.now().isoformat()
        text = "".join(traceback.format_exception(error)) if error is not None else traceback.format_exc()
        append_private_text(path, f"--- {stamp} checkin {__version__} {context}\n{text}\n")
        return path

    def _fatal_error(self) -> None:
        # Textual's own report prints local variables, which could show a couple's notes
        # on screen. Log the bare traceback privately and show one calm line instead.
        try:
            self.save_everything()
            if isinstance(self._exception, StoreError):
                # e.g. history.json found damaged when first read: say which file and where
                # its copy is, as at start-up; nothing was written over.
                message = f"checkin: {self._exception}"
            else:
                path = self._log_crash("crash", self._exception)
                message = (
                    "checkin stopped because of an unexpected problem. Everything you wrote up to "
                    f"now is saved. Details for a bug report (no notes in them) are in {path}"
                )
        except Exception:  # noqa: BLE001 - a failing log (disk full) must not hang the exit
            message = "checkin stopped because of an unexpected problem; it could not write its log."
        finally:
            self.bell()
            self._close_messages_no_wait()
        self._exit_renderables.append(Text(message))
