"""Add an activity of your own, or edit one (a shipped idea edited becomes yours, same id).

Dismisses with the checked, stored dict (from ``make_custom`` or ``edited``), or None when
cancelled. Anything not valid yet is explained in a sentence, and nothing is saved until it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ..core.catalogue import CHOICES, FILTER_WORDS, MAX_DESCRIPTION, MAX_NAME, Activity, edited, make_custom
from ..widgets.footer import KeysFooter
from .base import CheckinModal

FIELD_LABELS = {"category": "Kind", "cost": "Cost", "time": "Time needed", "place": "Where", "energy": "Energy"}

CHOOSE_WORDS = {
    "category": "what kind of thing it is",
    "cost": "about what it costs",
    "time": "how long it takes",
    "place": "indoors or outdoors",
    "energy": "calm or active",
}


def friendly(problem: str) -> str:
    """The core's plain message, as a gentle sentence."""
    if problem.startswith("name is"):
        return "Please give it a name." if "empty" in problem or "missing" in problem else f"The {problem}."
    for field, words in CHOOSE_WORDS.items():
        if problem.startswith(f"{field} must be"):
            return f"Please choose {words}."
    return problem[:1].upper() + problem[1:] + ("" if problem.endswith(".") else ".")


class ActivityEditScreen(CheckinModal[dict[str, Any] | None]):
    """The form for one activity; ``activity=None`` adds a new one."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="custom.cancel"),
        Binding("ctrl+s", "save", "Save", tooltip="Save this activity", id="custom.save"),
    ]

    def __init__(self, activity: Activity | None, taken: Iterable[str] = ()) -> None:
        super().__init__(classes="modal")
        self.activity = activity
        self.taken = list(taken)

    def compose(self) -> ComposeResult:
        a = self.activity
        with Vertical(classes="dialog", id="custom-dialog"):
            yield Static("Edit this idea" if a else "An idea of your own", classes="title")
            with Grid(id="custom-grid"):
                yield Label("Name")
                yield Input(a.name if a else "", max_length=MAX_NAME, placeholder="Pottery class", id="custom-name",
                            compact=True)
                yield Label("In a line")
                yield Input(a.description if a else "", max_length=MAX_DESCRIPTION, id="custom-description",
                            placeholder="What it is, in a few words (optional)", compact=True)
                for field, label in FIELD_LABELS.items():
                    yield Label(label)
                    words = FILTER_WORDS.get(field, {})
                    options = [(words.get(value, value), value) for value in CHOICES[field]]
                    yield Select(options, value=getattr(a, field) if a else Select.NULL, prompt="Choose…",
                                 id=f"custom-{field}", compact=True)
                yield Label("")
                yield Checkbox("New and a little exciting", a.novel if a else False, id="custom-novel", compact=True)
            yield Static("", id="custom-problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="custom-ok", action="screen.save")
                yield Button("Cancel", id="custom-no", action="screen.cancel")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#custom-name", Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        values: dict[str, Any] = {
            "name": self.query_one("#custom-name", Input).value,
            "description": self.query_one("#custom-description", Input).value,
            "novel": self.query_one("#custom-novel", Checkbox).value,
        }
        for field in FIELD_LABELS:
            value = self.query_one(f"#custom-{field}", Select).value
            values[field] = value if isinstance(value, str) else None
        try:
            if self.activity is None:
                entry = make_custom(taken=self.taken, **values)
            else:
                entry = edited(self.activity, **values)
        except ValueError as exc:
            self.query_one("#custom-problem", Static).update(friendly(str(exc)))
            return
        self.dismiss(entry)

    def action_cancel(self) -> None:
        self.dismiss(None)
