"""The check-in's "plan good times" block: this week's plan, a question about the last one, and the
way into the hobby picker. Plans made from here carry the check-in's id, so they are kept with it."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from ..core.catalogue import load_catalogue
from ..core.hobbies import HobbyState, describe_day, due_followups, local_today, upcoming_plans
from .blocks import BlockPanel
from .markup import escape
from .plan_banner import activity_name, when_words

WEEK_DAYS = 7


class ActivityBlockPanel(BlockPanel):
    """Shows what is planned and opens the shared hobby picker for this check-in."""

    def _today(self) -> date:
        return local_today(self.runner.clock)

    def _state(self) -> HobbyState:
        return HobbyState.from_dict(self.app.repo.section("hobbies"))  # type: ignore[attr-defined]

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

    @on(Button.Pressed, "#activity-pick")
    def pick(self, event: Button.Pressed) -> None:
        from ..screens.activities import ActivitiesScreen

        event.stop()
        self.app.push_screen(ActivitiesScreen(checkin_id=self.runner.record.get("id")), self._back)

    @on(Button.Pressed, "#activity-followup")
    def followup(self, event: Button.Pressed) -> None:
        from ..screens.activities import HobbyData, save_outcome
        from ..screens.activities_followup import ActivityFollowupScreen

        event.stop()
        data = HobbyData(self.app)
        due = due_followups(data.state, self._today())
        if not due:
            return
        first = due[0]

        def answered(answer: dict[str, Any] | None) -> None:
            if answer is None:
                return
            fresh = HobbyData(self.app)
            save_outcome(self, fresh, first["id"], answer)
            self._back(None)

        self.app.push_screen(
            ActivityFollowupScreen(first, data.name_of(first["activity_id"]), self._today()), answered
        )

    def _back(self, _result: object) -> None:
        self.refresh(recompose=True)
        self.changed()
