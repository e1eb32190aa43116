"""The weekly check-in as an .ics file: read back by icalendar, expanded by an independent library
(recurring-ical-events), stable UID, SEQUENCE on change, private files, --force."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import arrow
import pytest
import recurring_ical_events
from icalendar import Calendar

from checkin import cli
from checkin.core import calendar as ical
from checkin.core.clock import FakeClock
from checkin.core.model import Couple, Settings
from checkin.store.repository import Repository

COUPLE = Couple("Lena", "Sam", created_at="2025-06-01T10:00:00+00:00")


def expand(text: str, start: datetime, weeks: int) -> list[datetime]:
    cal = Calendar.from_ical(text)
    found = recurring_ical_events.of(cal).between(start, start + timedelta(weeks=weeks))
    return [e["DTSTART"].dt for e in found]


# (zone, a moment just before a daylight-saving change there, whether the 60 weeks cross one)
ZONES = [
    ("Europe/Berlin", "2026-03-20T12:00:00Z", True),  # summer time from 29 March
    ("America/New_York", "2026-10-25T12:00:00Z", True),  # standard time from 1 November
    ("Australia/Sydney", "2026-09-28T12:00:00Z", True),  # southern spring: from 4 October
    ("America/Sao_Paulo", "2026-10-25T12:00:00Z", False),  # Brazil ended DST in 2019: steady -03
]


@pytest.mark.parametrize(("zone", "now", "crosses"), ZONES)
@pytest.mark.parametrize(("weekday", "hm"), [(6, "19:00"), (2, "07:30")])
def test_sixty_weeks_on_the_day_at_the_local_time(zone, now, crosses, weekday, hm):
    settings = Settings(weekday=weekday, time=hm)
    written = ical.weekly_ics(COUPLE, settings, now=arrow.get(now), zone=zone)
    tz = ZoneInfo(zone)
    starts = expand(written.text, arrow.get(now).datetime, weeks=60)
    assert len(starts) == 60
    hour, minute = map(int, hm.split(":"))
    for start in starts:
        local = start.astimezone(tz)
        assert (local.weekday(), local.hour, local.minute) == (weekday, hour, minute), start
    # The wall-clock time stays while the offset from UTC moves with daylight saving.
    offsets = {s.utcoffset() for s in starts}
    assert (len(offsets) == 2) is crosses, offsets
    # A week apart on the wall clock, every time (no 18:00/20:00 slips at the change).
    walls = [s.astimezone(tz).replace(tzinfo=None) for s in starts]
    assert all(b - a == timedelta(weeks=1) for a, b in zip(walls, walls[1:], strict=False))


@pytest.mark.parametrize(("zone", "now", "crosses"), ZONES)
def test_vtimezone_in_the_file_agrees_with_the_zone_database(zone, now, crosses):
    """An app that trusts the file's own VTIMEZONE (not its zone database) gets the same times."""
    written = ical.weekly_ics(COUPLE, Settings(weekday=6, time="19:00"), now=arrow.get(now), zone=zone)
    cal = Calendar.from_ical(written.text)
    (vtz,) = cal.walk("VTIMEZONE")
    assert str(vtz["TZID"]) == zone
    event = cal.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == zone
    own = vtz.to_tz()
    first = event["DTSTART"].dt.replace(tzinfo=None)
    for week in range(60):
        wall = first + timedelta(weeks=week)
        assert wall.replace(tzinfo=own).utcoffset() == wall.replace(tzinfo=ZoneInfo(zone)).utcoffset()


