"""The home screen's words come from plain datetime arithmetic: they must read exactly as
arrow's (the way they were computed before), in every zone, across DST changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime

import arrow
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checkin.core.model import WEEKDAYS, Settings
from checkin.core.schedule import describe_ago, describe_due, humanize, next_due


def arrow_next_due(chosen: Settings, now: arrow.Arrow, tz: str) -> arrow.Arrow:
    h, m = (int(x) for x in chosen.time.split(":"))
    local = now.to(tz)
    slot = local.replace(hour=h, minute=m, second=0, microsecond=0)
    slot = slot.shift(days=(chosen.weekday - slot.weekday()) % 7)
    if slot < local.shift(hours=-1):
        slot = slot.shift(weeks=1)
    return slot


def arrow_describe_due(chosen: Settings, now: arrow.Arrow, tz: str) -> str:
    due = arrow_next_due(chosen, now, tz)
    local_now = now.to(tz)
    if due <= local_now:
        return f"Today at {due.format('HH:mm')}, now"
    days = (due.date() - local_now.date()).days
    day = "Today" if days == 0 else "Tomorrow" if days == 1 else WEEKDAYS[due.weekday()]
    return f"{day} at {due.format('HH:mm')}, {due.humanize(local_now)}"


def arrow_describe_ago(when: arrow.Arrow, now: arrow.Arrow, tz: str) -> str:
    days = (now.to(tz).date() - when.to(tz).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 28:
        return f"{days // 7} weeks ago"
    return when.humanize(now)


ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham"]
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2031, 1, 1)).map(
    lambda d: arrow.get(d.replace(tzinfo=UTC))
)
times = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 1, 15, 30, 59]))
slots = st.builds(Settings, weekday=st.integers(0, 6), time=times)


def steady(zone: str, now: arrow.Arrow, days: int = 30) -> bool:
    """No DST change within ``days`` either side of ``now`` in ``zone``: there arrow's words are
    right. Across a change arrow is off (see the cases below), so it is no reference there."""
    offsets = {now.shift(hours=h).to(zone).utcoffset() for h in range(-24 * days, 24 * days + 1, 6)}
    return len(offsets) == 1


@pytest.fixture
def local_zone(request):
    """The system's zone set for this test (TZ), put back afterwards."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


ONE_ZONE = [HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much]  # a zone per test


@pytest.mark.parametrize("local_zone", ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"],
                         indirect=True)
@settings(max_examples=100, deadline=None, suppress_health_check=ONE_ZONE)  # Hypothesis's default, in each of 4 zones
@given(now=moments, chosen=slots)
def test_due_words_in_the_local_zone_read_as_arrow_says(local_zone, now, chosen):
    assume(steady(local_zone, now))
    # the reference names the zone: arrow's own "local" keeps the zone it first saw (dateutil)
    assert describe_due(chosen, now) == arrow_describe_due(chosen, now, local_zone)
    assert describe_due(chosen, now.datetime) == arrow_describe_due(chosen, now, local_zone)
    assert next_due(chosen, now) == arrow_next_due(chosen, now, local_zone)


@pytest.mark.parametrize("zone", ZONES)
@settings(max_examples=120, deadline=None, suppress_health_check=ONE_ZONE)
@given(now=moments, chosen=slots)
def test_due_words_in_a_named_zone_read_as_arrow_says(zone, now, chosen):
    assume(steady(zone, now))
    assert describe_due(chosen, now, zone) == arrow_describe_due(chosen, now, zone)
    due = next_due(chosen, now, zone)
    assert due == arrow_next_due(chosen, now, zone)
    assert due.format("HH:mm") == arrow_next_due(chosen, now, zone).format("HH:mm")


@pytest.mark.parametrize("local_zone", ["UTC", "Europe/Berlin", "Pacific/Chatham"], indirect=True)
@settings(max_examples=200, deadline=None, suppress_health_check=ONE_ZONE)
@given(now=moments, back=st.integers(-3 * 86400, 800 * 86400))
def test_ago_words_read_as_arrow_says(local_zone, now, back):
    then = now.shift(seconds=-back)
    assume(steady(local_zone, now, 3) and steady(local_zone, then, 3))
    assert describe_ago(then.isoformat(), now) == arrow_describe_ago(then, now, local_zone)
    assert describe_ago(then, now.datetime) == arrow_describe_ago(then, now, local_zone)


