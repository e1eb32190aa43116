"""Changing one's passphrase inside solo mode: the current one, then the new one twice.

Only the data key is wrapped again (the notes themselves are not re-encrypted), so it takes one
key derivation for the check and one for the new wrap, about a second, in a thread worker. A
wrong current passphrase says so and changes nothing; the recovery code keeps working.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from ..errors import Refusal, StoreError
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from .solo_space import SoloScreen


class ChangePassphraseScreen(SoloScreen[None]):
    """The current passphrase, and a new one typed twice."""

    BINDINGS = [
        Binding("ctrl+s", "change", "Change passphrase", tooltip="Lock my notes with the new passphrase",
                id="change_passphrase.change"),
        Binding("escape", "back", "Back", tooltip="Keep the passphrase as it is", id="change_passphrase.back"),
    ]
    HELP_INTRO = "Type your current passphrase, then the new one twice. Your recovery code keeps working."

    busy = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="solo-page"), Center(), Vertical(classes="card"):
            yield Static("A new passphrase", classes="title")
            yield Static(
                "Your notes stay as they are; only the lock changes. Your recovery code keeps working.",
                classes="lead",
            )
            yield Input(placeholder="Current passphrase", password=True, id="current")
            yield Input(placeholder="New passphrase (at least 8 characters)", password=True, id="new-1")
            yield Input(placeholder="The new one again", password=True, id="new-2")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Change passphrase", variant="primary", id="change", action="screen.change",
                             tooltip="ctrl+s")
                yield Button("Back", id="back", action="screen.back", tooltip="esc")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#current", Input).focus()

    def say(self, text: str) -> None:
        self.query_one("#problem", Static).update(escape(text))

    @on(Input.Submitted, "#current")
    def _to_new(self) -> None:
        self.query_one("#new-1", Input).focus()

    @on(Input.Submitted, "#new-1")
    def _to_again(self) -> None:
        self.query_one("#new-2", Input).focus()

    @on(Input.Submitted, "#new-2")
    def action_change(self) -> None:
        if self.busy:
            return
        current = self.query_one("#current", Input).value
        new, again = self.query_one("#new-1", Input).value, self.query_one("#new-2", Input).value
        try:
            self.app.check_new_passphrase(new, again)
        except Refusal as refusal:
            self.say(str(refusal))
            return
        self.busy = True
        self.say("Changing the lock...")
        self._change(current, new, again)

    @work(thread=True, exclusive=True)
    def _change(self, current: str, new: str, again: str) -> None:
        journal = self.space.journal
        try:
            journal.change_passphrase(current, new, again)
        except (Refusal, StoreError) as problem:
            self.app.call_from_thread(self._failed, str(problem))
            return
        except OSError as problem:
            self.app.call_from_thread(self._failed, f"{journal.path} could not be saved ({problem.strerror}).")
            return
        self.app.call_from_thread(self._done)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.say(message)
        field = self.query_one("#current", Input)
        field.value = ""
        field.focus()

    def _done(self) -> None:
        self.busy = False
        for ident in ("#current", "#new-1", "#new-2"):
            self.query_one(ident, Input).value = ""
        self.app.pop_screen()
        self.app.notify("Your passphrase is changed. Your recovery code still works.", title="Passphrase",
                        markup=False)

    def action_back(self) -> None:
        if not self.busy:
            self.app.pop_screen()
