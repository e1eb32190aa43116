"""Trends over many check-ins: ratings, cadence, breaks and follow-through (no Textual here).

Functions take the small index rows from ``Repository.summaries()`` (see :mod:`checkin.core.stats`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import arrow

from checkin.core.dates import MONTHS, local_time, week_of
from checkin.core.model import PARTNERS

Row = Mapping[str, Any]


#: The trends filter: every check-in, only those with a facilitator, only those without.
FRIEND_FILTERS = ("all", "with", "without")


def with_friend(rows: Iterable[Row], which: str = "all") -> list[Row]:
    """The rows for a trends filter: ``with`` a facilitator in the room, ``without``, or ``all``."""
    if which not in FRIEND_FILTERS:
        raise ValueError(f"unknown filter {which!r}")
    rows = list(rows)
    if which == "all":
        return rows
    want = which == "with"
    return [r for r in rows if _has_friend(r) == want]


def _has_friend(row: Row) -> bool:
    found = row.get("facilitator")
    return isinstance(found, Mapping) and bool(found.get("name"))


def oldest_first(rows: Iterable[Row]) -> list[Row]:
    """Rows that have a start time, oldest first."""
    return sorted((r for r in rows if r.get("started_at")), key=lambda r: str(r["started_at"]))


# -- ratings over time --------------------------------------------------------------------------


@dataclass
class RatingPoint:
    at: str
    before: dict[str, int] | None  # {"mood": 5, "connection": 6}
    after: dict[str, int] | None

    def change(self, what: str) -> int | None:
        if self.before is None or self.after is None:
            return None
        return int(self.after[what]) - int(self.before[what])


def rating_trends(rows: Iterable[Row]) -> dict[str, list[RatingPoint]]:
    """Per partner, oldest first: the ratings before and after each check-in that has any."""
    out: dict[str, list[RatingPoint]] = {"a": [], "b": []}
    for row in oldest_first(rows):
        for p in PARTNERS:
            before = rating_of(row.get("ratings_before"), p)
            after = rating_of(row.get("ratings_after"), p)
            if before or after:
                out[p].append(RatingPoint(row["started_at"], before, after))
    return out


def rating_of(ratings: Any, partner: str) -> dict[str, int] | None:
    """One partner's {"mood", "connection"} from a ratings dict, or None if they did not rate."""
    r = (ratings or {}).get(partner) if isinstance(ratings, Mapping) else None
    if not isinstance(r, Mapping) or "mood" not in r or "connection" not in r:
        return None
    return {"mood": int(r["mood"]), "connection": int(r["connection"])}


def series(points: Sequence[RatingPoint], what: str, stage: str = "after") -> list[float]:
    """Values of one measure ('mood' or 'connection') at one stage, skipping gaps."""
    values = []
    for point in points:
        r = point.after if stage == "after" else point.before
        if r is not None:
            values.append(float(r[what]))
    return values


def average_change(points: Sequence[RatingPoint], what: str) -> float | None:
    """Average change from start to end of a check-in (positive: felt better after)."""
    changes = [c for c in (p.change(what) for p in points) if c is not None]
    return sum(changes) / len(changes) if changes else None


# -- on a chart ---------------------------------------------------------------------------------


def day_number(when: str | arrow.Arrow | datetime) -> float:
    """A stamp as a local day number, with the time of day as a fraction."""
    local = local_time(when)
    return local.toordinal() + (local.hour * 3600 + local.minute * 60 + local.second) / 86400


def chart_points(points: Sequence[RatingPoint], what: str, origin: str) -> list[tuple[float, float]]:
    """(days since ``origin``, value after the check-in) for each check-in this partner rated."""
    start = day_number(origin)
    return [(day_number(p.at) - start, float(p.after[what])) for p in points if p.after is not None]


