"""A calm yes/no question, the one confirm dialog of checkin.

Enter answers the marked button, which is the safe one at first (a stray Enter keeps things
as they are); ``y`` says yes, Esc says no. A question that cannot be undone (deleting a
check-in) gives a title, what goes (``detail``), a line on what stays (``note``) and a red
yes button (``danger``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import with_descriptions
from .base import CheckinModal


class ConfirmScreen(CheckinModal[bool]):
    BINDINGS = [
        Binding("escape", "no", "Cancel", tooltip="Keep things as they are", id="confirm.no"),
        Binding("y", "yes", "Yes", tooltip="Answer yes", id="confirm.yes"),
    ]

    def __init__(
        self,
        question: str,
        yes: str = "Yes",
        no: str = "Cancel",
        *,
        title: str | None = None,
        detail: str | None = None,
        note: str | None = None,
        danger: bool = False,
    ) -> None:
        super().__init__(classes="modal")
        self.question, self.yes_label, self.no_label = question, yes, no
        self.title_text, self.detail, self.note, self.danger = title, detail, note, danger

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer says the answers in this question's words ("esc Keep it  y Delete")."""
        return with_descriptions(super().active_bindings, {"escape": self.no_label, "y": self.yes_label})

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.title_text:
                yield Static(escape(self.title_text), classes="title", id="confirm-title")
            yield Static(self.question, classes="dialog-text")
            if self.detail:
                yield Static(escape(self.detail), id="confirm-detail")
            if self.note:
                yield Static(escape(self.note), id="confirm-note", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(self.yes_label, variant="error" if self.danger else "primary", id="yes",
                             action="screen.yes")
                yield Button(f"▸ {self.no_label} ◂", id="no", action="screen.no",
                             variant="primary" if self.danger else "default")
            yield Static(
                f"Enter: {self.no_label} (the marked button)  ·  y: {self.yes_label}  ·  Esc: {self.no_label}",
                id="confirm-keys", classes="hint", markup=False,
            )
        yield KeysFooter()

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
