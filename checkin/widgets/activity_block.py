"""The check-in's "plan good times" block: this week's plan, a question about the last one, and the
way into the hobby picker (asked for with a message; the screen that shows the block opens it).
Plans made from here carry the check-in's id, so they are kept with it."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Static

from ..core.catalogue import load_catalogue
from ..core.hobbies import HobbyState, local_today
from ..core.hobby_service import SECTION
from ..core.plans import describe_day, due_followups, upcoming_plans
from .blocks import BlockPanel
from .markup import escape
from .plan_banner import activity_name, when_words

WEEK_DAYS = 7


class ActivityBlockPanel(BlockPanel):
    """Shows what is planned and opens the shared hobby picker for this check-in."""

    def _today(self) -> date:
        return local_today(self.runner.clock)

    def _state(self) -> HobbyState:
        app: Any = self.app  # a widget knows no app class (layers): the checkin app has .repo
        return HobbyState.from_dict(app.repo.section(SECTION))

    def compose(self) -> ComposeResult:
        state, today = self._state(), self._today()
        catalogue, _problems = load_catalogue(state.custom)
        checkin_id = self.runner.record.get("id")
        due = due_followups(state, today)
        if due:
            first = due[0]
            yield Static(
                f"[b]{escape(activity_name(first['activity_id'], catalogue))}[/] was planned for "
                f"{describe_day(first['day'], today)}. Did you do it?",
                classes="activity-followup-text",
            )
        upcoming = upcoming_plans(state, today)
        this_week = [
            p for p in upcoming
            if p.get("checkin_id") == checkin_id or (date.fromisoformat(p["day"]) - today).days < WEEK_DAYS
        ]
        if this_week:
            for p in this_week[:3]:
                yield Static(
                    f"Planned: [b]{escape(activity_name(p['activity_id'], catalogue))}[/] — {when_words(p, today)}",
                    classes="activity-plan",
                )
        else:
            yield Static(
                "Nothing planned yet this week. Aim for one thing together, ideally something new "
                "and a little exciting.",
                classes="hint",
            )
        with Horizontal(classes="activity-buttons"):
            yield Button("Pick something together", id="activity-pick", variant="primary", compact=True)
            if due:
                yield Button("How did it go?", id="activity-followup", compact=True)

    class PickRequested(Message):
        """The couple wants the hobby picker for this check-in; the screen opens it."""

        def __init__(self, panel: ActivityBlockPanel, checkin_id: str | None) -> None:
            super().__init__()
            self.panel = panel
            self.checkin_id = checkin_id

    class FollowupRequested(Message):
        """The couple wants to say how the last plan went; the screen asks."""

        def __init__(self, panel: ActivityBlockPanel) -> None:
            super().__init__()
            self.panel = panel

    @on(Button.Pressed, "#activity-pick")
    def pick(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.PickRequested(self, self.runner.record.get("id")))

    @on(Button.Pressed, "#activity-followup")
    def followup(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.FollowupRequested(self))

    def reload(self) -> None:
        """Show the plans afresh (after the picker or an answer) and let the screen redraw."""
        self.refresh(recompose=True)
        self.changed()
