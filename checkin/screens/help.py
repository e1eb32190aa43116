"""What the keys do during a check-in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

HELP = """\
[b]space[/]  pass the floor (speaker -> paraphrase -> "Is there more?")
[b]p[/]      pause: every timer freezes; either of you resumes
[b]w[/]      walk away: a break of at least 20 minutes, then both say "ready"
[b]n n[/]    next part of the agenda (press twice; a note still in the box is saved first)
[b]+[/]      one more minute for this turn and part
[b]f[/]      finish (early or at the end): everything so far is kept
[b]ctrl+s[/] save the note you are writing
[b]esc[/]    leave a text field, so the keys above work again

Whoever holds the floor speaks about their own feelings, a sentence or two at a time.
The other listens without rebuttal, then says back what they heard. Solving starts only
when you both feel understood."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="close-help")]

    def __init__(self) -> None:
        super().__init__(classes="modal")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static("Keys", classes="title")
            yield Static(HELP)
            yield Button("Close", variant="primary", id="close")
        yield Footer()

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
