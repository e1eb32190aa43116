"""Pause: every timer frozen, a calm overlay, either partner resumes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from ..core.session import CheckinSession
from ..widgets.countdown import clock_text
from ..widgets.footer import KeysFooter
from .base import CheckinModal


class PauseScreen(CheckinModal[str | None]):
    BINDINGS = [
        Binding("ctrl+t", "resume", "Resume", tooltip="Carry on where you were", id="pause.resume"),
        Binding("p,space,enter,escape", "resume", "Resume", show=False, id="pause.resume_alt"),
        Binding("ctrl+r", "walk_away", "Walk away", tooltip="Make this a longer break instead", id="pause.walk_away"),
        Binding("w", "walk_away", "Walk away", show=False, id="pause.walk_away_alt"),
        Binding("a", "another_phrase", "Another phrase", tooltip="Another repair phrase", id="pause.another_phrase"),
    ]

    def __init__(self, session: CheckinSession) -> None:
        super().__init__(classes="modal")
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pause-dialog"):
            yield Static("Paused", classes="title")
            yield Static("", id="pause-length")
            yield Static("", id="pause-left", classes="hint")
            from ..widgets.prompt_card import DrawnCard

            yield DrawnCard("repair", id="pause-repair")  # words that can help when coming back
            yield Button("Another phrase (a)", id="pause-another", compact=True)
            yield Button("Resume", variant="primary", id="resume")
            yield Button("Take a longer break instead (w)", id="walk", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        state = self.session.state
        self.query_one("#pause-length", Static).update(
            f"Paused for {clock_text(state.pause_len)}. Take the time you need."
        )
        self.query_one("#pause-left", Static).update(
            f"Frozen at {clock_text(state.countdown)} for this part; "
            f"{clock_text(state.meeting_remaining)} left in all."
        )

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#walk")
    def action_walk_away(self) -> None:
        self.dismiss("walk")

    @on(Button.Pressed, "#pause-another")
    def action_another_phrase(self) -> None:
        from ..widgets.prompt_card import DrawnCard

        self.query_one("#pause-repair", DrawnCard).draw()
