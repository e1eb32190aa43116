"""Into solo mode: who you are, then a passphrase set once (with a recovery code) or typed to unlock.

Deriving a key takes about half a second on purpose (Argon2id), so it runs in a thread worker
and the screen says "Opening..." meanwhile. A wrong passphrase says so and changes nothing; a
damaged file is named and the rest of the app goes on.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from ..core.clock import Clock
from ..core.solo import SAFETY_NOTE, IdleLock, people
from ..errors import Refusal, StoreError
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import partner_markup
from .base import CheckinScreen
from .new_passphrase import SetsUpPassphrase
from .solo_space import SoloSpace

NO_RECOVERY = (
    "This passphrase is the only way into your private notes: nobody, not even checkin, can open "
    "them without it. You will get a recovery code once; write it down and keep it somewhere safe."
)
RECOVERY_ONCE = (
    "If you ever forget your passphrase, this code opens your notes instead. "
    "It is shown only this once and is not stored anywhere: write it on paper now."
)


def open_solo(app, author: str) -> None:
    """Go into solo mode as ``author``: set a passphrase the first time, else unlock."""
    journal = app.private_journal(author)
    name = app.couple.name(author)
    if journal.exists:
        app.push_screen(UnlockScreen(journal, name))
    else:
        app.push_screen(SetPassphraseScreen(journal, name))


def enter_space(app, journal: Any, name: str) -> None:
    from .solo_menu import SoloMenuScreen

    clock: Clock = app.clock
    space = SoloSpace(journal.partner, name, journal, IdleLock(clock))
    app.push_screen(SoloMenuScreen(space))


class WhoScreen(CheckinScreen[None]):
    """"On my own" in a couple's folder: say who you are."""

    BINDINGS = [
        Binding("1", "pick('a')", "First", tooltip="The first of you", id="who.first"),
        Binding("2", "pick('b')", "Second", tooltip="The second of you", id="who.second"),
        Binding("escape", "back", "Back", tooltip="Back home", id="who.back"),
    ]
    HELP_INTRO = "Say who you are; your private notes open with your own passphrase."

    def compose(self) -> ComposeResult:
        couple = self.app.couple
        assert couple is not None
        with VerticalScroll(classes="solo-page"), Center(), Vertical(classes="card"):
            yield Static("On my own", classes="title")
            yield Static(
                "A quiet moment to reflect by yourself. What you write is private to you, "
                "locked with your own passphrase.",
                classes="lead",
            )
            yield Static("Who are you?", classes="field-label")
            with Horizontal(classes="buttons"):
                for n, partner in enumerate(people(couple), 1):
                    yield Button(
                        f"{n}  {couple.name(partner)}", id=f"who-{partner}", variant="primary",
                        tooltip=f"I am {couple.name(partner)} ({n})",
                    )
                yield Button("Back", id="back")
            yield Static(SAFETY_NOTE, classes="hint", id="safety")
        yield KeysFooter()

    def action_pick(self, partner: str) -> None:
        if partner in people(self.app.couple):
            self.app.pop_screen()
            open_solo(self.app, partner)

    @on(Button.Pressed, "#who-a")
    def pick_a(self) -> None:
        self.action_pick("a")

    @on(Button.Pressed, "#who-b")
    def pick_b(self) -> None:
        self.action_pick("b")

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()


class _SecretScreen(CheckinScreen[None]):
    """Shared by setting and typing a passphrase: a worker, a problem line, Back."""

    PRIVATE = True  # passphrases and recovery codes are never kept in a rescue file

    def __init__(self, journal: Any, name: str) -> None:
        super().__init__()
        self.journal = journal
        self.author_name = name
        self.busy = False

    def say(self, text: str) -> None:
        self.query_one("#problem", Static).update(escape(text))

    def action_back(self) -> None:
        if not self.busy:
            self.app.pop_screen()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.action_back()


class SetPassphraseScreen(SetsUpPassphrase, _SecretScreen):
    """The first time: choose a passphrase (twice), then see the recovery code once."""

    BINDINGS = [
        Binding("ctrl+s", "set", "Set passphrase", tooltip="Lock my notes with this passphrase", id="passphrase.set"),
        Binding("escape", "back", "Back", tooltip="Back without setting one", id="passphrase.back"),
    ]
    HELP_INTRO = "Choose a passphrase for your private notes, type it twice, then keep the recovery code."

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="solo-page"), Center(), Vertical(classes="card"):
            yield Static(f"A passphrase for {partner_markup(self.author_name, self.journal.partner)}", classes="title")
            yield Static(NO_RECOVERY, classes="lead", id="no-recovery")
            yield Input(placeholder="Passphrase (at least 8 characters)", password=True, id="pass-1")
            yield Input(placeholder="The same again", password=True, id="pass-2")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Set passphrase", variant="primary", id="set", tooltip="ctrl+s")
                yield Button("Back", id="back")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#pass-1", Input).focus()

    @on(Input.Submitted, "#pass-1")
    def to_second(self) -> None:
        self.query_one("#pass-2", Input).focus()

    @on(Input.Submitted, "#pass-2")
    @on(Button.Pressed, "#set")
    def action_set(self) -> None:
        self.set_up_passphrase("#pass-1", "#pass-2")

    def _failed(self, message: str) -> None:
        self.busy = False
        self.say(message)

    def _set_up_done(self, code: str) -> None:
        self.busy = False
        self.app.switch_screen(RecoveryCodeScreen(self.journal, self.author_name, code))


