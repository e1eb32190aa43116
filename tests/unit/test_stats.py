"""Statistics for looking back, over real runner events and hand-made index rows (no UI)."""

from __future__ import annotations

import os
import time
from typing import Any

import arrow
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkin.core import dates, stats
from checkin.core import detail as detail_mod
from checkin.core import topics as topics_mod
from checkin.core import trends as trends_mod
from checkin.core.agenda import parse_agenda
from checkin.core.clock import FakeClock
from checkin.core.runner import CheckinRunner, new_checkin, summary
from checkin.core.summary import talk_share

os.environ["TZ"] = "UTC"
time.tzset()

NOW = arrow.get("2026-11-26T12:00:00+00:00")  # a Thursday
MIN = 60.0
NAMES = {"a": "Ana", "b": "Bo"}

AGENDA = parse_agenda(
    {
        "id": "t",
        "title": "Test check-in",
        "blocks": [
            {"kind": "rating", "title": "Arrive", "minutes": 2, "stage": "before"},
            {"kind": "turns", "title": "Appreciations", "minutes": 8, "rounds": 1, "turn_minutes": 2},
            {"kind": "floor", "title": "One issue", "minutes": 20, "turn_minutes": 3, "paraphrase_minutes": 1},
            {"kind": "actions", "title": "Action items", "minutes": 3},
            {"kind": "rating", "title": "Closing", "minutes": 1, "stage": "after"},
        ],
    },
    "test",
)


def played(when: str = "2026-11-22T18:00:00+00:00", *, caller: str | None = None) -> dict[str, Any]:
    """A check-in through the real runner: ratings, turns, a pause, a break, notes, an action."""
    clock = FakeClock(when)
    record = new_checkin(AGENDA, "a", clock)
    r = CheckinRunner(record, clock)
    r.set_rating("a", 4, 5)
    r.set_rating("b", 6, 6)
    clock.advance(1 * MIN)
    r.next_block()
    clock.advance(2 * MIN)  # Ana's turn
    r.add_note("a", "Thanks for the soup.")
    r.pass_floor()
    clock.advance(1 * MIN)  # Bo's turn
    r.pass_floor()
    r.next_block()
    r.set_topic("The dishes")
    clock.advance(3 * MIN)  # Ana holds the floor
    r.pause()
    clock.advance(4 * MIN)
    r.resume()
    r.add_note("a", "I feel tired about the dishes.")
    r.pass_floor()  # paraphrase
    clock.advance(1 * MIN)
    r.pass_floor()  # is there more?
    r.confirm_understood("a")  # floor to Bo
    clock.advance(2 * MIN)
    r.walk_away(20, caller=caller)
    clock.advance(25 * MIN)
    r.ready("a")
    r.ready("b")
    clock.advance(1 * MIN)
    r.next_block()
    r.add_action("Buy a dish rack", "b", "2026-11-25")
    clock.advance(1 * MIN)
    r.next_block()
    r.set_rating("a", 6, 7)
    r.set_rating("b", 6, 5)
    r.finish()
    record["summary"] = summary(record, NAMES)
    return record


