"""The weekly time in the couple's own calendar: an iCalendar (.ics) file, made with ``icalendar``.

One recurring event (``RRULE`` weekly on the chosen day) at the chosen local time, with its
``TZID`` and ``VTIMEZONE`` so it stays at 19:00 on the wall clock across daylight-saving changes,
a reminder (``VALARM``) some minutes before, and a ``UID`` that never changes for the couple: a
calendar app that imports the file again updates the event instead of adding a second one. When
the day, time, zone, reminder or names change, ``SEQUENCE`` goes up (RFC 5545 3.8.7.4), so apps that
compare revisions take the new one. A planned activity from the hobby picker is a one-off event
made the same way.

What was last written is kept in ``Settings.calendar`` (a plain dict): per UID, the slot it was
written for, its ``DTSTART`` and ``SEQUENCE``. Nothing here knows about files or Textual.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import arrow

from ..errors import Refusal
from .model import WEEKDAYS, Couple, Settings
from .schedule import parse_time

PRODID = "-//checkin//weekly check-in//EN"
# Fixed namespace: the same couple always gets the same UIDs, on any computer.
NAMESPACE = uuid.UUID("6f1c2a8e-3b8d-5b43-9a57-4f7c0a1e2d19")
UID_DOMAIN = "checkin.local"
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DEFAULT_ALARM_MINUTES = 30
MAX_ALARM_MINUTES = 7 * 24 * 60
DEFAULT_PLAN_MINUTES = 90  # about the time for a novel activity together (see DOMAIN.md)


class CalendarProblem(Refusal):
    """Something the person can fix, in one line (an unknown zone, no plan to write, ...)."""


# -- the local time zone ---------------------------------------------------------------------


def _zone_from_localtime(path: Path = Path("/etc/localtime")) -> str | None:
    """The IANA name /etc/localtime points at (".../zoneinfo/Europe/Berlin" -> "Europe/Berlin")."""
    try:
        target = os.path.realpath(path)
    except OSError:
        return None
    marker = "zoneinfo" + os.sep
    if marker not in target:
        return None
    name = target.split(marker, 1)[1]
    for prefix in ("posix" + os.sep, "right" + os.sep):  # Debian's alternative trees
        name = name.removeprefix(prefix)
    return name or None


def check_zone(name: str) -> str:
    """``name`` if it is an IANA zone this computer knows; CalendarProblem otherwise."""
    name = name.strip()
    try:
        if not name or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise CalendarProblem(
            f"'{name}' is not a time zone this computer knows; use a name like Europe/Berlin"
        ) from None
    return name


def local_zone(override: str | None = None) -> str:
    """The couple's IANA zone: ``override`` (``--tz``), else what ``tzlocal`` finds (TZ, then the
    system's settings), else /etc/localtime's link, else UTC."""
    if override is not None:
        return check_zone(override)
    candidates: list[str | None] = []
    try:
        import tzlocal

        # tzlocal caches the first answer for the whole process; the zone may have changed
        # since (a laptop that travelled, TZ set), so ask afresh each time a file is written.
        tzlocal.reload_localzone()
        candidates.append(tzlocal.get_localzone_name())
    except Exception:  # noqa: BLE001 - an odd system setting must not stop the file
        pass
    candidates.append(_zone_from_localtime())
    for name in candidates:
        if not name or name == "local":
            continue
        try:
            return check_zone(name)
        except CalendarProblem:
            continue
    return "UTC"


# -- what was written before -------------------------------------------------------------------


def weekly_uid(couple: Couple) -> str:
    """The same for this couple forever (from when they set checkin up), never their names."""
    seed = couple.created_at or f"{couple.name_a}\x00{couple.name_b}"
    return f"{uuid.uuid5(NAMESPACE, 'weekly:' + seed)}@{UID_DOMAIN}"


def plan_uid(couple: Couple, plan_id: str) -> str:
    seed = couple.created_at or f"{couple.name_a}\x00{couple.name_b}"
    return f"{uuid.uuid5(NAMESPACE, f'plan:{seed}:{plan_id}')}@{UID_DOMAIN}"


def _revision(memory: Mapping[str, Any], uid: str, key: list[Any], start: str) -> tuple[int, str]:
    """(SEQUENCE, DTSTART) for writing ``uid`` now: unchanged slot -> same as last time;
    a changed one -> the next SEQUENCE and the new start."""
    last = memory.get(uid)
    if not isinstance(last, Mapping):
        return 0, start
    sequence = last.get("sequence")
    sequence = sequence if isinstance(sequence, int) and sequence >= 0 else 0
    if last.get("key") == key and isinstance(last.get("dtstart"), str):
        return sequence, last["dtstart"]
    return sequence + 1, start


@dataclass
class Written:
    """An iCalendar file's text and what to remember about it."""

    text: str
    uid: str
    sequence: int
    zone: str
    start: datetime | date
    memory: dict[str, Any]
    """The new ``Settings.calendar`` to save once the file is written."""
    when: str = ""
    """In people's words: 'every Sunday at 19:00 (Europe/Berlin)'."""
    path: Path | None = None
    """Where it was written (set by :func:`write_app_reminder`)."""