# Across a DST change: the words a couple should read (arrow's were an hour or a day off here).
@pytest.mark.parametrize(
    ("zone", "now", "chosen", "words"),
    [
        # New York springs forward at 07:00Z on Sunday 8 March: midnight Monday is 21 h away, not 22
        ("America/New_York", "2026-03-08T06:59:59+00:00", Settings(weekday=0, time="00:00"),
         "Tomorrow at 00:00, in 21 hours"),
        # Berlin's 02:00 is skipped on 29 March: the next Sunday's slot is still 02:00, not 03:00
        ("Europe/Berlin", "2026-03-29T01:00:01+00:00", Settings(weekday=6, time="02:00"),
         "Sunday at 02:00, in 6 days"),
        # Berlin falls back on 25 October: 19:00 that Sunday is 17 h after 01:00Z, not 18
        ("Europe/Berlin", "2026-10-25T01:00:00+00:00", Settings(weekday=6, time="19:00"),
         "Today at 19:00, in 17 hours"),
    ],
)
def test_due_words_across_a_dst_change(zone, now, chosen, words):
    assert describe_due(chosen, arrow.get(now), zone) == words


@pytest.mark.parametrize("local_zone", ["Europe/Berlin"], indirect=True)
def test_ago_across_a_dst_change_counts_calendar_days(local_zone):
    # 22:59:59Z on 24 October is 00:59:59 on the 25th in Berlin, the day of 01:00Z: today
    assert describe_ago("2026-10-24T22:59:59+00:00", arrow.get("2026-10-25T01:00:00+00:00")) == "today"
    # and 22:59:59Z on 28 March is 23:59:59 on the 28th, the day before 03:00 on the 29th
    assert describe_ago("2026-03-28T22:59:59+00:00", arrow.get("2026-03-29T01:00:00+00:00")) == "yesterday"


@settings(max_examples=500, deadline=None)
@given(seconds=st.floats(-7 * 86400 + 1, 7 * 86400 - 1))
def test_humanize_up_to_a_week_is_arrows(seconds):
    base = arrow.get("2026-06-01T12:00:00+00:00")
    assert humanize(seconds) == base.shift(seconds=int(round(seconds))).humanize(base)


def test_humanize_leaves_a_week_and_more_to_arrow():
    assert humanize(7 * 86400) is None and humanize(-30 * 86400) is None
    assert humanize(3 * 86400 + 5) == "in 3 days" and humanize(-90) == "a minute ago"


def test_the_home_screen_comes_up_without_importing_arrow(tmp_path):
    """Start-up (the lock, the repository, the app, home with its facts) imports no arrow."""
    code = f"""
import asyncio, sys
from pathlib import Path
from checkin.core.model import Couple, Settings
from checkin.store.lock import DataLock
from checkin.store.repository import Repository
from checkin.app import CheckinApp

folder = Path({str(tmp_path / "data")!r})

async def main():
    with DataLock(folder):
        repo = Repository(folder).open()
        app = CheckinApp(repo)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            print(type(app.screen).__name__, str(app.screen.query_one("#next-due").render()))
            print("arrow" in sys.modules)
        repo.close()

if sys.argv[1] == "setup":
    with DataLock(folder):
        repo = Repository(folder).open()
        repo.save_first_run(Couple("Ana", "Bo"), Settings())
        repo.close()
else:
    asyncio.run(main())
"""
    for step in ("setup", "run"):
        done = subprocess.run([sys.executable, "-c", code, step], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    screen, due, imported = done.stdout.strip().splitlines()[-2].split(" ", 1) + [done.stdout.strip().splitlines()[-1]]
    assert screen == "HomeScreen" and " at 19:00, " in due
    assert imported == "False"
