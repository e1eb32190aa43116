"""Dates and durations in people's words, in local time (no Textual here)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import arrow

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local_time(when: str | arrow.Arrow | datetime) -> datetime:
    """A stamp in local time (fast: history lists format thousands of them)."""
    if isinstance(when, arrow.Arrow):
        when = when.datetime
    elif isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError:
            when = arrow.get(when).datetime
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone()


def exact_date(when: str | arrow.Arrow | datetime) -> str:
    """'Sun 8 Nov 2026' in local time."""
    day = local_time(when)
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def ago_words(when: str | arrow.Arrow | datetime, now: arrow.Arrow | datetime) -> str:
    """'today', 'yesterday', '5 days ago', '3 weeks ago', '11 months ago', '2 years ago'
    (calendar days in local time; a stamp from the future reads as today)."""
    then, today = local_time(when).date(), local_time(now).date()
    days = (today - then).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    months = (today.year - then.year) * 12 + today.month - then.month - (today.day < then.day)
    if months < 12:
        return f"{max(2, months)} months ago"
    years = months // 12
    return "a year ago" if years == 1 else f"{years} years ago"


def date_words(when: str | arrow.Arrow | None, now: arrow.Arrow) -> str:
    """'Sun 8 Nov 2026, 3 weeks ago': the exact day and the same in people's words."""
    if not when:
        return "unknown date"
    return f"{exact_date(when)}, {ago_words(when, now)}"


def minutes_words(seconds: float | None) -> str:
    """'42 min', '1 h 5 min'; a few seconds are 'under a minute' (a 12-second pause is not
    'a pause of 0 min')."""
    total = round((seconds or 0.0) / 60)
    if total == 0 and (seconds or 0.0) > 0:
        return "under a minute"
    if total < 60:
        return f"{total} min"
    hours, rest = divmod(total, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def span_words(first: str, last: str) -> str:
    """How long from the first to the last time: '2 weeks', '3 months', '2 years'."""
    days = max(0, (local_time(last) - local_time(first)).days)
    if days < 8:
        return "a week"
    if days < 60:
        weeks = -(-days // 7)
        return f"{weeks} weeks"
    months = -(-days // 30)
    if months < 24:
        return f"{months} months"
    return f"{round(days / 365)} years"


def week_of(when: str | arrow.Arrow | datetime) -> date:
    """The Monday of the local calendar week (as checkin.core.schedule.week_start, but fast)."""
    day = local_time(when).date()
    return day - timedelta(days=day.weekday())


__all__ = [
    "DAYS",
    "MONTHS",
    "ago_words",
    "date_words",
    "exact_date",
    "local_time",
    "minutes_words",
    "span_words",
    "week_of",
]