# -- building the files -------------------------------------------------------------------------


def _calendar(name: str) -> Any:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _alarm(minutes: int, text: str) -> Any:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")  # the one kind every calendar app shows
    alarm.add("description", text)
    alarm.add("trigger", timedelta(minutes=-minutes))
    return alarm


def _finish(cal: Any, zone: str, start: datetime | date) -> str:
    if isinstance(start, datetime):
        from icalendar import Timezone

        # Transitions from a year before the start on: enough for any app, and a short file.
        first = start.date() - timedelta(days=366)
        cal.subcomponents.insert(
            0, Timezone.from_tzinfo(ZoneInfo(zone), tzid=zone, first_date=first,
                                    last_date=start.date() + timedelta(days=20 * 366))
        )
    return cal.to_ical().decode("utf-8")


def _check_alarm(minutes: int | None) -> int | None:
    if minutes is None:
        return None
    if not 0 <= minutes <= MAX_ALARM_MINUTES:
        raise CalendarProblem(f"the reminder must be 0 to {MAX_ALARM_MINUTES} minutes before")
    return minutes


def _minutes_words(minutes: int) -> str:
    if minutes == 0:
        return "now"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    return f"in {minutes} minutes"


def next_start(settings: Settings, now: arrow.Arrow, zone: str) -> datetime:
    """The first weekly slot from ``now`` on, as a wall-clock time in ``zone``."""
    hour, minute = parse_time(settings.time) or (19, 0)
    tz = ZoneInfo(zone)
    local = now.datetime.astimezone(tz)
    day = local.date() + timedelta(days=(settings.weekday - local.weekday()) % 7)
    start = datetime.combine(day, time(hour, minute), tzinfo=tz)
    if start < local:
        start = datetime.combine(day + timedelta(days=7), time(hour, minute), tzinfo=tz)
    return start


