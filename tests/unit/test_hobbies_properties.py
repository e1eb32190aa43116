"""Invariants of the hobby picker, checked over many generated couples (hypothesis)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from checkin.core.catalogue import CHOICES, RATINGS, Activity, Filters
from checkin.core.hobbies import MATCHES, REST_DAYS, HobbyState, rank, reveal, surprise
from checkin.core.plans import due_followups, plan

TODAY = date(2026, 11, 22)
IDS = [f"act-{i}" for i in range(10)]


def activity(activity_id: str) -> st.SearchStrategy[Activity]:
    tags = {name: st.sampled_from(values) for name, values in CHOICES.items()}
    return st.builds(
        Activity,
        id=st.just(activity_id),
        name=st.just(activity_id.upper()),
        description=st.just(""),
        novel=st.booleans(),
        **tags,
    )


catalogues = st.tuples(*(activity(i) for i in IDS)).map(list)
rating = st.sampled_from(RATINGS)
ratings = st.fixed_dictionaries({i: rating for i in IDS[:3]}, optional={i: rating for i in IDS[3:]})
scores = st.sampled_from([1, 1, 2, 3, 4, 5, 5, None])  # extremes, so feedback rises and falls
outcomes = st.none() | st.fixed_dictionaries({"done": st.booleans(), "rating_a": scores, "rating_b": scores})
plans = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.text("abcdef0123456789", min_size=4, max_size=8),
            "activity_id": st.sampled_from(IDS[:4]),  # a few, so some are done more than once
            "day": st.dates(TODAY - timedelta(days=120), TODAY + timedelta(days=14)).map(str),
            "time": st.none() | st.just("19:30"),
            "checkin_id": st.none() | st.just("c1"),
            "outcome": outcomes,
        }
    ),
    min_size=1,
    max_size=10,
)
states = st.builds(
    HobbyState,
    ratings_a=ratings,
    ratings_b=ratings,
    skipped_a=st.lists(st.sampled_from(IDS), unique=True),
    hidden=st.lists(st.sampled_from(IDS), unique=True, max_size=3),
    plans=plans,
)
allowed: dict[str, st.SearchStrategy[frozenset[str]]] = {
    name: st.just(frozenset[str]()) | st.frozensets(st.sampled_from(v)) for name, v in CHOICES.items()
}
filters = st.just(Filters()) | st.builds(Filters, **allowed)
seeds = st.none() | st.integers(0, 2**32)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def swapped(state: HobbyState) -> HobbyState:
    def swap(p: dict) -> dict:
        o = p["outcome"]
        return {**p, "outcome": o and {**o, "rating_a": o["rating_b"], "rating_b": o["rating_a"]}}

    return HobbyState(
        ratings_a=dict(state.ratings_b),
        ratings_b=dict(state.ratings_a),
        hidden=list(state.hidden),
        plans=[swap(p) for p in state.plans],
    )


def resting(state: HobbyState) -> set[str]:
    return {
        p["activity_id"]
        for p in state.plans
        if p["outcome"] and p["outcome"]["done"] and (TODAY - date.fromisoformat(p["day"])).days < REST_DAYS
    }


@given(catalogues, states, filters, st.booleans(), seeds)
def test_a_vetoed_activity_is_never_suggested(catalogue, state, chosen, try_new, seed):
    vetoed = {i for i in IDS if "hate" in (state.ratings_a.get(i), state.ratings_b.get(i))}
    suggestions = rank(catalogue, state, chosen, try_new=try_new, today=TODAY)
    suggested = {s.activity.id for s in suggestions}
    assert not suggested & vetoed
    assert not suggested & set(state.hidden)
    assert not suggested & resting(state)
    assert all(chosen.matches(s.activity) for s in suggestions)
    if not try_new:
        assert suggested <= set(state.ratings_a) & set(state.ratings_b)
    pick = surprise(suggestions, seed)
    assert (pick is None) == (not suggestions)
    assert pick is None or pick.activity.id not in vetoed


@given(catalogues, states, filters, st.booleans(), st.integers(0, 2**32))
def test_swapping_partners_changes_nothing(catalogue, state, chosen, try_new, seed):
    mirror = swapped(state)
    ranked = rank(catalogue, state, chosen, try_new=try_new, today=TODAY)
    assert rank(catalogue, mirror, chosen, try_new=try_new, today=TODAY) == ranked
    assert reveal(catalogue, state.ratings_a, state.ratings_b) == reveal(
        catalogue, mirror.ratings_a, mirror.ratings_b
    )
    assert surprise(ranked, seed) == surprise(rank(catalogue, mirror, chosen, try_new, today=TODAY), seed)


@given(catalogues, states, st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_the_same_seed_gives_the_same_pick(catalogue, state, seed, rnd):
    suggestions = rank(catalogue, state, try_new=True, today=TODAY)
    shuffled = list(suggestions)
    rnd.shuffle(shuffled)
    assert surprise(suggestions, seed) == surprise(suggestions, seed) == surprise(shuffled, seed)


@given(catalogues, states.map(lambda s: HobbyState(s.ratings_a, s.ratings_b)), st.booleans())
def test_without_feedback_the_match_decides_the_order(catalogue, state, try_new):
    bases = [MATCHES[s.match][0] for s in rank(catalogue, state, try_new=try_new, today=TODAY)]
    assert bases == sorted(bases, reverse=True)


@given(catalogues, st.lists(st.sampled_from(IDS), unique=True), ratings, ratings)
def test_reveal_counts_only_what_both_rated(catalogue, hidden, ratings_a, ratings_b):
    result = reveal(catalogue, ratings_a, ratings_b)
    assert result["both_rated"] == len(set(ratings_a) & set(ratings_b))
    assert result["counts"] == {k: len(v) for k, v in result["groups"].items()}


unknown_keys = st.text(min_size=1, max_size=8).filter(
    lambda k: k not in {"ratings_a", "ratings_b", "skipped_a", "skipped_b", "custom", "hidden", "plans"}
)


@given(states, st.dictionaries(unknown_keys, json_values, max_size=3))
def test_to_dict_from_dict_round_trip_loses_nothing(state, extra):
    state.extra = extra
    stored = json.loads(json.dumps(state.to_dict()))  # JSON-safe, as the storage layer saves it
    again = HobbyState.from_dict(stored)
    assert again == HobbyState.from_dict(again.to_dict())
    assert again.to_dict() == stored
    for key, value in extra.items():
        assert stored[key] == value


@given(st.dictionaries(st.text(max_size=10), json_values, max_size=6) | json_values)
def test_any_stored_junk_loads_without_crashing(data):
    state = HobbyState.from_dict(data)
    json.dumps(state.to_dict())
    rank([], state, try_new=True, today=TODAY)


def test_the_stored_shape_round_trips_exactly_and_junk_is_dropped():
    walk = {"id": "walk", "name": "Walk", "description": "", "category": "outdoors", "cost": "free"}
    walk |= {"time": "1-3h", "place": "outdoor", "energy": "calm", "novel": False}
    stored = {
        "version": 1,
        "ratings_a": {"walk": "love"},
        "ratings_b": {"walk": "hate"},
        "skipped_a": ["run"],
        "skipped_b": [],
        "custom": [walk],
        "hidden": ["museum"],
        "future": {"x": [1, 2]},
        "plans": [{**plan("walk", TODAY, today=TODAY, plan_id="p"), "note": "kept"}],
    }
    assert HobbyState.from_dict(stored).to_dict() == stored
    junk = HobbyState.from_dict({"ratings_a": ["x"], "plans": [1, {"day": "never"}], "hidden": 3})
    assert junk.ratings_a == {} and junk.hidden == [] and len(junk.plans) == 1
    assert due_followups(junk, TODAY) == [] and rank([], junk, today=TODAY) == []
    assert HobbyState.from_dict(None) == HobbyState()


@given(
    key=st.text(max_size=30),
    ids=st.lists(st.text("abcdefghij-", min_size=1, max_size=8), min_size=1, max_size=40, unique=True),
    k=st.integers(min_value=0, max_value=40),
)
def test_with_a_shared_order_both_rate_the_same_k_ideas(key, ids, k):
    from checkin.core.hobbies import rating_session, shared_order_seed

    tags = {name: values[0] for name, values in CHOICES.items()}
    catalogue = [Activity(id=i, name=i.upper(), description="", **tags) for i in ids]
    state = HobbyState()
    seed = shared_order_seed(key)
    rated: dict[str, list[str]] = {}
    for partner in "ab":
        session = rating_session(state, catalogue, partner, seed)
        rated[partner] = []
        for _ in range(min(k, len(ids))):
            current = session.current
            assert current is not None
            session.rate(current.id, "like")
            rated[partner].append(current.id)
    assert rated["a"] == rated["b"]  # the same ideas, in the same order
    assert set(state.ratings_a) == set(state.ratings_b)
    assert len(state.ratings_a) == min(k, len(ids))


def test_the_shared_order_differs_between_couples():
    from checkin.core.catalogue import load_catalogue
    from checkin.core.hobbies import rating_session, shared_order_seed

    catalogue, _ = load_catalogue()
    firsts = set()
    for key in ("2026-01-04T18:00:00+00:00", "2025-06-01T09:30:00+00:00", "Ana\nBo"):
        firsts.add(rating_session(HobbyState(), catalogue, "a", shared_order_seed(key)).current.id)
    assert len(firsts) == 3  # shuffled per couple
    again = rating_session(HobbyState(), catalogue, "b", shared_order_seed("Ana\nBo")).current.id
    assert again in firsts  # and stable for one couple