def test_event_fields_read_back():
    written = ical.weekly_ics(COUPLE, Settings(weekday=6, time="19:00"), now=arrow.get("2026-03-20T12:00:00Z"),
                              zone="Europe/Berlin", minutes=59, alarm_minutes=30)
    cal = Calendar.from_ical(written.text)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]) == ical.PRODID
    (event,) = cal.walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["SU"]
    assert event["DTSTART"].dt == datetime(2026, 3, 22, 19, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(minutes=60)
    assert "Lena" in event["SUMMARY"] and "Sam" in event["SUMMARY"]
    assert "Sunday at 19:00" in event["DESCRIPTION"]
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY" and alarm["TRIGGER"].dt == timedelta(minutes=-30)
    assert "30 minutes" in alarm["DESCRIPTION"]
    assert str(event["UID"]) == ical.weekly_uid(COUPLE) == written.uid
    assert event["SEQUENCE"] == 0


def test_no_alarm_and_alarm_bounds():
    now = arrow.get("2026-03-20T12:00:00Z")
    written = ical.weekly_ics(COUPLE, Settings(), now=now, zone="UTC", alarm_minutes=None)
    assert not Calendar.from_ical(written.text).walk("VALARM")
    with pytest.raises(ical.CalendarProblem, match="0 to"):
        ical.weekly_ics(COUPLE, Settings(), now=now, zone="UTC", alarm_minutes=-5)


def test_uid_stable_and_sequence_goes_up_only_on_change():
    now = arrow.get("2026-03-20T12:00:00Z")
    first = ical.weekly_ics(COUPLE, Settings(weekday=6, time="19:00"), now=now, zone="Europe/Berlin")
    again = ical.weekly_ics(COUPLE, Settings(weekday=6, time="19:00"), now=now.shift(weeks=3),
                            zone="Europe/Berlin", memory=first.memory)
    assert (again.uid, again.sequence) == (first.uid, 0)
    assert again.start == first.start  # same event: same DTSTART, even weeks later
    moved = ical.weekly_ics(COUPLE, Settings(weekday=2, time="20:15"), now=now.shift(weeks=3),
                            zone="Europe/Berlin", memory=again.memory)
    assert moved.uid == first.uid and moved.sequence == 1
    event = Calendar.from_ical(moved.text).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1 and event["RRULE"]["BYDAY"] == ["WE"]
    assert event["DTSTART"].dt.strftime("%A %H:%M") == "Wednesday 20:15"
    twice = ical.weekly_ics(COUPLE, Settings(weekday=2, time="20:30"), now=now, zone="Europe/Berlin",
                            memory=moved.memory)
    assert twice.sequence == 2
    other = Couple("Ana", "Bo", created_at="2024-01-01T00:00:00+00:00")
    assert ical.weekly_uid(other) != first.uid
    assert ical.weekly_uid(Couple("Renamed", "Both", created_at=COUPLE.created_at)) == first.uid


def test_unknown_zone_is_one_clear_line():
    for bad in ("Mars/Base", "../../etc/passwd", ""):
        with pytest.raises(ical.CalendarProblem, match="time zone"):
            ical.check_zone(bad)


def test_local_zone_finds_an_iana_name(monkeypatch):
    monkeypatch.setenv("TZ", "America/Sao_Paulo")
    assert ical.local_zone() == "America/Sao_Paulo"
    assert ical.local_zone("Asia/Tokyo") == "Asia/Tokyo"


def test_localtime_link_is_read(tmp_path):
    zoneinfo = tmp_path / "usr/share/zoneinfo/Europe"
    zoneinfo.mkdir(parents=True)
    (zoneinfo / "Berlin").write_bytes(b"TZif")
    link = tmp_path / "localtime"
    link.symlink_to(zoneinfo / "Berlin")
    assert ical._zone_from_localtime(link) == "Europe/Berlin"
    assert ical._zone_from_localtime(tmp_path / "missing") is None


def test_planned_activity_is_a_one_off_event():
    plan = {"id": "p1", "activity_id": "x", "day": "2026-03-28", "time": "15:00", "outcome": None}
    written = ical.plan_ics(COUPLE, plan, "Pottery class", now=arrow.get("2026-03-20T12:00:00Z"),
                            zone="Europe/Berlin")
    cal = Calendar.from_ical(written.text)
    (event,) = cal.walk("VEVENT")
    assert "RRULE" not in event and "Pottery class" in event["SUMMARY"]
    assert event["DTSTART"].dt == datetime(2026, 3, 28, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event.walk("VALARM") and cal.walk("VTIMEZONE")
    assert written.uid != ical.weekly_uid(COUPLE)
    all_day = ical.plan_ics(COUPLE, {**plan, "time": None}, "Pottery class",
                            now=arrow.get("2026-03-20T12:00:00Z"), zone="Europe/Berlin", memory=written.memory)
    event = Calendar.from_ical(all_day.text).walk("VEVENT")[0]
    assert event["DTSTART"].dt == date(2026, 3, 28) and not event.walk("VALARM")
    assert all_day.uid == written.uid and all_day.sequence == 1


# -- through the command line and the repository --------------------------------------------------


@pytest.fixture
def repo_dir(tmp_path):
    folder = tmp_path / "data"
    repo = Repository(folder, FakeClock("2026-03-20T12:00:00+00:00")).open()
    repo.save_first_run(Couple("Lena", "Sam"), Settings(weekday=6, time="19:00"))
    repo.close()
    return folder


def test_cli_writes_private_file_and_refuses_to_overwrite(repo_dir, tmp_path, capsys):
    out = tmp_path / "out" / "week.ics"
    out.parent.mkdir()
    old = os.umask(0o000)
    try:
        code = cli.main(["remind", "--data-dir", str(repo_dir), "--ics", str(out), "--tz", "Europe/Berlin"])
    finally:
        os.umask(old)
    assert code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "every Sunday at 19:00 (Europe/Berlin)" in capsys.readouterr().err
    first = out.read_text()
    assert cli.main(["remind", "--data-dir", str(repo_dir), "--ics", str(out)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and err.count("\n") == 1
    assert out.read_text() == first
    assert cli.main(["remind", "--data-dir", str(repo_dir), "--ics", str(out), "--force",
                     "--tz", "Europe/Berlin", "--alarm-minutes", "10"]) == 0
    event = Calendar.from_ical(out.read_text()).walk("VEVENT")[0]
    assert event.walk("VALARM")[0]["TRIGGER"].dt == timedelta(minutes=-10)


def test_cli_remembers_sequence_in_settings(repo_dir, tmp_path):
    out = tmp_path / "week.ics"
    args = ["remind", "--data-dir", str(repo_dir), "--ics", str(out), "--force", "--tz", "Europe/Berlin"]
    assert cli.main(args) == 0
    uid = Calendar.from_ical(out.read_text()).walk("VEVENT")[0]["UID"]
    assert cli.main(args) == 0
    assert Calendar.from_ical(out.read_text()).walk("VEVENT")[0]["SEQUENCE"] == 0
    repo = Repository(repo_dir).open()
    settings = repo.settings()
    settings.time = "20:00"
    repo.save_settings(settings)
    repo.close()
    assert cli.main(args) == 0
    event = Calendar.from_ical(out.read_text()).walk("VEVENT")[0]
    assert event["UID"] == uid and event["SEQUENCE"] == 1
    assert event["DTSTART"].dt.hour == 20
    repo = Repository(repo_dir).open()
    assert repo.settings().calendar[str(uid)]["sequence"] == 1
    repo.close()


def test_cli_plan_needs_a_plan_and_writes_the_soonest(repo_dir, tmp_path, capsys):
    out = tmp_path / "plan.ics"
    assert cli.main(["remind", "--data-dir", str(repo_dir), "--ics", str(out), "--plan"]) == 2
    assert "no activity is planned" in capsys.readouterr().err
    assert not out.exists()
    repo = Repository(repo_dir, FakeClock("2026-03-20T12:00:00+00:00")).open()
    repo.save_section("hobbies", {"plans": [
        {"id": "late", "activity_id": "x", "day": "2099-05-02", "time": None, "outcome": None},
        {"id": "soon", "activity_id": "y", "day": "2099-04-30", "time": "18:30", "outcome": None},
    ]})
    repo.close()
    assert cli.main(["remind", "--data-dir", str(repo_dir), "--ics", str(out), "--plan", "--tz", "UTC"]) == 0
    event = Calendar.from_ical(out.read_text()).walk("VEVENT")[0]
    assert event["DTSTART"].dt == datetime(2099, 4, 30, 18, 30, tzinfo=ZoneInfo("UTC"))
    assert cli.main(["remind", "--data-dir", str(repo_dir), "--ics", str(out), "--force", "--plan", "late"]) == 0
    assert Calendar.from_ical(out.read_text()).walk("VEVENT")[0]["DTSTART"].dt == date(2099, 5, 2)


def test_cli_folder_and_bad_zone_are_one_line(repo_dir, tmp_path, capsys):
    assert cli.main(["remind", "--data-dir", str(repo_dir), "--ics", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert cli.main(["remind", "--data-dir", str(repo_dir), "--ics", str(tmp_path / "x.ics"), "--tz", "Nowhere"]) == 2
    assert "time zone" in capsys.readouterr().err
    assert not (tmp_path / "x.ics").exists()


def test_local_zone_follows_a_change_of_zone_in_the_same_process(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert ical.local_zone() == "Europe/Berlin"
    monkeypatch.setenv("TZ", "America/Sao_Paulo")  # tzlocal alone would keep Berlin (cached)
    assert ical.local_zone() == "America/Sao_Paulo"