def weekly_ics(
    couple: Couple,
    settings: Settings,
    *,
    now: arrow.Arrow,
    zone: str,
    minutes: float = 60,
    alarm_minutes: int | None = DEFAULT_ALARM_MINUTES,
    memory: Mapping[str, Any] | None = None,
) -> Written:
    """The weekly check-in as one recurring event. ``memory`` is ``Settings.calendar``."""
    from icalendar import Event, vRecur

    zone = check_zone(zone)
    alarm_minutes = _check_alarm(alarm_minutes)
    memory = dict(memory or {})
    uid = weekly_uid(couple)
    hour, minute = parse_time(settings.time) or (19, 0)
    length = max(5, 5 * round(minutes / 5))  # "about 60 minutes", not 59
    key = [settings.weekday, f"{hour:02d}:{minute:02d}", zone, alarm_minutes, length,
           couple.name_a, couple.name_b]
    first = next_start(settings, now, zone)
    sequence, start_text = _revision(memory, uid, key, first.replace(tzinfo=None).isoformat())
    start = datetime.fromisoformat(start_text).replace(tzinfo=ZoneInfo(zone))
    names = f"{couple.name_a} & {couple.name_b}"
    day = WEEKDAYS[settings.weekday]

    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", now.datetime.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", start)  # a TZID parameter for the zone, with its VTIMEZONE below
    event.add("dtend", start + timedelta(minutes=length))
    event.add("rrule", vRecur(freq="WEEKLY", byday=RRULE_DAYS[settings.weekday]))
    event.add("summary", f"Our weekly check-in ({names})")
    event.add(
        "description",
        f"Time for the two of you, {names}: every {day} at {hour:02d}:{minute:02d}, about "
        f"{length} minutes. Start with what you appreciated this week, look at what went well, "
        "talk through one thing with care, and plan something nice together. Open checkin "
        "when you sit down; it keeps the time so you don't have to.",
    )
    event.add("categories", ["checkin"])
    event.add("transp", "OPAQUE")
    event.add("class", "PRIVATE")
    if alarm_minutes is not None:
        event.add_component(_alarm(alarm_minutes, f"Your weekly check-in starts {_minutes_words(alarm_minutes)}"))
    cal = _calendar("checkin")
    cal.add_component(event)
    text = _finish(cal, zone, start)
    memory[uid] = {"key": key, "sequence": sequence, "dtstart": start_text, "kind": "weekly"}
    return Written(text, uid, sequence, zone, start, memory, f"every {day} at {hour:02d}:{minute:02d} ({zone})")


def plan_ics(
    couple: Couple,
    plan: Mapping[str, Any],
    activity_name: str,
    *,
    now: arrow.Arrow,
    zone: str,
    alarm_minutes: int | None = DEFAULT_ALARM_MINUTES,
    memory: Mapping[str, Any] | None = None,
    minutes: int = DEFAULT_PLAN_MINUTES,
) -> Written:
    """A planned activity (a plan dict from the hobby picker) as a one-off event: at its time in
    ``zone``, or all day when it has no time (then without a reminder: all-day alarms differ
    too much between apps to promise anything)."""
    from icalendar import Event

    zone = check_zone(zone)
    alarm_minutes = _check_alarm(alarm_minutes)
    memory = dict(memory or {})
    try:
        day = date.fromisoformat(str(plan.get("day")))
    except ValueError:
        raise CalendarProblem("that plan has no valid day") from None
    hm = parse_time(str(plan.get("time") or ""))
    uid = plan_uid(couple, str(plan.get("id") or "plan"))
    key = [day.isoformat(), plan.get("time"), zone, alarm_minutes, activity_name]
    start: datetime | date = (
        datetime.combine(day, time(*hm), tzinfo=ZoneInfo(zone)) if hm else day
    )
    start_text = start.replace(tzinfo=None).isoformat() if isinstance(start, datetime) else day.isoformat()
    sequence, _ = _revision(memory, uid, key, start_text)
    names = f"{couple.name_a} & {couple.name_b}"

    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", now.datetime.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", start)
    if isinstance(start, datetime):
        event.add("dtend", start + timedelta(minutes=minutes))
    else:
        event.add("dtend", day + timedelta(days=1))
    event.add("summary", f"{activity_name} ({names})")
    event.add(
        "description",
        f"Something you both chose, {names}: {activity_name}. Enjoy it; afterwards checkin "
        "asks how it went for each of you.",
    )
    event.add("categories", ["checkin"])
    event.add("class", "PRIVATE")
    if alarm_minutes is not None and isinstance(start, datetime):
        event.add_component(_alarm(alarm_minutes, f"{activity_name} starts {_minutes_words(alarm_minutes)}"))
    cal = _calendar("checkin")
    cal.add_component(event)
    text = _finish(cal, zone, start)
    memory[uid] = {"key": key, "sequence": sequence, "dtstart": start_text, "kind": "plan"}
    when = f"{day:%A %d %B} at {start:%H:%M} ({zone})" if isinstance(start, datetime) else f"{day:%A %d %B}, all day"
    return Written(text, uid, sequence, zone, start, memory, when)


# -- writing, as the app and the command line both do -------------------------------------------


