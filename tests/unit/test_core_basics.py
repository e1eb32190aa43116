"""Names, the weekly schedule in people's words, and model records that keep unknown fields."""

from __future__ import annotations

import time

import arrow
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkin.core.model import WEEKDAYS, Couple, Settings
from checkin.core.names import MAX_NAME, clean_name, name_problem, names_problem
from checkin.core.schedule import (
    describe_ago,
    describe_due,
    next_due,
    parse_time,
    week_start,
    weeks_in_a_row,
)

# -- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Ana  ", "Ana"),
        ("Ana   Maria", "Ana Maria"),
        ("Ana\nMaria\t", "Ana Maria"),
        ("Ana\u2028Maria\u2029", "Ana Maria"),
        ("\x1b[31;1mAna\x1b[0m", "Ana"),
        ("\x1b]0;new window title\x07Bo", "Bo"),
        ("\x1b]8;;https://example.com\x1b\\Bo\x1b]8;;\x1b\\", "Bo"),
        ("\x9b2JBo", "Bo"),
        ("\x1bcBo\x1b7", "Bo"),  # reset, save cursor
        ("\x1b(BBo", "Bo"),  # character set
        ("\x1bPq#0;2;0;0;0\x1b\\Bo", "Bo"),  # a sixel picture (DCS)
        ("A\x00n\x07a\x7f\x85", "Ana"),
        ("\u202eanA", "anA"),  # a right-to-left override would reverse what follows
        ("A\u200bna\ufeff\u00ad", "Ana"),  # zero-width space, BOM, soft hyphen
        ("Bo\ue000", "Bo"),  # private use
    ],
)
def test_clean_name_strips_what_a_terminal_could_trip_over(raw, clean):
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    "name",
    [
        "Zoë",
        "Zoe\u0308",  # decomposed: kept exactly, not normalised
        "李小龍",
        "山田 花子",
        "שָׁלוֹם",
        "محمد",
        "می\u200cخواهم",  # Persian needs the zero-width non-joiner
        "👩\u200d👩\u200d👧",  # a family: zero-width joiners hold it together
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland's flag (tag characters)
        "José 🌻",
        "Ngũgĩ",
        "O'Brien-Smith",
    ],
)
def test_clean_name_keeps_every_script_and_emoji(name):
    assert clean_name(name) == name
    assert name_problem(name) is None


def test_name_problems():
    assert name_problem("") == "Please enter a name."
    assert name_problem("x" * MAX_NAME) is None
    assert "40" in name_problem("x" * (MAX_NAME + 1))
    assert names_problem("Ana", "Bo") is None
    assert names_problem("", "Bo") == "Please enter a name."
    assert names_problem("Ana", "y" * 41) is not None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ana", "Ana"),
        ("Ana", "ANA"),
        ("Zoë", "Zoe\u0308"),  # the same name typed two ways
        ("ＡＮＡ", "ana"),  # full-width letters
        ("straße", "STRASSE"),
    ],
)
def test_names_that_read_the_same_are_refused(a, b):
    assert names_problem(a, b) == "Two different names, please, so we can tell whose turn it is."


def test_names_differing_only_by_an_invisible_character_are_refused_once_cleaned():
    assert names_problem(clean_name("Ana"), clean_name("Ana\u200b")) is not None
    assert names_problem(clean_name("Ana"), clean_name("\u202dAna")) is not None


