"""Plan it: a day in the next two weeks, in people's words, and an optional time.

Dismisses with the new plan dict (from ``checkin.core.plans.plan``), or None when cancelled. The
caller adds it to the couple's state and saves.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import arrow
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..core.catalogue import Activity
from ..core.plans import PLAN_WINDOW_DAYS, describe_day, plan
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from .base import CheckinModal


def day_options(today: date) -> list[Option]:
    """Today and the next two weeks: "Saturday, in 2 days" with the date beside it."""
    options = []
    for n in range(PLAN_WINDOW_DAYS + 1):
        day = today + timedelta(days=n)
        words = describe_day(day, today)
        words = words[:1].upper() + words[1:]
        exact = arrow.get(day).format("ddd D MMM")
        options.append(Option(f"{words:<30} [dim]{exact}[/]", id=day.isoformat()))
    return options


class ActivityPlanScreen(CheckinModal[dict[str, Any] | None]):
    """Choose when to do ``activity``."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without planning", id="plan.cancel"),
        Binding("ctrl+s", "save", "Plan it", tooltip="Save the plan", id="plan.save"),
    ]

    def __init__(self, activity: Activity, today: date, checkin_id: str | None = None) -> None:
        super().__init__(classes="modal")
        self.activity = activity
        self.today = today
        self.checkin_id = checkin_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="plan-dialog"):
            yield Static(f"Plan [b]{escape(self.activity.name)}[/]", id="plan-title")
            yield Static("Which day? Pick one in the next two weeks.", classes="hint")
            yield OptionList(*day_options(self.today), id="plan-days")
            with Horizontal(id="plan-time-row"):
                yield Label("At what time? (optional)", id="plan-time-label")
                yield Input(placeholder="19:30", max_length=5, restrict=r"[0-9:]*", id="plan-time", compact=True)
            yield Static("", id="plan-problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Plan it", variant="primary", id="plan-ok", action="screen.save")
                yield Button("Cancel", id="plan-no", action="screen.cancel")
        yield KeysFooter()

    def on_mount(self) -> None:
        days = self.query_one("#plan-days", OptionList)
        days.highlighted = 0
        days.focus()

    @on(OptionList.OptionSelected, "#plan-days")
    def day_chosen(self) -> None:
        self.query_one("#plan-time", Input).focus()

    @on(Input.Submitted, "#plan-time")
    def action_save(self) -> None:
        option = self.query_one("#plan-days", OptionList).highlighted_option
        time = self.query_one("#plan-time", Input).value.strip() or None
        if option is None or option.id is None:
            self.query_one("#plan-problem", Static).update("Pick a day first.")
            return
        try:
            new_plan = plan(
                self.activity.id, option.id, time, self.checkin_id, today=self.today
            )
        except ValueError as exc:
            self.query_one("#plan-problem", Static).update(str(exc))
            return
        self.dismiss(new_plan)

    def action_cancel(self) -> None:
        self.dismiss(None)
