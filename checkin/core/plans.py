"""Plans made in the hobby picker and the "did you do it?" follow-up: making a plan (within two
weeks), the words for its day, the plans still ahead or past, and recording how it went.

Plain Python, no Textual; plans live in ``HobbyState.plans`` as JSON-safe dicts.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import arrow

from checkin.errors import Refusal

if TYPE_CHECKING:
    from checkin.core.hobbies import HobbyState

PLAN_WINDOW_DAYS = 14

DateLike = date | datetime | arrow.Arrow | str


def as_date(value: DateLike) -> date:
    """A calendar day from a date, datetime, arrow.Arrow or ISO string."""
    if isinstance(value, arrow.Arrow | datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def plan_day(p: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(p["day"])
    except (KeyError, TypeError, ValueError):
        return None


def outcome_score(value: object) -> int | None:
    """A 1-5 rating of how it went, or None if ``value`` is not one."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5 else None


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class PlanRefused(Refusal):
    """A plan or a "did you do it?" answer that cannot be kept; the message says why, gently."""


def plan(
    activity_id: str,
    day: DateLike,
    time: str | None = None,
    checkin_id: str | None = None,
    *,
    today: DateLike,
    plan_id: str | None = None,
) -> dict[str, Any]:
    """A new plan dict (add it with ``HobbyState.add_plan``); ValueError in plain words if invalid."""
    if not isinstance(activity_id, str) or not activity_id:
        raise PlanRefused("Pick an activity first.")
    chosen, now = as_date(day), as_date(today)
    last = now + timedelta(days=PLAN_WINDOW_DAYS)
    window = f"Pick a day from today to {arrow.get(last).format('dddd D MMMM')}."
    if chosen < now:
        raise PlanRefused(f"That day has already passed. {window}")
    if chosen > last:
        raise PlanRefused(f"That is more than two weeks away. {window}")
    if time is not None:
        match = _TIME.match(time.strip()) if isinstance(time, str) else None
        if match is None:
            raise PlanRefused("Use a time like 19:30, or leave it empty.")
        time = f"{int(match[1]):02d}:{match[2]}"
    return {
        "id": plan_id or uuid.uuid4().hex[:12],
        "activity_id": activity_id,
        "day": chosen.isoformat(),
        "time": time,
        "checkin_id": checkin_id,
        "outcome": None,
    }


def describe_day(day: DateLike, today: DateLike) -> str:
    """A day in people's words: "today", "tomorrow", "Saturday, in 3 days", "3 weeks ago"."""
    chosen, now = as_date(day), as_date(today)
    delta = (chosen - now).days
    named = {0: "today", 1: "tomorrow", -1: "yesterday"}
    if delta in named:
        return named[delta]
    there, here = arrow.get(chosen), arrow.get(now)
    if abs(delta) > 9 * 7:
        return there.humanize(here)  # "3 months ago", "a year ago"
    if abs(delta) > PLAN_WINDOW_DAYS:
        return there.humanize(here, granularity="week")  # "3 weeks ago"
    weekday = there.format("dddd") if abs(delta) < 7 else there.format("dddd D MMMM")
    return f"{weekday}, {there.humanize(here, granularity='day')}"


def _open_plans(state: HobbyState, keep: Any) -> list[dict[str, Any]]:
    found = [p for p in state.plans if p.get("outcome") is None and keep(plan_day(p))]
    return [dict(p) for p in sorted(found, key=lambda p: (p["day"], str(p.get("time") or "")))]


def upcoming_plans(state: HobbyState, today: DateLike) -> list[dict[str, Any]]:
    """Plans from today on with no answer yet, soonest first (copies)."""
    now = as_date(today)
    return _open_plans(state, lambda day: day is not None and day >= now)


def due_followups(state: HobbyState, today: DateLike) -> list[dict[str, Any]]:
    """Plans whose day has passed with no answer yet ("did you do it?"), oldest first (copies)."""
    now = as_date(today)
    return _open_plans(state, lambda day: day is not None and day < now)


def record_outcome(
    state: HobbyState,
    plan_id: str,
    done: bool,
    rating_a: int | None = None,
    rating_b: int | None = None,
) -> dict[str, Any]:
    """Answer a follow-up: did you do it, and how did it go for each (1-5)? Returns the plan."""
    found = next((p for p in state.plans if p.get("id") == plan_id), None)
    if found is None:
        raise PlanRefused(f"No plan with id {plan_id!r}.")
    for value in (rating_a, rating_b):
        if value is not None and outcome_score(value) is None:
            raise PlanRefused("How it went is a number from 1 to 5.")
    if not done and (rating_a is not None or rating_b is not None):
        raise PlanRefused("Only rate how it went if you did it.")
    found["outcome"] = {"done": bool(done), "rating_a": rating_a, "rating_b": rating_b}
    return dict(found)
