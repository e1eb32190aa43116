"""A calm yes/no question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Static

from .base import CheckinModal


class ConfirmScreen(CheckinModal[bool]):
    BINDINGS = [
        Binding("escape", "no", "Cancel", tooltip="Keep things as they are", id="confirm.no"),
        Binding("y", "yes", "Yes", tooltip="Answer yes", id="confirm.yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__(classes="modal")
        self.question, self.yes_label, self.no_label = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(self.yes_label, variant="primary", id="yes", action="screen.yes")
                yield Button(f"▸ {self.no_label} ◂", id="no", action="screen.no")
            yield Static(
                f"Enter: {self.no_label} (the marked button)  ·  y: {self.yes_label}  ·  Esc: {self.no_label}",
                id="confirm-keys", classes="hint", markup=False,
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # a stray Enter keeps things as they are

    def on_descendant_focus(self, event) -> None:
        """The focused button is marked (not by colour alone) and the key line says what Enter does."""
        labels = {"yes": self.yes_label, "no": self.no_label}
        focused = getattr(event.widget, "id", None)
        if focused not in labels:
            return
        for ident, label in labels.items():
            self.query_one(f"#{ident}", Button).label = f"▸ {label} ◂" if ident == focused else label
        self.query_one("#confirm-keys", Static).update(
            f"Enter: {labels[focused]} (the marked button)  ·  y: {self.yes_label}  ·  Esc: {self.no_label}"
        )

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
