"""Adding a facilitator: the friend's name and a neutral colour (never one of the partners')."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static

from ..core.facilitator import COLOURS, DEFAULT_COLOUR, Facilitator, FacilitatorError, make_facilitator
from ..core.model import partner_names
from ..widgets.footer import KeysFooter
from .base import CheckinModal


class FacilitatorSetupScreen(CheckinModal[Facilitator | None]):
    """Who is with you today? Returns the facilitator, or None to go on without one."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Go on without a facilitator", id="friend.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="friend-dialog"):
            yield Static("[b]With a friend present[/]", classes="dialog-text")
            yield Static(
                "A friend can help you both be heard: they keep time, read the ground rules and ask short, "
                "neutral questions. They never judge or keep score.",
                classes="hint",
            )
            yield Static("Their name", classes="field-label")
            yield Input(placeholder="e.g. Mira", id="friend-name", max_length=60)
            yield Static("Their colour on screen (never one of yours)", classes="field-label")
            yield Select(
                [(label, colour_id) for colour_id, (label, _hex) in COLOURS.items()],
                value=DEFAULT_COLOUR, allow_blank=False, id="friend-colour",
            )
            yield Static("", id="friend-problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Add", variant="primary", id="friend-add")
                yield Button("Cancel", id="friend-cancel-button", action="screen.cancel")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#friend-name", Input).focus()

    def _partner_colours(self) -> tuple[str, ...]:
        variables = self.app.get_css_variables()
        return tuple(variables[k] for k in ("partner-a", "partner-b") if k in variables)

    @on(Input.Submitted, "#friend-name")
    @on(Button.Pressed, "#friend-add")
    def add(self) -> None:
        names = partner_names(self.app.couple)
        try:
            facilitator = make_facilitator(
                self.query_one("#friend-name", Input).value,
                self.query_one("#friend-colour", Select).value,
                partner_names=(names["a"], names["b"]),
                partner_colours=self._partner_colours(),
            )
        except FacilitatorError as refused:
            self.query_one("#friend-problem", Static).update(str(refused))
            return
        self.dismiss(facilitator)

    def action_cancel(self) -> None:
        self.dismiss(None)
