"""One line for the home screen about the hobby picker: a question about a plan whose day has passed,
or else the next plan. Plain text building, no widgets, so home can show it in any banner."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ..core.catalogue import Activity, load_catalogue
from ..core.hobbies import HobbyState
from ..core.plans import describe_day, due_followups, upcoming_plans
from .markup import escape


def activity_name(activity_id: str, catalogue: Iterable[Activity]) -> str:
    """The activity's name, or a readable form of its id if it is no longer in the catalogue."""
    for activity in catalogue:
        if activity.id == activity_id:
            return activity.name
    return str(activity_id).replace("-", " ").capitalize()


def when_words(plan: dict[str, Any], today: date) -> str:
    """ "Saturday, in 2 days at 15:00" """
    words = describe_day(plan["day"], today)
    return f"{words} at {plan['time']}" if plan.get("time") else words


def home_plan_text(hobby_dict: dict, today: date, catalogue: Iterable[Activity] | None = None) -> str | None:
    """Markup for home: "Did you do it?" for the oldest plan whose day has passed, otherwise the
    next plan ("Pottery class — Saturday, in 2 days at 15:00"); None when there is neither.

    ``catalogue`` defaults to the shipped one plus the couple's own activities from ``hobby_dict``."""
    state = HobbyState.from_dict(hobby_dict)
    activities = list(catalogue) if catalogue is not None else load_catalogue(state.custom)[0]
    due = due_followups(state, today)
    if due:
        first = due[0]
        name = escape(activity_name(first["activity_id"], activities))
        return (
            f"[b]{name}[/] was planned for {describe_day(first['day'], today)}. "
            "Did you do it? Tell us how it went ([b]a[/])"
        )
    upcoming = upcoming_plans(state, today)
    if upcoming:
        first = upcoming[0]
        name = escape(activity_name(first["activity_id"], activities))
        return f"Next: [b]{name}[/] — {when_words(first, today)}"
    return None
