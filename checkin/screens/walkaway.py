"""Walk away: agree when to come back (20 minutes to 24 hours)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, RadioButton, RadioSet, Static

from ..widgets.footer import KeysFooter
from ..widgets.partner import partner_markup
from .base import CheckinModal

CHOICES = [
    ("20 minutes", 20), ("30 minutes", 30), ("45 minutes", 45), ("1 hour", 60), ("2 hours", 120),
    ("Tomorrow at this time", 24 * 60),
]


class WalkAwayScreen(CheckinModal[tuple[float, str | None] | None]):
    """Returns (minutes, who asked or None) or None to stay."""

    BINDINGS = [Binding("escape", "stay", "Stay", tooltip="Go back to the talk", id="walk_away.stay")]

    def __init__(self, names: dict[str, str], record_caller: bool) -> None:
        super().__init__(classes="modal")
        self.names = names
        self.record_caller = record_caller

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="walk-dialog"):
            yield Static("Take a break", classes="title")
            yield Static(
                "When a talk turns into the old argument, a break helps; arguing on does not. "
                "Spend it apart, doing something soothing. When shall we come back?",
                classes="dialog-text",
            )
            yield OptionList(*[label for label, _minutes in CHOICES], id="break-length")
            if self.record_caller:
                yield Static("Who asked for the break? (you chose to note this)", classes="hint")
                with RadioSet(id="caller"):
                    yield RadioButton(partner_markup(self.names["a"], "a"), value=True)
                    yield RadioButton(partner_markup(self.names["b"], "b"))
            with Horizontal(classes="buttons"):
                yield Button("Take the break", variant="primary", id="go", compact=True)
                yield Button("Stay", id="stay", compact=True)
        yield KeysFooter()

    def on_resize(self, event) -> None:
        self.set_class(event.size.height < 24 or event.size.width < 70, "-compact")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < 24 or self.app.size.width < 70, "-compact")
        lengths = self.query_one("#break-length", OptionList)
        lengths.highlighted = 0
        lengths.focus()

    @on(OptionList.OptionSelected, "#break-length")
    @on(Button.Pressed, "#go")
    def go(self) -> None:
        index = self.query_one("#break-length", OptionList).highlighted
        minutes = CHOICES[index or 0][1]
        caller = None
        if self.record_caller:
            caller = "a" if self.query_one("#caller", RadioSet).pressed_index <= 0 else "b"
        self.dismiss((float(minutes), caller))

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(None)