def row(started: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": started, "started_at": started, "status": "completed", "blocks": []}
    base.update(fields)
    return base


# -- words --------------------------------------------------------------------------------------


def test_dates_are_exact_and_in_peoples_words():
    assert dates.date_words("2026-11-08T18:00:00+00:00", NOW) == "Sun 8 Nov 2026, 2 weeks ago"
    assert dates.date_words("2026-11-25T18:00:00+00:00", NOW) == "Wed 25 Nov 2026, yesterday"
    assert dates.date_words("2026-11-26T08:00:00+00:00", NOW) == "Thu 26 Nov 2026, today"
    assert dates.ago_words("2026-11-20T08:00:00+00:00", NOW) == "6 days ago"
    assert dates.ago_words("2026-10-01T08:00:00+00:00", NOW) == "8 weeks ago"
    assert dates.ago_words("2026-06-01T08:00:00+00:00", NOW) == "5 months ago"
    assert dates.ago_words("2025-11-01T08:00:00+00:00", NOW) == "a year ago"
    assert dates.ago_words("2020-01-01T08:00:00+00:00", NOW) == "6 years ago"
    assert dates.ago_words("2027-01-01T08:00:00+00:00", NOW) == "today"  # clock was changed


def test_how_it_ended_never_blames():
    assert stats.ending_words({"status": "completed"}) == "Completed"
    assert stats.ending_words({"status": "completed", "breaks": {"count": 1}}) == "Completed after a break"
    assert stats.ending_words({"status": "ended_early", "breaks": {"count": 2}}) == "Ended early after 2 breaks"


def test_history_row_from_a_real_checkin():
    record = played()
    line = stats.history_row({**record["summary"], "id": record["id"]}, NOW, NAMES)
    assert (line.when, line.ago) == ("Sun 22 Nov 2026", "4 days ago")
    assert line.agenda == "t" or line.agenda == "Test check-in"
    assert line.ended == "Completed after a break"
    assert line.closing == "Ana 6/7, Bo 6/5"
    assert line.after == ("6/7", "6/5")
    assert line.actions == 1
    assert "the dishes" in line.search and "dish rack" in line.search
    assert "soup" not in line.search  # notes come from the full record only
    assert "soup" in stats.record_search_text(record)


def test_filter_matches_every_word_in_any_order():
    assert stats.matches("the dishes\nbuy a dish rack", "RACK dishes")
    assert not stats.matches("the dishes", "dishes money")


# -- talk balance ---------------------------------------------------------------------------------


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_talk_shares_always_sum_to_100(a, b):
    shares = talk_share({"a": a, "b": b})
    assert shares["a"] + shares["b"] == (100 if a + b > 0 else 0)
    assert 0 <= shares["a"] <= 100


def test_talk_balance_over_time_adds_up_seconds_not_percentages():
    rows = [
        row("2026-11-01T18:00:00+00:00", talk={"a": 100.0, "b": 300.0}),
        row("2026-11-08T18:00:00+00:00", talk={"a": 300.0, "b": 100.0}),
        row("2026-11-15T18:00:00+00:00", talk={"a": 0.0, "b": 0.0}),  # nobody talked: skipped
    ]
    balance = stats.talk_balance(reversed(rows))
    assert balance["share"] == {"a": 50, "b": 50}
    assert [s for _, s in balance["series"]] == [25, 75]


# -- ratings --------------------------------------------------------------------------------------


def test_rating_trends_and_change_from_start_to_end():
    record = played()
    rows = [{**record["summary"], "id": record["id"]}]
    trends = trends_mod.rating_trends(rows)
    assert trends_mod.series(trends["a"], "mood") == [6.0]
    assert trends_mod.series(trends["a"], "mood", "before") == [4.0]
    assert trends_mod.average_change(trends["a"], "mood") == 2
    assert trends_mod.average_change(trends["b"], "connection") == -1


def test_a_checkin_without_closing_ratings_has_no_change():
    rows = [row("2026-11-01T18:00:00+00:00", ratings_before={"a": {"mood": 3, "connection": 4}})]
    trends = trends_mod.rating_trends(rows)
    assert trends_mod.average_change(trends["a"], "mood") is None
    assert trends_mod.series(trends["a"], "mood") == []
    assert trends["b"] == []


# -- cadence and breaks ---------------------------------------------------------------------------


def test_cadence_counts_weeks_and_the_current_run():
    weeks = [0, 1, 2, 4, 5, 20]  # weeks ago (this week has none yet: it is not over)
    rows = [row(NOW.shift(weeks=-w, days=-1).isoformat()) for w in weeks if w]
    c = trends_mod.cadence(rows, NOW)
    assert c == {"weeks": 12, "with_checkin": 4, "run": 2}


def test_breaks_per_month_for_the_last_year():
    rows = [
        row("2026-11-02T18:00:00+00:00", breaks={"count": 1}),
        row("2026-11-20T18:00:00+00:00", breaks={"count": 2}),
        row("2026-02-20T18:00:00+00:00", breaks={"count": 1}),
        row("2024-02-20T18:00:00+00:00", breaks={"count": 5}),  # too long ago
    ]
    months = trends_mod.breaks_per_month(rows, NOW)
    assert len(months) == 12
    assert months[0] == ("Dec 2025", 0)
    assert months[-1] == ("Nov 2026", 3)
    assert dict(months)["Feb 2026"] == 1


# -- action items -------------------------------------------------------------------------------


def test_follow_through_counts_done_on_time_carried_and_dropped():
    def action(i: str) -> dict[str, Any]:
        return {"id": i, "text": f"item {i}", "owner": "a", "due": "2026-11-05", "at": "x"}

    rows = [
        row("2026-11-01T18:00:00+00:00", actions=[action("1"), action("2"), action("3"), action("4")]),
        row("2026-11-08T18:00:00+00:00", review={"1": "done", "2": "carried", "3": "dropped"}),
        row("2026-11-15T18:00:00+00:00", review={"2": "done"}),
    ]
    f = trends_mod.follow_through(rows)
    assert f == {"made": 4, "reviewed": 3, "done": 2, "on_time": 1, "dropped": 1, "open": 1}
    histories = trends_mod.action_histories(rows)
    assert histories["2"].reviews == ["carried", "done"] and not histories["2"].on_time
    assert histories["4"].status == "open"


# -- recurring topics -------------------------------------------------------------------------------


def test_topics_are_normalised():
    assert topics_mod.normalise_topic("  The Dishes!! ") == "dishes"
    assert topics_mod.normalise_topic("the   dishes") == topics_mod.normalise_topic("Dishes.")
    assert topics_mod.normalise_topic("our money") == "money"
    assert topics_mod.normalise_topic("the") == "the"


def test_a_topic_that_keeps_coming_back_is_counted_and_flagged():
    def issue(day: str, topic: str) -> dict[str, Any]:
        return row(day, blocks=[{"kind": "floor", "topic": topic}, {"kind": "together", "topic": None}])

    rows = [
        issue("2026-08-30T18:00:00+00:00", "the dishes"),
        issue("2026-09-20T18:00:00+00:00", "The dishes"),
        issue("2026-10-04T18:00:00+00:00", "money"),
        issue("2026-10-18T18:00:00+00:00", "dishes!"),
        issue("2026-11-01T18:00:00+00:00", "the dishes"),
        issue("2026-11-22T18:00:00+00:00", "the dishes"),
    ]
    topics = topics_mod.recurring_topics(rows)
    first = topics[0]
    assert first.words() == "the dishes, 5 times in 3 months"
    assert first.recurring
    assert topics[1].words() == "money, once" and not topics[1].recurring
    assert "understand" in topics_mod.RECURRING_NOTE  # the gentle note from DOMAIN.md


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [
        ("2026-11-01", "2026-11-05", "a week"),
        ("2026-10-01", "2026-11-05", "5 weeks"),
        ("2026-01-01", "2026-11-05", "11 months"),
        ("2020-01-01", "2026-01-05", "6 years"),
    ],
)
def test_span_words(first, last, words):
    assert dates.span_words(first, last) == words