def agenda_minutes(folder: Path, agenda_id: str) -> float:
    """Planned length of the couple's usual agenda (60 when it cannot be found)."""
    from ..locations import user_agendas_dir
    from .agenda import load_agendas

    agendas, _problems = load_agendas(user_agendas_dir(folder))
    for agenda in agendas:
        if agenda.id == agenda_id:
            return agenda.minutes
    return agendas[0].minutes if agendas else 60.0


def choose_plan(hobbies: Mapping[str, Any], today: date, plan_id: str | None = None) -> tuple[dict[str, Any], str]:
    """The plan to write (``plan_id``, else the soonest upcoming one) and its activity's name."""
    from .catalogue import load_catalogue
    from .hobbies import HobbyState
    from .plans import upcoming_plans

    state = HobbyState.from_dict(hobbies)
    if plan_id:
        found = next((p for p in state.plans if p.get("id") == plan_id), None)
        if found is None:
            raise CalendarProblem(f"there is no plan with id '{plan_id}'")
    else:
        upcoming = upcoming_plans(state, today)
        if not upcoming:
            raise CalendarProblem("no activity is planned yet; plan one in the hobby picker first")
        found = upcoming[0]
    activities, _problems = load_catalogue(state.custom)
    names = {a.id: a.name for a in activities}
    return dict(found), names.get(str(found.get("activity_id")), "Time together")


def write_reminder(repo: Any, path: Path, *, force: bool = False, zone: str | None = None,
                   alarm_minutes: int | None = DEFAULT_ALARM_MINUTES, plan: bool | str = False) -> Written:
    """Make the file, write it (0600, atomically; an existing file only with ``force``) and
    remember what was written in the settings. ``plan``: True for the next planned activity, or
    a plan id. The file is written by the store (``repo.write_private_file``), so the core does
    no file I/O of its own. Raises CalendarProblem or OSError."""
    couple = repo.couple()
    if couple is None:
        raise CalendarProblem("set up your names in checkin first")
    path = Path(path).expanduser()
    if path.is_dir():
        raise CalendarProblem(f"{path} is a folder; give a file name, like {path / 'checkin.ics'}")
    if path.exists() and not force:
        raise CalendarProblem(f"{path} already exists; choose another name, or add --force to replace it")
    settings = repo.settings()
    now = repo.clock.now()
    name = local_zone(zone)
    if plan:
        today = now.to(name).date()
        chosen, activity = choose_plan(repo.section("hobbies"), today, plan if isinstance(plan, str) else None)
        written = plan_ics(couple, chosen, activity, now=now, zone=name, alarm_minutes=alarm_minutes,
                           memory=settings.calendar)
    else:
        written = weekly_ics(couple, settings, now=now, zone=name,
                             minutes=agenda_minutes(repo.folder, settings.default_agenda),
                             alarm_minutes=alarm_minutes, memory=settings.calendar)
    repo.write_private_file(path, written.text)
    settings.calendar = written.memory
    repo.save_settings(settings)
    return written


def app_reminder_path(repo: Any, folder: Path | None = None) -> Path:
    """Where the settings button puts the file: Downloads (else home), as checkin-weekly.ics.
    A file of that name that is not this couple's weekly event is left alone: -2, -3, ... instead."""
    if folder is None:
        import platformdirs

        downloads = Path(platformdirs.user_downloads_dir())
        folder = downloads if downloads.is_dir() else Path.home()
    couple = repo.couple()
    uid = weekly_uid(couple) if couple else ""
    for n in range(1, 100):
        path = folder / ("checkin-weekly.ics" if n == 1 else f"checkin-weekly-{n}.ics")
        try:
            if not path.exists() or (uid and f"UID:{uid}" in path.read_text(encoding="utf-8", errors="replace")):
                return path
        except OSError:
            continue
    raise CalendarProblem(f"too many checkin-weekly files in {folder}; remove some and try again")


def write_app_reminder(repo: Any, folder: Path | None = None) -> Written:
    """The settings button: write (or update) the weekly event where the couple can find it."""
    path = app_reminder_path(repo, folder)
    written = write_reminder(repo, path, force=True)
    written.path = path
    return written