class RecoveryCodeScreen(CheckinScreen[None]):
    """The recovery code, shown this once."""

    BINDINGS = [
        Binding("enter", "done", "I wrote it down", tooltip="Go on to my private notes", id="recovery.done"),
    ]
    HELP_INTRO = "Write the recovery code down; it is shown only now."

    def __init__(self, journal: Any, name: str, code: str) -> None:
        super().__init__()
        self.journal = journal
        self.author_name = name
        self.code = code

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="solo-page"), Center(), Vertical(classes="card"):
            yield Static("Your recovery code", classes="title")
            yield Static(RECOVERY_ONCE, classes="lead")
            yield Static(self.code, id="recovery-code", classes="title")
            with Horizontal(classes="buttons"):
                yield Button("I wrote it down", variant="primary", id="done", tooltip="enter")
        yield KeysFooter()

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        self.code = ""
        self.app.pop_screen()
        enter_space(self.app, self.journal, self.author_name)


class UnlockScreen(_SecretScreen):
    """Type the passphrase (or the recovery code and a new passphrase)."""

    BINDINGS = [
        Binding("ctrl+o", "unlock", "Unlock", tooltip="Open my private notes", id="unlock.open"),
        Binding("ctrl+r", "recovery", "Use recovery code", tooltip="I forgot my passphrase", id="unlock.recovery"),
        Binding("escape", "back", "Back", tooltip="Back without opening", id="unlock.back"),
    ]
    HELP_INTRO = "Type your passphrase to open your private notes; nothing changes if it is wrong."

    def __init__(self, journal: Any, name: str) -> None:
        super().__init__(journal, name)
        self.recovering = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="solo-page"), Center(), Vertical(classes="card"):
            yield Static(f"Private notes of {partner_markup(self.author_name, self.journal.partner)}", classes="title")
            yield Static("Your passphrase opens them.", classes="lead", id="unlock-lead")
            yield Input(placeholder="Passphrase", password=True, id="passphrase")
            yield Input(placeholder="Recovery code (XXXX-XXXX-...)", id="code")
            yield Input(placeholder="A new passphrase", password=True, id="new-1")
            yield Input(placeholder="The new passphrase again", password=True, id="new-2")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Unlock", variant="primary", id="unlock", tooltip="enter or ctrl+o")
                yield Button("Use recovery code", id="recovery", tooltip="ctrl+r")
                yield Button("Back", id="back")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._show_mode()

    def _show_mode(self) -> None:
        for wid in ("#code", "#new-1", "#new-2"):
            self.query_one(wid, Input).display = self.recovering
        self.query_one("#passphrase", Input).display = not self.recovering
        self.query_one("#recovery", Button).display = not self.recovering
        self.query_one("#unlock-lead", Static).update(
            "Type the recovery code you wrote down, and choose a new passphrase."
            if self.recovering else "Your passphrase opens them."
        )
        self.query_one("#code" if self.recovering else "#passphrase", Input).focus()

    @on(Button.Pressed, "#recovery")
    def action_recovery(self) -> None:
        self.recovering = True
        self._show_mode()
        self.say("")

    @on(Input.Submitted)
    @on(Button.Pressed, "#unlock")
    def action_unlock(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.say("Opening...")
        if self.recovering:
            self.recover(
                self.query_one("#code", Input).value,
                self.query_one("#new-1", Input).value,
                self.query_one("#new-2", Input).value,
            )
        else:
            self.unlock(self.query_one("#passphrase", Input).value)

    @work(thread=True, exclusive=True)
    def unlock(self, passphrase: str) -> None:
        self._attempt(lambda: self.journal.unlock(passphrase))

    @work(thread=True, exclusive=True)
    def recover(self, code: str, new: str, again: str) -> None:
        self._attempt(lambda: self.journal.unlock_with_recovery(code, new, again))

    def _attempt(self, opening) -> None:
        try:
            opening()
        except (Refusal, StoreError) as problem:
            self.app.call_from_thread(self._failed, str(problem))
            return
        except OSError as problem:
            self.app.call_from_thread(self._failed, f"{self.journal.path} could not be read ({problem.strerror}).")
            return
        self.app.call_from_thread(self._opened)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.say(message)
        field = self.query_one("#code" if self.recovering else "#passphrase", Input)
        field.value = ""
        field.focus()

    def _opened(self) -> None:
        self.busy = False
        self.app.pop_screen()
        enter_space(self.app, self.journal, self.author_name)