@given(st.text())
def test_clean_name_is_idempotent_and_safe(raw):
    once = clean_name(raw)
    assert clean_name(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any(ch in once for ch in "\x1b\x9b\x00\n\r\t\x7f")


# -- schedule ----------------------------------------------------------------------------------

SUNDAY_6PM = arrow.get("2026-11-22T18:00:00+00:00")  # the FakeClock's start, a Sunday


def test_parse_time():
    assert parse_time("19:00") == (19, 0)
    assert parse_time(" 7:30 ") == (7, 30)
    assert parse_time("00:00") == (0, 0)
    assert parse_time("23:59") == (23, 59)
    for bad in ("24:00", "12:60", "7", "7:3:0", "ab:cd", "-1:00", "", "7.30"):
        assert parse_time(bad) is None, bad


@pytest.mark.parametrize(
    ("weekday", "at", "due", "words"),
    [
        (6, "19:00", "2026-11-22T19:00:00+00:00", "Today at 19:00, in an hour"),
        (6, "17:30", "2026-11-22T17:30:00+00:00", "Today at 17:30, now"),  # under an hour late
        (6, "16:30", "2026-11-29T16:30:00+00:00", "Sunday at 16:30, in 6 days"),
        (0, "09:00", "2026-11-23T09:00:00+00:00", "Tomorrow at 09:00, in 15 hours"),
        (2, "08:15", "2026-11-25T08:15:00+00:00", "Wednesday at 08:15, in 2 days"),
        (5, "19:00", "2026-11-28T19:00:00+00:00", "Saturday at 19:00, in 6 days"),
    ],
)
def test_next_due_and_describe_due(weekday, at, due, words):
    chosen = Settings(weekday=weekday, time=at)
    assert next_due(chosen, SUNDAY_6PM, "UTC") == arrow.get(due)
    assert describe_due(chosen, SUNDAY_6PM, "UTC") == words


def test_next_due_keeps_the_wall_time_across_a_dst_change():
    before = arrow.get("2026-03-25T12:00:00+00:00")  # Berlin moves its clocks on 29 March
    due = next_due(Settings(weekday=6, time="19:00"), before, "Europe/Berlin")
    assert due.format("YYYY-MM-DD HH:mm ZZ") == "2026-03-29 19:00 +02:00"


def test_next_due_uses_the_given_time_zone():
    due = next_due(Settings(weekday=0, time="08:00"), SUNDAY_6PM, "Asia/Tokyo")  # Mon 03:00 there
    assert due.format("YYYY-MM-DD HH:mm ZZ") == "2026-11-23 08:00 +09:00"


def test_a_broken_time_falls_back_to_seven_pm():
    assert next_due(Settings(time="soon"), SUNDAY_6PM, "UTC").format("HH:mm") == "19:00"


@pytest.fixture
def utc_local(monkeypatch):
    """Make "local" time UTC, whatever the machine running the tests uses."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("when", "words"),
    [
        (None, "not yet"),
        ("", "not yet"),
        ("2026-11-22T09:00:00+00:00", "today"),
        ("2026-11-21T23:00:00+00:00", "yesterday"),
        ("2026-11-14T18:00:00+00:00", "8 days ago"),
        ("2026-11-09T18:00:00+00:00", "13 days ago"),
        ("2026-11-07T18:00:00+00:00", "2 weeks ago"),  # arrow alone says "a month ago"
        ("2026-11-01T18:00:00+00:00", "3 weeks ago"),
        ("2026-10-26T18:00:00+00:00", "3 weeks ago"),
        ("2026-10-08T18:00:00+00:00", "a month ago"),
        ("2025-10-22T18:00:00+00:00", "a year ago"),
        ("2026-11-23T10:00:00+00:00", "today"),  # the clock was moved back: not "-1 days ago"
    ],
)
def test_describe_ago(utc_local, when, words):
    assert describe_ago(when, SUNDAY_6PM) == words


def test_describe_ago_accepts_an_arrow(utc_local):
    assert describe_ago(SUNDAY_6PM.shift(days=-2), SUNDAY_6PM) == "2 days ago"


def _weeks_back(*weeks: int, now: arrow.Arrow = SUNDAY_6PM) -> list[str]:
    return [now.shift(weeks=-w).isoformat() for w in weeks]


@pytest.mark.parametrize(
    ("started", "run"),
    [
        ([], 0),
        (_weeks_back(0), 1),
        (_weeks_back(0, 1, 2), 3),
        (_weeks_back(1, 2, 3), 3),  # this week is not over yet: the run is not broken
        (_weeks_back(0, 0, 1), 2),  # two in one week count once
        (_weeks_back(0, 1, 3, 4), 2),  # a missed week ends the run
        (_weeks_back(2, 3), 0),  # last week was missed
    ],
)
def test_weeks_in_a_row(started, run):
    assert weeks_in_a_row(started, SUNDAY_6PM, "UTC") == run


def test_weeks_start_on_monday():
    assert week_start(SUNDAY_6PM, "UTC").format("dddd YYYY-MM-DD") == "Monday 2026-11-16"
    monday = arrow.get("2026-11-23T08:00:00+00:00")
    sunday_late = ["2026-11-22T23:00:00+00:00"]
    assert weeks_in_a_row(sunday_late, monday, "UTC") == 1


# -- model -------------------------------------------------------------------------------------


def test_couple_keeps_unknown_fields_and_names_partners():
    data = {"name_a": "Ana", "name_b": "Bo", "created_at": "2026-01-01", "colour_hint": "teal", "v9": {"x": [1]}}
    couple = Couple.from_dict(data)
    assert couple.extra == {"colour_hint": "teal", "v9": {"x": [1]}}
    assert couple.to_dict() == data
    assert (couple.name("a"), couple.name("b")) == ("Ana", "Bo")
    assert (couple.other("a"), couple.other("b")) == ("b", "a")


def test_settings_defaults_and_unknown_fields():
    assert Settings.from_dict({}) == Settings()
    got = Settings.from_dict({"weekday": 0, "bell": False, "ambient": "rain"})
    assert (got.weekday, got.bell, got.weekday_name) == (0, False, "Monday")
    assert got.extra == {"ambient": "rain"}
    assert got.to_dict()["ambient"] == "rain"
    assert [Settings(weekday=d).weekday_name for d in range(7)] == list(WEEKDAYS)


def test_from_dict_does_not_share_or_change_its_input():
    data = {"name_a": "Ana", "name_b": "Bo", "other": 1}
    couple = Couple.from_dict(data)
    couple.extra["more"] = 2
    assert data == {"name_a": "Ana", "name_b": "Bo", "other": 1}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)
unknown = st.dictionaries(
    st.text().filter(lambda k: k not in {"name_a", "name_b", "created_at", "extra"} | set(Settings().to_dict())),
    json_values,
    max_size=4,
)


@given(a=st.text(), b=st.text(), extra=unknown)
def test_couple_round_trip_loses_nothing(a, b, extra):
    data = {"name_a": a, "name_b": b, "created_at": "", **extra}
    assert Couple.from_dict(data).to_dict() == data
    assert Couple.from_dict(Couple.from_dict(data).to_dict()) == Couple.from_dict(data)


@given(weekday=st.integers(0, 6), at=st.text(max_size=5), bell=st.booleans(), extra=unknown)
def test_settings_round_trip_loses_nothing(weekday, at, bell, extra):
    data = {**Settings().to_dict(), "weekday": weekday, "time": at, "bell": bell, **extra}
    assert Settings.from_dict(data).to_dict() == data


def test_weeks_in_a_row_does_not_depend_on_the_order_of_the_stamps():
    import random

    stamps = _weeks_back(0, 0, 1, 2, 3, 5, 6) + ["2026-11-30T10:00:00+00:00"]  # one from the future
    random.Random(3).shuffle(stamps)
    assert weeks_in_a_row(stamps, SUNDAY_6PM, "UTC") == 4
    assert weeks_in_a_row(reversed(stamps), SUNDAY_6PM, "UTC") == 4


def test_a_short_pause_is_under_a_minute_never_zero_minutes():
    from checkin.core.dates import minutes_words
    from checkin.core.summary import _minutes

    assert minutes_words(12) == "under a minute"
    assert _minutes(12) == "under a minute"
    assert minutes_words(0) == "0 min"
    assert minutes_words(90) == "2 min"
    assert minutes_words(3900) == "1 h 5 min"
