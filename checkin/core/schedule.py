"""When the next check-in is due, when the last was, and the run of weeks, in people's words."""

from __future__ import annotations

from collections.abc import Iterable

import arrow

from .model import WEEKDAYS, Settings


def parse_time(text: str) -> tuple[int, int] | None:
    """'19:00' or '7:30' -> (19, 0); None when it is not a time of day."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    hour, minute = int(parts[0]), int(parts[1])
    if 0 <= hour < 24 and 0 <= minute < 60:
        return hour, minute
    return None


def next_due(settings: Settings, now: arrow.Arrow, tz: str = "local") -> arrow.Arrow:
    """The next weekly slot at or after ``now`` (a slot that started under an hour ago
    still counts as now: the couple may be a little late)."""
    hm = parse_time(settings.time) or (19, 0)
    local = now.to(tz)
    slot = local.replace(hour=hm[0], minute=hm[1], second=0, microsecond=0)
    slot = slot.shift(days=(settings.weekday - slot.weekday()) % 7)
    if slot < local.shift(hours=-1):
        slot = slot.shift(weeks=1)
    return slot


def describe_due(settings: Settings, now: arrow.Arrow, tz: str = "local") -> str:
    """'Sunday at 19:00, in 3 days' / 'today at 19:00, in 2 hours' / 'now'."""
    due = next_due(settings, now, tz)
    local_now = now.to(tz)
    if due <= local_now:
        return f"Today at {due.format('HH:mm')}, now"
    days = (due.date() - local_now.date()).days
    day = "Today" if days == 0 else "Tomorrow" if days == 1 else WEEKDAYS[due.weekday()]
    return f"{day} at {due.format('HH:mm')}, {due.humanize(local_now)}"


def describe_ago(when: str | arrow.Arrow | None, now: arrow.Arrow) -> str:
    """'8 days ago', 'yesterday', 'never yet'."""
    if not when:
        return "not yet"
    then = arrow.get(when)
    days = (now.to("local").date() - then.to("local").date()).days
    if days <= 0:  # a stamp from the future (the clock was changed) reads as today
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 28:  # arrow says "a month ago" from 15 days on
        return f"{days // 7} weeks ago"
    return then.humanize(now)


def week_start(moment: arrow.Arrow, tz: str = "local") -> arrow.Arrow:
    return moment.to(tz).floor("week")


def weeks_in_a_row(started: Iterable[str], now: arrow.Arrow, tz: str = "local") -> int:
    """Consecutive calendar weeks (Monday first) with at least one check-in, counting back
    from this week; a week not over yet does not break the run."""
    weeks = {week_start(arrow.get(s), tz).date() for s in started}
    current = week_start(now, tz)
    if current.date() not in weeks:
        current = current.shift(weeks=-1)
    run = 0
    while current.date() in weeks:
        run += 1
        current = current.shift(weeks=-1)
    return run