# -- one check-in in detail ---------------------------------------------------------------------


def test_detail_has_turns_notes_pauses_and_breaks_from_the_events():
    d = detail_mod.checkin_detail(played())
    appreciations, issue = d.blocks[1], d.blocks[2]
    assert [(t.speaker, round(t.seconds)) for t in appreciations.turns] == [("a", 120), ("b", 60)]
    assert appreciations.notes == [("a", "Thanks for the soup.")]
    assert issue.topic == "The dishes"
    assert [t.speaker for t in issue.turns] == ["a", "b"]
    assert round(issue.turns[0].seconds) == 4 * 60  # speaking 3 min and the 1 min paraphrase
    pause, brk = d.stops
    assert (pause.kind, round(pause.at), round(pause.seconds)) == ("pause", 7 * 60, 4 * 60)
    assert (brk.kind, round(brk.seconds)) == ("break", 25 * 60)
    assert brk.caller is None  # not recorded: never guessed
    assert d.share["a"] + d.share["b"] == 100
    assert d.actions[0]["text"] == "Buy a dish rack"
    assert d.ratings_after["a"]["mood"] == 6


def test_detail_names_who_asked_for_a_break_only_when_recorded():
    d = detail_mod.checkin_detail(played(caller="b"))
    assert d.stops[-1].caller == "b"


def test_talk_in_detail_matches_the_summary():
    record = played()
    d = detail_mod.checkin_detail(record)
    for p in "ab":
        assert d.talk[p] == pytest.approx(record["summary"]["talk"][p])
        assert sum(t.seconds for b in d.blocks for t in b.turns if t.speaker == p) == pytest.approx(d.talk[p])


