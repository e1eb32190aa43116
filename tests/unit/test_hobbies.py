"""The hobby picker core, without any UI: catalogue, blind rating, reveal, ranking, plans."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

import pytest

from checkin.core.catalogue import (
    CHOICES,
    Activity,
    Filters,
    RatingSession,
    edited,
    load_catalogue,
    make_custom,
)
from checkin.core.hobbies import HobbyState, local_today, rank, rating_session, reveal, surprise
from checkin.core.plans import as_date, describe_day, due_followups, plan, record_outcome, upcoming_plans

TODAY = date(2026, 11, 22)  # a Sunday, the FakeClock's day


TAGS = {"category": "outdoors", "cost": "free", "time": "1-3h", "place": "outdoor", "energy": "calm"}


def act(activity_id: str, **changes: object) -> Activity:
    fields: dict = {"name": activity_id.title(), "description": "", **TAGS, **changes}
    return Activity(id=activity_id, **fields)


def ids(suggestions) -> list[str]:
    return [s.activity.id for s in suggestions]


def done_plan(state: HobbyState, activity_id: str, days_ago: int, a: int | None, b: int | None):
    day = TODAY - timedelta(days=days_ago)
    p = state.add_plan(plan(activity_id, day, today=day))
    record_outcome(state, p["id"], True, a, b)


# --- catalogue ---------------------------------------------------------------------------------


def test_shipped_catalogue_has_at_least_100_valid_varied_entries():
    catalogue, problems = load_catalogue()
    assert problems == []
    assert len(catalogue) >= 100
    assert len({a.id for a in catalogue}) == len(catalogue)
    for name, allowed in CHOICES.items():
        used = {getattr(a, name) for a in catalogue}
        assert used == set(allowed), f"every {name} value should be used"
    assert all(a.description and not a.custom for a in catalogue)
    assert 20 < sum(a.novel for a in catalogue) < len(catalogue)


def entry(**changes: object) -> str:
    fields = {**act("walk", name="Walk", description="Out.").to_dict(), **changes}
    lines = [f"{k} = {json.dumps(v)}" for k, v in fields.items() if v is not None]
    return "[[activity]]\n" + "\n".join(lines) + "\n"


def test_broken_entries_are_reported_in_one_line_and_skipped():
    text = "".join(
        [
            entry(),
            entry(id="pottery", name="Pottery", novel="yes"),
            entry(id="pots", name="Pottery class", cost="cheap"),
            entry(name=None),
            entry(),
            entry(id="Bad Id"),
        ]
    )
    catalogue, problems = load_catalogue(shipped_text=text)
    assert [a.id for a in catalogue] == ["walk"]
    assert problems == [
        "activities.toml, entry 2 'Pottery': novel must be true or false",
        "activities.toml, entry 3 'Pottery class': cost must be one of free, low, medium, high",
        "activities.toml, entry 4 'walk': name is missing",
        "activities.toml, entry 5 'Walk': id 'walk' is used twice",
        "activities.toml, entry 6 'Walk': id must be a short slug like 'sunrise-hike' (a-z, 0-9 and dashes)",
    ]


def test_unreadable_catalogue_is_a_problem_not_a_crash():
    catalogue, problems = load_catalogue([{"junk": 1}], shipped_text="[[activity]\nname=")
    assert catalogue == []
    assert problems[0].startswith("activities.toml: could not be read")
    assert problems[1].startswith("your activities, entry 1: id must be a short slug")


def test_custom_activities_add_and_edit_by_id():
    shipped, _ = load_catalogue()
    museum = next(a for a in shipped if a.id == "museum")
    tags = dict(category="creative", cost="medium", time="1-3h", place="indoor", energy="calm", novel=True)
    mine = make_custom("Pottery class!", "Wobbly bowls.", taken=["pottery-class"], **tags)  # type: ignore[arg-type]
    assert mine["id"] == "pottery-class-2"
    custom = [mine, {"id": "museum", "cost": "high"}, {"id": "museum", "place": "space"}, "junk"]
    catalogue, problems = load_catalogue(custom)
    by_id = {a.id: a for a in catalogue}
    assert len(catalogue) == len(shipped) + 1
    assert by_id["pottery-class-2"].custom and by_id["pottery-class-2"].novel
    assert by_id["museum"] == Activity(**{**museum.to_dict(), "cost": "high", "custom": True})
    assert [a.id for a in catalogue].index("museum") == [a.id for a in shipped].index("museum")
    assert problems == [
        "your activities, entry 3 'Museum visit': place must be one of indoor, outdoor",
        "your activities, entry 4: is not a table of fields",
    ]


def test_make_custom_and_edited_check_their_input():
    with pytest.raises(ValueError, match="cost must be one of"):
        make_custom("X", category="food", cost="cheap", time="1-3h", place="indoor", energy="calm")
    with pytest.raises(ValueError, match="name is empty"):
        make_custom(" ", category="food", cost="low", time="1-3h", place="indoor", energy="calm")
    walk = act("walk")
    assert edited(walk, name="Long walk", time="half-day")["time"] == "half-day"
    with pytest.raises(ValueError, match="keeps its id"):
        edited(walk, id="run")
    with pytest.raises(ValueError, match="one line"):
        edited(walk, description="two\nlines")


def test_state_keeps_custom_and_hidden():
    state = HobbyState()
    state.put_custom({**act("walk").to_dict(), "name": "Walk"})
    state.put_custom({**act("walk").to_dict(), "name": "Long walk"})
    assert [c["name"] for c in state.custom] == ["Long walk"]
    with pytest.raises(ValueError):
        state.put_custom({"id": "walk"})
    state.remove_custom("walk")
    state.set_rating("a", "walk", "love")
    state.set_rating("a", "walk", None)
    with pytest.raises(ValueError):
        state.set_rating("b", "walk", "adore")
    assert state.ratings_a == {} and state.custom == []
    state.hide("museum")
    state.hide("museum")
    assert state.hidden == ["museum"]
    state.unhide("museum")
    assert state.hidden == []


def test_filters():
    assert Filters().empty and Filters(cost="free") == Filters(cost={"free"})
    with pytest.raises(ValueError, match="cost filter: unknown cheap"):
        Filters(cost={"cheap"})
    f = Filters(cost={"free", "low"}, place={"indoor"})
    assert f.matches(act("x", cost="low", place="indoor"))
    assert not f.matches(act("x", cost="high", place="indoor"))
    assert not f.matches(act("x", cost="low", place="outdoor"))
    assert Filters.from_dict(f.to_dict()) == f
    assert Filters.from_dict({"cost": ["free", "??"], "x": 1}) == Filters(cost={"free"})
    assert Filters.from_dict(None) == Filters()


# --- blind rating ------------------------------------------------------------------------------

CAT = [act(i) for i in ("alpha", "bravo", "charlie", "delta")]


def test_rating_session_rate_skip_undo_progress():
    state = HobbyState(ratings_b={"alpha": "hate"})
    session = rating_session(state, CAT, "a", order_seed=7)
    assert session.progress == (0, 4)
    first = session.current
    assert first is not None
    session.rate(first.id, "love")
    assert state.ratings_a == {first.id: "love"} and session.progress == (1, 4)
    second = session.skip()
    assert second is not None and state.skipped_a == [second]
    third = session.current
    assert third is not None and third.id not in (first.id, second)
    assert session.undo() == second and session.current is not None
    assert session.current.id == second and state.skipped_a == []
    assert session.undo() == first.id and state.ratings_a == {} and session.current == first
    assert session.undo() is None
    assert dict(session.ratings) == {} and state.ratings_b == {"alpha": "hate"}
    with pytest.raises(ValueError):
        session.rate(first.id, "adore")
    with pytest.raises(ValueError):
        session.rate("nope", "love")


def test_rating_session_continues_later_and_revisits_skipped():
    state = HobbyState()
    session = rating_session(state, CAT, "b", order_seed=3)
    order = []
    while session.current is not None:
        order.append(session.current.id)
        session.skip() if len(order) == 2 else session.rate(session.current.id, "like")
    assert session.progress == (3, 4) and session.skipped_count == 1
    assert state.ratings_a == {}
    again = rating_session(HobbyState.from_dict(state.to_dict()), CAT, "b", order_seed=3)
    assert again.current is None and again.skipped_count == 1
    assert again.revisit_skipped() == 1
    assert again.current is not None and again.current.id == order[1]
    again.rate(order[0], "meh")  # ratings can be changed later
    assert again.rating_of(order[0]) == "meh"
    assert again.undo() == order[0] and again.rating_of(order[0]) == "like"


def test_rating_order_is_fixed_by_seed_and_stable_when_activities_are_added():
    def order(catalogue, seed):
        session = RatingSession(catalogue, {}, "a", seed)
        seen = []
        while session.current:
            seen.append(session.skip())
        return seen

    many = [act(f"x{i}") for i in range(30)]
    assert order(many, 1) == order(list(reversed(many)), 1)
    assert order(many, 1) != order(many, 2)
    grown = order([*many, act("new-one")], 1)
    grown.remove("new-one")
    assert grown == order(many, 1)


def test_hidden_activities_are_not_rated():
    state = HobbyState(hidden=["alpha"])
    assert rating_session(state, CAT, "a", 1).progress == (0, 3)
    with pytest.raises(ValueError):
        RatingSession(CAT, {}, "c", 1)


# --- reveal ------------------------------------------------------------------------------------


def test_reveal_groups_only_what_both_rated():
    cat = [act(i) for i in "abcdefghij"]
    ra = {"a": "love", "b": "love", "c": "like", "d": "meh", "e": "hate", "f": "love", "g": "like"}
    rb = {"a": "love", "b": "like", "c": "like", "d": "meh", "e": "love", "f": "meh", "h": "love"}
    result = reveal(cat, ra, rb)
    groups = {k: [x.id for x in v] for k, v in result["groups"].items()}
    assert groups == {
        "both-love": ["a"],
        "love-like": ["b"],
        "both-like": ["c"],
        "love-meh": ["f"],
        "like-meh": [],
        "both-meh": ["d"],
        "vetoed": ["e"],
    }
    assert result["counts"]["both-love"] == 1 and result["both_rated"] == 6


# --- ranking -----------------------------------------------------------------------------------

TIERS = ["both-love", "love-like", "both-like", "love-meh", "like-meh", "both-meh"]
PAIRS = [p.split() for p in ("love love", "like love", "like like", "meh love", "like meh", "meh meh")]


def tier_state() -> tuple[list[Activity], HobbyState]:
    cat = [act(t) for t in TIERS] + [act("veto1"), act("veto2"), act("unrated"), act("half")]
    state = HobbyState(
        ratings_a={t: a for t, (a, _) in zip(TIERS, PAIRS, strict=True)},
        ratings_b={t: b for t, (_, b) in zip(TIERS, PAIRS, strict=True)},
    )
    state.ratings_a.update(veto1="hate", veto2="love", half="love")
    state.ratings_b.update(veto1="love", veto2="hate")
    return cat, state


def test_rank_orders_matches_and_vetoes_hates():
    cat, state = tier_state()
    result = rank(cat, state, today=TODAY)
    assert ids(result) == TIERS
    assert result[0].reason == "You both love this" and result[0].match == "both-love"
    assert [s.score for s in result] == sorted((s.score for s in result), reverse=True)


def test_try_new_adds_unrated_below_both_like_and_above_meh():
    cat, state = tier_state()
    result = ids(rank(cat, state, try_new=True, today=TODAY))
    assert result == TIERS[:3] + ["half", "unrated"] + TIERS[3:]
    assert "veto1" not in result and "veto2" not in result


def test_hidden_and_filtered_activities_never_appear():
    cat, state = tier_state()
    cat[0] = act("both-love", cost="high")
    state.hide("love-like")
    assert ids(rank(cat, state, Filters(cost={"free"}), today=TODAY)) == TIERS[2:]
    assert ids(rank(cat, state, Filters(cost={"high"}), today=TODAY)) == ["both-love"]
    assert rank(cat, state, Filters(place={"indoor"}), today=TODAY) == []


def test_novel_ranks_above_merely_pleasant_within_a_match():
    cat = [act("plain", name="A"), act("exciting", name="Z", novel=True)]
    state = HobbyState(
        ratings_a={"plain": "like", "exciting": "like"}, ratings_b={"plain": "like", "exciting": "like"}
    )
    assert ids(rank(cat, state, today=TODAY)) == ["exciting", "plain"]


def both_like(*names: str) -> tuple[list[Activity], HobbyState]:
    cat = [act(n) for n in names]
    ratings = dict.fromkeys(names, "like")
    return cat, HobbyState(ratings_a=dict(ratings), ratings_b=dict(ratings))


def test_ties_favour_not_done_recently():
    cat, state = both_like("aa", "bb", "cc")
    done_plan(state, "aa", 30, 3, 3)
    done_plan(state, "bb", 200, 3, 3)
    assert ids(rank(cat, state, today=TODAY)) == ["cc", "bb", "aa"]


def test_ties_favour_what_both_enjoyed_when_done():
    cat, state = both_like("aa", "bb")
    done_plan(state, "aa", 60, 3, 2)
    done_plan(state, "bb", 60, 3, 4)
    result = rank(cat, state, today=TODAY)
    assert ids(result) == ["bb", "aa"] and result[0].reason == "You both like this"


def test_feedback_rise_fall_and_rest():
    cat, state = both_like("loved", "plain", "flop", "fresh")
    state.ratings_a["flop"] = state.ratings_b["flop"] = "love"
    done_plan(state, "loved", 40, 5, 4)
    done_plan(state, "flop", 60, 2, 1)
    done_plan(state, "flop", 30, 3, 1)
    done_plan(state, "fresh", 20, 5, 5)
    result = rank(cat, state, today=TODAY)
    assert ids(result) == ["loved", "plain", "flop"]  # "fresh" rests
    assert result[0].reason == "You both like this, and you both enjoyed it"
    assert result[-1].reason == "You both love this, though it hasn't gone well lately"
    assert "fresh" in ids(rank(cat, state, today=TODAY + timedelta(days=1)))


def test_one_bad_time_does_not_sink_it_and_not_done_does_not_count():
    cat, state = both_like("aa", "bb")
    done_plan(state, "aa", 60, 1, 2)
    p = state.add_plan(plan("aa", TODAY - timedelta(days=40), today=TODAY - timedelta(days=40)))
    record_outcome(state, p["id"], False)
    assert [s.score for s in rank(cat, state, today=TODAY)][0] > 59


def test_planned_activities_are_not_suggested_again():
    cat, state = both_like("aa", "bb")
    state.add_plan(plan("aa", TODAY + timedelta(days=2), today=TODAY))
    assert ids(rank(cat, state, today=TODAY)) == ["bb"]


# --- surprise ----------------------------------------------------------------------------------


def test_surprise_is_seeded_weighted_and_rerollable():
    cat = [act(f"x{i:02d}") for i in range(20)]
    state = HobbyState(
        ratings_a=dict.fromkeys([a.id for a in cat], "love"),
        ratings_b=dict.fromkeys([a.id for a in cat[:10]], "love")
        | dict.fromkeys([a.id for a in cat[10:]], "meh"),
    )
    suggestions = rank(cat, state, today=TODAY)
    picks = {surprise(suggestions, seed).activity.id for seed in range(200)}  # type: ignore[union-attr]
    assert picks == {f"x{i:02d}" for i in range(8)}  # only the best matches, up to eight
    assert surprise(suggestions, 5) == surprise(list(reversed(suggestions)), 5)
    first = surprise(suggestions, 5)
    assert first is not None
    again = surprise(suggestions, 5, exclude=[first.activity.id])
    assert again is not None and again.activity.id != first.activity.id
    assert surprise([], 1) is None
    pair = rank(
        [act("best"), act("good")],
        HobbyState(ratings_a={"best": "love", "good": "love"}, ratings_b={"best": "love", "good": "like"}),
        today=TODAY,
    )
    picks = [surprise(pair, seed).activity.id for seed in range(300)]  # type: ignore[union-attr]
    assert picks.count("best") > 3 * picks.count("good") > 0  # weighted towards the better match
    assert surprise(suggestions[:1], 1, exclude=[suggestions[0].activity.id]) is None


# --- plans and follow-up -----------------------------------------------------------------------


def test_plan_window_and_time():
    p = plan("walk", TODAY + timedelta(days=14), "9:05", "checkin-1", today=TODAY, plan_id="p1")
    assert p == {
        "id": "p1",
        "activity_id": "walk",
        "day": "2026-12-06",
        "time": "09:05",
        "checkin_id": "checkin-1",
        "outcome": None,
    }
    assert plan("walk", TODAY, today=TODAY)["time"] is None
    assert plan("walk", "2026-11-23", today=TODAY)["id"] != plan("walk", TODAY, today=TODAY)["id"]
    with pytest.raises(
        ValueError, match="more than two weeks away. Pick a day from today to Sunday 6 December"
    ):
        plan("walk", TODAY + timedelta(days=15), today=TODAY)
    with pytest.raises(ValueError, match="already passed"):
        plan("walk", TODAY - timedelta(days=1), today=TODAY)
    with pytest.raises(ValueError, match="like 19:30"):
        plan("walk", TODAY, "25:00", today=TODAY)


@pytest.mark.parametrize(
    ("offset", "words"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (3, "Wednesday, in 3 days"),
        (6, "Saturday, in 6 days"),
        (13, "Saturday 5 December, in 13 days"),
        (-2, "Friday, 2 days ago"),
        (-21, "3 weeks ago"),
        (30, "in 4 weeks"),
        (-100, "3 months ago"),
    ],
)
def test_describe_day(offset: int, words: str):
    assert describe_day(TODAY + timedelta(days=offset), TODAY) == words


def test_dates_from_the_clock(clock):
    assert as_date(clock.now()) == TODAY and as_date("2026-11-22") == TODAY
    assert isinstance(local_today(clock), date)


def test_followups_due_after_the_day_and_outcomes_recorded():
    state = HobbyState()
    later = state.add_plan(plan("bb", TODAY + timedelta(days=3), today=TODAY, plan_id="later"))
    soon = state.add_plan(plan("aa", TODAY, "18:00", today=TODAY, plan_id="soon"))
    assert [p["id"] for p in upcoming_plans(state, TODAY)] == ["soon", "later"]
    assert due_followups(state, TODAY) == []
    assert [p["id"] for p in due_followups(state, TODAY + timedelta(days=4))] == ["soon", "later"]
    with pytest.raises(ValueError, match="1 to 5"):
        record_outcome(state, soon["id"], True, 6, 3)
    with pytest.raises(ValueError, match="if you did it"):
        record_outcome(state, soon["id"], False, 3, None)
    with pytest.raises(ValueError, match="No plan"):
        record_outcome(state, "nope", True)
    result = record_outcome(state, "soon", True, 5, None)
    assert result["outcome"] == {"done": True, "rating_a": 5, "rating_b": None}
    assert [p["id"] for p in due_followups(state, TODAY + timedelta(days=4))] == [later["id"]]
    state.cancel_plan("later")
    assert upcoming_plans(state, TODAY) == [] and len(state.plans) == 1


# --- no UI in the core ----------------------------------------------------------------------------


def test_core_does_not_import_textual():
    code = "import sys, checkin.core.hobbies; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_hobbies_saved_by_a_newer_checkin_are_shown_but_never_written_back():
    """``version`` of the hobbies section is read: a newer one is kept as it is."""
    from checkin.core.clock import FakeClock
    from checkin.core.hobbies import STATE_VERSION
    from checkin.core.hobby_service import SECTION, HobbyData
    from checkin.errors import Refusal

    class Store:
        def __init__(self, data):
            self.data, self.writes = data, 0

        def section(self, name):
            assert name == SECTION
            return json.loads(json.dumps(self.data))

        def save_section(self, name, data):
            self.writes += 1
            self.data = data

    newer = Store({"version": STATE_VERSION + 1, "ratings_a": {"walk": "love"}, "future": [1, 2]})
    data = HobbyData(newer, FakeClock())
    assert data.state.ratings_a == {"walk": "love"}  # shown
    data.state.set_rating("a", "walk", "hate")
    with pytest.raises(Refusal, match="newer checkin"):
        data.save()
    assert newer.writes == 0 and newer.data["ratings_a"] == {"walk": "love"}

    same = Store({"version": STATE_VERSION, "ratings_a": {"walk": "love"}, "future": [1, 2]})
    data = HobbyData(same, FakeClock())
    data.state.set_rating("a", "walk", "like")
    data.save()
    assert same.data["version"] == STATE_VERSION and same.data["future"] == [1, 2]
    assert same.data["ratings_a"] == {"walk": "like"}
