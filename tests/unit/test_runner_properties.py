"""Property tests: whatever the couple does, time adds up, pauses are never talk, replay agrees."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin.core.agenda import load_agendas, parse_agenda
from checkin.core.clock import FakeClock
from checkin.core.runner import CheckinRunner, new_checkin, replay, summary
from checkin.core.state import CheckinState

SMALL = parse_agenda(
    {
        "id": "small",
        "title": "Small",
        "blocks": [
            {"kind": "rating", "title": "Arrive", "minutes": 1},
            {"kind": "turns", "title": "Turns", "minutes": 2, "rounds": 1},
            {"kind": "floor", "title": "Issue", "minutes": 3, "turn_minutes": 1, "paraphrase_minutes": 0.5},
            {"kind": "review", "title": "Review", "minutes": 1},
            {"kind": "rating", "title": "Closing", "minutes": 1},
        ],
    },
    "small",
)
AGENDAS = [SMALL, *load_agendas()[0]]
PREVIOUS = [{"id": "p1", "text": "Call the plumber"}, {"id": "p2", "text": "Walk"}]

partners = st.sampled_from(["a", "b", "both", "x"])
texts = st.one_of(st.just(""), st.text(max_size=30), st.just("y" * 4001))
minutes = st.one_of(
    st.sampled_from([10, 19, 20, 30, 60, 24 * 60, 24 * 60 + 1, 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
)
seconds = st.one_of(st.sampled_from([0.0, 0.5, 1.0, 59.0, 600.0, 1200.0, 7200.0]), st.floats(0, 5000))

valid_minutes = st.sampled_from([20, 30, 60, 24 * 60])
ARGS: dict[str, tuple[st.SearchStrategy[Any], ...]] = {
    "advance": (seconds,),
    "jump_wall": (st.floats(-86_400, 86_400),),
    "heartbeat": (),
    "crash": (seconds, st.booleans()),
    "come_back": (st.floats(1200, 90_000),),
    "pass_floor": (),
    "there_is_more": (),
    "confirm_understood": (partners,),
    "pause": (),
    "resume": (),
    "walk_away": (st.one_of(valid_minutes, minutes), st.sampled_from([None, "a", "b", "z"])),
    "more_time": (minutes,),
    "ready": (partners,),
    "end_for_today": (),
    "park_topic": (texts,),
    "set_topic": (texts,),
    "next_block": (),
    "add_minute": (),
    "add_note": (partners, texts),
    "set_rating": (partners, st.integers(-1, 11), st.integers(-1, 11)),
    "review_item": (st.sampled_from(["p1", "p2", "p3"]), st.sampled_from(["done", "carried", "x"])),
    "add_action": (texts, st.sampled_from(["a", "both", "q"]), st.sampled_from(["2026-12-01", "soon"])),
    "finish": (),
}
# how often each step is drawn: mostly time passing and talk moving on; rarely the end
WEIGHTS = {
    "come_back": 2,
    "advance": 8,
    "pass_floor": 6,
    "ready": 4,
    "resume": 3,
    "next_block": 3,
    "confirm_understood": 3,
}
NAMES = [name for name in ARGS for _ in range(WEIGHTS.get(name, 1))]
ops = st.sampled_from(NAMES).flatmap(lambda name: st.tuples(st.just(name), *ARGS[name]))


def buckets(state: CheckinState) -> float:
    return state.talk["a"] + state.talk["b"] + state.together + state.paused_seconds + state.break_seconds


def check_invariants(runner: CheckinRunner) -> CheckinState:
    state = runner.state
    scale = max(1.0, state.elapsed)
    assert abs(buckets(state) - state.elapsed) <= 1e-9 * scale
    assert abs(sum(state.block_used) - (state.talk_total + state.together)) <= 1e-9 * scale
    assert min(state.talk.values()) >= 0 and state.paused_seconds >= 0 and state.break_seconds >= 0
    assert replay(runner.record, at=runner.position) == state
    assert replay(json.loads(json.dumps(runner.record)), at=runner.position) == state
    if state.talk_total > 0:
        assert sum(summary(runner.record, state=state)["talk_share"].values()) == 100
    return state


def run_op(runner: CheckinRunner, clock: FakeClock, op: tuple[Any, ...]) -> CheckinRunner:
    name, *args = op
    before = runner.state
    if name == "advance":
        clock.advance(args[0])
        after = runner.state
        if before.paused or before.on_break or before.suspended or before.finished:
            assert after.talk == before.talk  # pauses and breaks never count as talk
        counted = 0.0 if before.finished or before.suspended else args[0]
        assert abs(after.elapsed - before.elapsed - counted) <= 1e-9 * max(1.0, after.elapsed)
        return runner
    if name == "jump_wall":
        clock.jump_wall(args[0])
        assert runner.state == before  # a wall-clock jump changes no duration
        return runner
    if name == "come_back":  # wait out a break, then both say they are ready
        clock.advance(args[0])
        for partner in ("a", "b"):
            with contextlib.suppress(ValueError):
                runner.ready(partner)
        return runner
    if name == "heartbeat":
        runner.heartbeat()
        return runner
    if name == "crash":
        if args[1]:
            runner.heartbeat()
        saved = json.loads(json.dumps(runner.record))
        at_crash = replay(saved)
        clock.advance(args[0])  # the app is closed: this time must not count
        again = CheckinRunner(saved, clock)
        state = again.state
        assert state.elapsed == at_crash.elapsed and state.talk == at_crash.talk
        assert state.block_index == at_crash.block_index and state.speaker == at_crash.speaker
        return again
    try:
        getattr(runner, name)(*args)
    except ValueError:
        assert runner.state == before  # a refused command changes nothing
    return runner


# 100 sessions of 25-100 random steps each: Hypothesis's own default count (200 cost 4 s more)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    agenda=st.sampled_from(AGENDAS),
    first=st.sampled_from(["a", "b"]),
    steps=st.lists(ops, min_size=25, max_size=100),
)
def test_random_sessions_keep_their_invariants(agenda: Any, first: str, steps: list[tuple[Any, ...]]) -> None:
    clock = FakeClock()
    runner = CheckinRunner(new_checkin(agenda, first, clock, previous_actions=PREVIOUS), clock)
    last_elapsed = 0.0
    for op in steps:
        runner = run_op(runner, clock, op)
        state = check_invariants(runner)
        if op[0] != "crash":  # a crash may lose the time since the last heartbeat
            assert state.elapsed >= last_elapsed - 1e-9
        last_elapsed = state.elapsed


@settings(max_examples=100, deadline=None)
@given(
    steps=st.lists(st.tuples(st.sampled_from(["pause", "resume", "pass_floor", "x"]), seconds), max_size=40)
)
def test_pauses_never_count_as_talk(steps: list[tuple[str, float]]) -> None:
    clock = FakeClock()
    runner = CheckinRunner(new_checkin(SMALL, "a", clock), clock)
    runner.next_block()  # the turns block: someone always holds the floor unless paused
    talk_expected = 0.0
    for command, wait in steps:
        if command != "x":
            with contextlib.suppress(ValueError):
                getattr(runner, command)()
        talking = not runner.state.paused and runner.state.speaker is not None
        clock.advance(wait)
        talk_expected += wait if talking else 0.0
    state = runner.state
    assert abs(state.talk_total - talk_expected) <= 1e-9 * max(1.0, talk_expected)
    assert abs(state.talk_total + state.together + state.paused_seconds - state.elapsed) <= 1e-6


FLOOR_ONLY = parse_agenda(
    {"id": "floor", "title": "Floor", "blocks": [{"kind": "floor", "title": "Issue", "minutes": 10}]}, "floor"
)
floor_ops = st.sampled_from(
    [
        "advance",
        "advance",
        "pass_floor",
        "pass_floor",
        "there_is_more",
        "confirm_understood",
        "pause",
        "resume",
    ]
).flatmap(lambda name: st.tuples(st.just(name), *ARGS[name]))


@settings(max_examples=150, deadline=None)
@given(first=st.sampled_from(["a", "b"]), steps=st.lists(floor_ops, min_size=10, max_size=60))
def test_speaker_listener_sequences(first: str, steps: list[tuple[Any, ...]]) -> None:
    clock = FakeClock()
    runner = CheckinRunner(new_checkin(FLOOR_ONLY, first, clock), clock)
    for op in steps:
        runner = run_op(runner, clock, op)
        state = check_invariants(runner)
        if state.phase == "solve":
            assert state.understood == {"a": True, "b": True} and state.speaker is None
        else:
            assert state.phase in ("speak", "paraphrase", "check") and state.speaker in ("a", "b")
