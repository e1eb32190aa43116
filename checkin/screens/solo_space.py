"""The solo space: whose private notes are open, and the screens that lock them again.

Every solo screen derives from :class:`SoloScreen`: a key press anywhere counts as activity;
after ten minutes without one (``checkin.core.solo.IDLE_LOCK_SECONDS``, on the app's clock)
the journal locks and every solo screen closes, back to where solo mode was entered.
Leaving solo mode (Lock and leave) locks it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from textual import events

from ..core.solo import IdleLock
from .base import CheckinScreen

T = TypeVar("T")


@dataclass
class SoloSpace:
    """One author's open journal while they are in solo mode."""

    author: str
    name: str
    journal: Any  # checkin.store.private.PrivateJournal, from the app
    idle: IdleLock
    closers: list[object] = field(default_factory=list)

    def lock(self) -> None:
        self.journal.lock()


class SoloScreen(CheckinScreen[T]):
    """A screen inside solo mode: counts keys, locks after ten idle minutes."""

    IDLE_CHECK_SECONDS = 1.0
    PRIVATE = True  # what is typed here is sealed in the journal, never kept in a rescue file

    def __init__(self, space: SoloSpace) -> None:
        super().__init__()
        self.space = space

    def on_mount(self) -> None:
        self.set_interval(self.IDLE_CHECK_SECONDS, self.check_idle)

    def on_key(self, event: events.Key) -> None:
        self.space.idle.touch()

    def on_click(self, event: events.Click) -> None:
        self.space.idle.touch()

    def check_idle(self) -> None:
        # Also under another screen (help, or settings from the palette): ten quiet minutes lock
        # the notes whatever is on top, or a solo screen left under settings would stay open.
        if self.space.journal.unlocked and self.space.idle.due():
            self.lock_now("Your private notes locked after ten quiet minutes. Unlock them to go on.")

    def before_lock(self) -> None:
        """Save what is typed before the key goes (the reflection screen does)."""

    def lock_now(self, message: str = "Your private notes are locked.") -> None:
        """Save, forget the key, and close every solo screen."""
        for screen in list(self.app.screen_stack):
            if isinstance(screen, SoloScreen):
                screen.before_lock()
        self.space.lock()
        # Every solo screen goes, and whatever was opened on top of them (help, settings).
        while any(isinstance(screen, SoloScreen) for screen in self.app.screen_stack):
            self.app.pop_screen()
        self.app.notify(message, title="Locked", markup=False)