@given(st.sets(st.integers(0, 400), max_size=40), st.integers(0, 6 * 24))
def test_cadence_run_agrees_with_the_home_screens_weeks_in_a_row(days_ago, hours):
    from checkin.core.schedule import weeks_in_a_row

    starts = [NOW.shift(days=-d, hours=-hours).isoformat() for d in days_ago]
    c = trends_mod.cadence([row(s) for s in starts], NOW)
    assert c["run"] == weeks_in_a_row(starts, NOW)
    assert 0 <= c["with_checkin"] <= 12
    assert c["run"] <= c["with_checkin"] or c["run"] > 12


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["weekly", "short"]))
def test_detail_adds_up_for_any_played_checkin(seed, agenda_id):
    import random

    from checkin.core.agenda import load_agendas
    from checkin.core.demo import play_checkin

    agenda = next(a for a in load_agendas()[0] if a.id == agenda_id)
    record = play_checkin(agenda, arrow.get("2026-11-22T18:00:00+00:00"), random.Random(seed), None)
    d = detail_mod.checkin_detail(record)
    s = record["summary"]
    for p in "ab":
        turns = sum(t.seconds for b in d.blocks for t in b.turns if t.speaker == p)
        assert turns == pytest.approx(s["talk"][p])
    pauses = [x for x in d.stops if x.kind == "pause"]
    breaks = [x for x in d.stops if x.kind == "break"]
    assert len(pauses) == s["pauses"]["count"] and len(breaks) == s["breaks"]["count"]
    assert sum(x.seconds for x in pauses) == pytest.approx(s["pauses"]["seconds"])
    assert sum(x.seconds for x in breaks) == pytest.approx(s["breaks"]["seconds"])
    assert all(0 <= x.at <= d.elapsed for x in d.stops)
    assert d.share["a"] + d.share["b"] in (0, 100)
    assert sum(b.used for b in d.blocks) == pytest.approx(s["used"])


# -- the chart with axes --------------------------------------------------------------------------


def test_chart_points_are_days_from_the_first_checkin_with_the_closing_rating():
    rows = [
        row("2026-11-01T19:00:00+00:00", ratings_after={"a": {"mood": 6, "connection": 7}}),
        row("2026-11-08T19:00:00+00:00", ratings_after={"b": {"mood": 4, "connection": 5}}),
        row("2026-11-15T07:00:00+00:00", ratings_after={"a": {"mood": 8, "connection": 9}}),
    ]
    trends = trends_mod.rating_trends(rows)
    first = rows[0]["started_at"]
    assert trends_mod.chart_points(trends["a"], "mood", first) == [(0.0, 6.0), (13.5, 8.0)]
    assert trends_mod.chart_points(trends["b"], "connection", first) == [(7.0, 5.0)]


def test_date_ticks_name_months_over_a_year_and_days_over_a_few_weeks():
    days, labels = trends_mod.date_ticks("2025-12-11T19:00:00+00:00", "2026-11-19T19:00:00+00:00")
    assert labels == ["Dec 2025", "Apr 2026", "Jul 2026", "Nov 2026"]
    assert days[0] == 0 and days[-1] == pytest.approx(343)
    _, labels = trends_mod.date_ticks("2026-11-01T19:00:00+00:00", "2026-11-22T19:00:00+00:00")
    assert labels == ["1 Nov", "8 Nov", "15 Nov", "22 Nov"]
    assert trends_mod.date_ticks("2026-11-01T19:00:00+00:00", "2026-11-01T19:00:00+00:00") == ([0.0], ["1 Nov"])


def test_talk_balance_uses_the_one_talk_share_and_ignores_checkins_without_talk():
    rows = [
        row("2026-11-01T19:00:00+00:00", talk={"a": 90.0, "b": 30.0}),
        row("2026-11-08T19:00:00+00:00", talk={"a": 0.0, "b": 0.0}),
    ]
    balance = stats.talk_balance(rows)
    assert balance["share"] == talk_share({"a": 90.0, "b": 30.0}) == {"a": 75, "b": 25}
    assert [share for _, share in balance["series"]] == [75]
