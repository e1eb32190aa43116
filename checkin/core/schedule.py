"""When the next check-in is due, when the last was, and the run of weeks, in people's words.

Plain ``datetime`` arithmetic, so the home screen's first frame does not wait for arrow to
import (about 25 ms of CPU): the words are arrow's ``humanize`` (checked against it in the
tests); arrow is imported only for what these functions do not cover (a last check-in four
weeks or more ago, a zone written as an offset, the Arrow that ``next_due`` returns).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from .model import WEEKDAYS, Settings

if TYPE_CHECKING:
    import arrow

def parse_time(text: str) -> tuple[int, int] | None:
    """'19:00' or '7:30' -> (19, 0); None when it is not a time of day."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    hour, minute = int(parts[0]), int(parts[1])
    if 0 <= hour < 24 and 0 <= minute < 60:
        return hour, minute
    return None


def _aware(moment: Any) -> datetime:
    """An Arrow's datetime, or the datetime itself (one without a zone is read as UTC)."""
    moment = getattr(moment, "datetime", moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _zone(tz: str) -> tzinfo | None:
    """None for "local" (``astimezone()`` then uses the system's zone, in C, DST and all)."""
    if tz == "local":
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        import arrow.parser  # "+01:00" and the other forms arrow reads

        return arrow.parser.TzinfoParser.parse(tz)


def _wall(moment: datetime, zone: tzinfo | None) -> datetime:
    """The clock on the wall in ``zone`` at ``moment`` (naive)."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _instant(wall: datetime, zone: tzinfo | None) -> datetime:
    """The moment the wall clock in ``zone`` shows ``wall`` (a time skipped by a DST change
    moves on by the gap, as arrow's ``shift`` does)."""
    aware = wall.astimezone() if zone is None else wall.replace(tzinfo=zone)
    return aware.astimezone(UTC)


def _next_slot(settings: Settings, now: datetime, zone: tzinfo | None) -> tuple[datetime, datetime]:
    """(wall clock, moment) of the next weekly slot at or after ``now``; a slot that started
    under an hour ago still counts as now: the couple may be a little late."""
    hm = parse_time(settings.time) or (19, 0)
    local = _wall(now, zone)
    slot = local.replace(hour=hm[0], minute=hm[1], second=0, microsecond=0)
    slot += timedelta(days=(settings.weekday - slot.weekday()) % 7)
    if _instant(slot, zone) < _instant(local - timedelta(hours=1), zone):
        slot += timedelta(weeks=1)
    moment = _instant(slot, zone)
    return _wall(moment, zone), moment


def next_due(settings: Settings, now: Any, tz: str = "local") -> arrow.Arrow:
    """The next weekly slot at or after ``now``, as an Arrow in ``tz``."""
    import arrow

    _, moment = _next_slot(settings, _aware(now), _zone(tz))
    return arrow.get(moment).to(tz)


# arrow's English humanize ("auto" granularity) up to a week, which is all a weekly slot needs
_UNITS = ((60, "seconds"), (120, "a minute"), (3600, "minutes"), (7200, "an hour"),
          (86400, "hours"), (172800, "a day"), (604800, "days"))
_SIZE = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def humanize(seconds: float) -> str | None:
    """'in 3 days', '2 hours ago', 'just now', as ``arrow.humanize`` says it; None from a
    week on (months and years need calendar arithmetic: ask arrow)."""
    delta = int(round(seconds))
    diff = abs(delta)
    if diff < 10:
        return "just now"
    for limit, unit in _UNITS:
        if diff < limit:
            size = _SIZE.get(unit)
            if size is None:
                words = unit
            elif size == 1:
                words = f"{diff} seconds"
            else:
                words = f"{max(diff // size, 2)} {unit}"
            return f"{words} ago" if delta < 0 else f"in {words}"
    return None


def describe_due(settings: Settings, now: Any, tz: str = "local") -> str:
    """'Sunday at 19:00, in 3 days' / 'today at 19:00, in 2 hours' / 'now'."""
    zone = _zone(tz)
    moment = _aware(now)
    wall, due = _next_slot(settings, moment, zone)
    if due <= moment:
        return f"Today at {wall:%H:%M}, now"
    days = (wall.date() - _wall(moment, zone).date()).days
    day = "Today" if days == 0 else "Tomorrow" if days == 1 else WEEKDAYS[wall.weekday()]
    words = humanize((due - moment).total_seconds())
    if words is None:  # not reached: the next slot is always within a week
        import arrow

        words = arrow.get(due).humanize(arrow.get(moment))
    return f"{day} at {wall:%H:%M}, {words}"


def describe_ago(when: Any, now: Any) -> str:
    """'8 days ago', 'yesterday', 'never yet'."""
    if not when:
        return "not yet"
    then = _moment(when) if isinstance(when, str) else _aware(when)
    moment = _aware(now)
    days = (_wall(moment, None).date() - _wall(then, None).date()).days
    if days <= 0:  # a stamp from the future (the clock was changed) reads as today
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 28:  # arrow says "a month ago" from 15 days on
        return f"{days // 7} weeks ago"
    import arrow

    return arrow.get(then).humanize(arrow.get(moment))


def week_start(moment: arrow.Arrow, tz: str = "local") -> arrow.Arrow:
    return moment.to(tz).floor("week")


def _moment(stamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        import arrow

        moment = arrow.get(stamp).datetime
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # as arrow.get reads a stamp without an offset
    return moment


def _monday(moment: datetime, zone: tzinfo | None) -> date:
    """The Monday of ``moment``'s calendar week in ``zone``."""
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def weeks_in_a_row(started: Iterable[str], now: Any, tz: str = "local") -> int:
    """Consecutive calendar weeks (Monday first) with at least one check-in, counting back
    from this week; a week not over yet does not break the run.

    Newest first, stopping at the first missed week: the home screen asks on every visit,
    with years of history."""
    zone = _zone(tz)
    week = timedelta(weeks=1)
    current = _monday(_aware(now), zone)
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