def date_ticks(first: str, last: str, count: int = 4) -> tuple[list[float], list[str]]:
    """Up to ``count`` evenly spaced ticks for a date axis, as (days since ``first``, label):
    'Dec 2025', 'Apr 2026', ...; '8 Nov' style when the span is under two months. A label is
    never repeated."""
    start, end = local_time(first), local_time(last)
    span = day_number(last) - day_number(first)
    if span < 1 or count < 2:
        return [0.0], [f"{start.day} {MONTHS[start.month - 1]}"]
    days: list[float] = []
    labels: list[str] = []
    for i in range(count):
        when = start + (end - start) * (i / (count - 1))
        label = f"{when.day} {MONTHS[when.month - 1]}" if span < 60 else f"{MONTHS[when.month - 1]} {when.year}"
        if label not in labels:
            days.append(span * i / (count - 1))
            labels.append(label)
    return days, labels


# -- cadence and breaks -------------------------------------------------------------------------


def cadence(rows: Iterable[Row], now: arrow.Arrow | datetime, weeks: int = 12) -> dict[str, int]:
    """Weeks with a check-in out of the last ``weeks`` and the current run of weeks in a row
    (Monday-first local weeks; a week not over yet does not count against them)."""
    have = {week_of(r["started_at"]) for r in rows if r.get("started_at")}
    current = week_of(now)
    if current not in have:
        current -= timedelta(weeks=1)
    window = {current - timedelta(weeks=i) for i in range(weeks)}
    run = 0
    while current - timedelta(weeks=run) in have:
        run += 1
    return {"weeks": weeks, "with_checkin": len(have & window), "run": run}


def breaks_per_month(rows: Iterable[Row], now: arrow.Arrow | datetime, months: int = 12) -> list[tuple[str, int]]:
    """[('Dec 2025', 1), ..., ('Nov 2026', 0)]: breaks taken in each of the last ``months`` months."""
    counts: Counter[tuple[int, int]] = Counter()
    for row in rows:
        if row.get("started_at"):
            day = local_time(row["started_at"])
            counts[(day.year, day.month)] += int((row.get("breaks") or {}).get("count") or 0)
    today = local_time(now)
    index = today.year * 12 + today.month - 1 - (months - 1)
    out = []
    for i in range(index, index + months):
        year, month = divmod(i, 12)
        out.append((f"{MONTHS[month]} {year}", counts.get((year, month + 1), 0)))
    return out


# -- action items -------------------------------------------------------------------------------


@dataclass
class ActionHistory:
    id: str
    text: str
    owner: str
    due: str
    checkin_id: str
    created: str
    reviews: list[str] = field(default_factory=list)  # statuses at each later check-in

    @property
    def status(self) -> str:
        """open (not reviewed yet), done, carried (over, still open) or dropped."""
        return self.reviews[-1] if self.reviews else "open"

    @property
    def on_time(self) -> bool:
        """Ticked done at the first check-in after it was made."""
        return bool(self.reviews) and self.reviews[0] == "done"


def action_histories(rows: Iterable[Row]) -> dict[str, ActionHistory]:
    """Every action item by id, with what became of it in later reviews."""
    items: dict[str, ActionHistory] = {}
    for row in oldest_first(rows):
        for item, status in (row.get("review") or {}).items():
            if item in items:
                items[item].reviews.append(str(status))
        for a in row.get("actions") or []:
            items[str(a["id"])] = ActionHistory(
                id=str(a["id"]),
                text=str(a.get("text", "")),
                owner=str(a.get("owner", "both")),
                due=str(a.get("due", "")),
                checkin_id=str(row.get("id")),
                created=str(a.get("at", "")),
            )
    return items


def follow_through(rows: Iterable[Row]) -> dict[str, int]:
    """Counts over action items that have been looked at again: made, done, done on time, dropped."""
    items = action_histories(rows).values()
    reviewed = [i for i in items if i.reviews]
    return {
        "made": len(list(items)),
        "reviewed": len(reviewed),
        "done": sum(1 for i in reviewed if i.status == "done"),
        "on_time": sum(1 for i in reviewed if i.on_time),
        "dropped": sum(1 for i in reviewed if i.status == "dropped"),
        "open": sum(1 for i in items if i.status in ("open", "carried")),
    }


__all__ = [
    "ActionHistory",
    "RatingPoint",
    "action_histories",
    "average_change",
    "breaks_per_month",
    "cadence",
    "chart_points",
    "date_ticks",
    "day_number",
    "follow_through",
    "oldest_first",
    "rating_of",
    "rating_trends",
    "series",
]
