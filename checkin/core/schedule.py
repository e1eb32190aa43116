"""When the next check-in is due, when the last was, and the run of weeks, in people's words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

import arrow
import arrow.parser

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


def _tzinfo(tz: str) -> tzinfo | None:
    """None for "local": ``astimezone()`` then uses the system's zone, in C (fast)."""
    return None if tz == "local" else arrow.parser.TzinfoParser.parse(tz)


def _moment(stamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        moment = arrow.get(stamp).datetime
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # as arrow.get reads a stamp without an offset
    return moment


def _monday(moment: datetime, zone: tzinfo | None) -> date:
    """The Monday of ``moment``'s calendar week in ``zone``."""
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def weeks_in_a_row(started: Iterable[str], now: arrow.Arrow, tz: str = "local") -> int:
    """Consecutive calendar weeks (Monday first) with at least one check-in, counting back
    from this week; a week not over yet does not break the run.

    Newest first, stopping at the first missed week: the home screen asks on every visit,
    with years of history."""
    zone = _tzinfo(tz)
    week = timedelta(weeks=1)
    current = _monday(now.datetime, zone)
    wanted, run = current, 0
    for moment in sorted(map(_moment, started), reverse=True):
        monday = _monday(moment, zone)
        if monday > wanted:
            continue  # a week already counted (or a stamp from the future)
        if monday < wanted and wanted == current:
            wanted = current - week  # this week is not over yet: the run may end last week
        if monday != wanted:
            break
        run += 1
        wanted -= week
    return run
