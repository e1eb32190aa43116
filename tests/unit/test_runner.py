"""The check-in runner: every command, timers, replay, resume after a crash, clock jumps."""

from __future__ import annotations

import json
from typing import Any

import pytest

from checkin.core.agenda import Agenda, load_agendas, parse_agenda
from checkin.core.clock import FakeClock
from checkin.core.runner import (
    NOTE_LIMIT,
    CheckinRunner,
    first_speaker_for,
    new_checkin,
    open_actions_after,
    replay,
    summary,
)

MIN = 60.0


def make_agenda(*blocks: dict[str, Any]) -> Agenda:
    return parse_agenda({"id": "test", "title": "Test", "blocks": list(blocks)}, "test")


TOGETHER = {"kind": "together", "title": "Together", "minutes": 5}
TURNS = {"kind": "turns", "title": "Turns", "minutes": 8, "rounds": 2, "turn_minutes": 2}
FLOOR = {"kind": "floor", "title": "Issue", "minutes": 20, "turn_minutes": 3, "paraphrase_minutes": 1}
RATING = {"kind": "rating", "title": "Arrive", "minutes": 2}
CLOSING = {"kind": "rating", "title": "Closing", "minutes": 1}
REVIEW = {"kind": "review", "title": "Review", "minutes": 5}
ACTIONS = {"kind": "actions", "title": "Actions", "minutes": 3}


def weekly() -> Agenda:
    return next(a for a in load_agendas()[0] if a.id == "weekly")


def start(clock: FakeClock, *blocks: dict[str, Any], first: str = "a", **kw: Any) -> CheckinRunner:
    agenda = make_agenda(*blocks) if blocks else weekly()
    return CheckinRunner(new_checkin(agenda, first, clock, **kw), clock)


def same_as_replay(runner: CheckinRunner) -> None:
    assert replay(runner.record, at=runner.position) == runner.state
    copy = json.loads(json.dumps(runner.record))
    assert replay(copy, at=runner.position) == runner.state


# -- record --------------------------------------------------------------------------------------


def test_new_checkin_record_is_json_safe(clock: FakeClock) -> None:
    saved: list[dict[str, Any]] = []
    record = new_checkin(weekly(), "b", clock)
    assert record["status"] == "in_progress" and record["ended_at"] is None
    assert record["schema"] == 1 and len(record["id"]) == 32
    runner = CheckinRunner(record, clock, on_change=saved.append)
    assert [e["type"] for e in record["events"]] == ["start"]
    assert saved and saved[-1] is record
    ev = record["events"][0]
    assert ev["at"] == "2026-11-22T18:00:00+00:00" and ev["seg"] == 0 and ev["m"] == 0
    assert json.loads(json.dumps(record)) == record
    assert runner.state.speaker is None and runner.state.block.kind == "rating"


def test_new_checkin_rejects_bad_input(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="first_speaker"):
        new_checkin(weekly(), "c", clock)
    with pytest.raises(ValueError, match="no blocks"):
        new_checkin(Agenda(id="e", title="Empty", description=""), "a", clock)


def test_first_speaker_alternates() -> None:
    assert first_speaker_for(None) == "a"
    assert first_speaker_for("a") == "b"
    assert first_speaker_for("b") == "a"


def test_on_change_called_after_every_event(clock: FakeClock) -> None:
    calls: list[int] = []
    record = new_checkin(make_agenda(TOGETHER, TOGETHER), "a", clock)
    runner = CheckinRunner(record, clock, on_change=lambda r: calls.append(len(r["events"])))
    runner.next_block()
    runner.heartbeat()
    assert calls == [1, 2, 2]


# -- turns and the floor -------------------------------------------------------------------------


def test_turns_alternate_and_count_talk(clock: FakeClock) -> None:
    runner = start(clock, TURNS, TOGETHER, first="b")
    s = runner.state
    assert (s.phase, s.speaker, s.listener, s.round, s.rounds) == ("turn", "b", "a", 1, 2)
    assert s.turn_remaining == 2 * MIN
    clock.advance(100)
    runner.pass_floor()
    clock.advance(50)
    s = runner.state
    assert (s.speaker, s.round) == ("a", 1)
    assert s.talk == {"a": 50.0, "b": 100.0}
    assert s.turn_remaining == 70.0 and s.block_remaining == 8 * MIN - 150
    runner.pass_floor()
    runner.pass_floor()
    assert runner.state.round == 2
    runner.pass_floor()
    s = runner.state
    assert (s.phase, s.speaker, s.turn_remaining) == ("turns_done", None, None)
    with pytest.raises(ValueError, match="All turns are done"):
        runner.pass_floor()
    same_as_replay(runner)


def test_floor_speaker_listener_flow(clock: FakeClock) -> None:
    runner = start(clock, FLOOR, ACTIONS)
    runner.set_topic("  Dishes  ")
    s = runner.state
    assert (s.phase, s.speaker, s.turn_of, s.turn_remaining) == ("speak", "a", "a", 180.0)
    assert s.topics == {0: "Dishes"}
    with pytest.raises(ValueError, match="after the listener's paraphrase"):
        runner.there_is_more()
    clock.advance(120)
    runner.pass_floor()
    s = runner.state
    assert (s.phase, s.speaker, s.turn_of, s.turn_remaining) == ("paraphrase", "a", "b", 60.0)
    clock.advance(30)
    runner.pass_floor()
    assert runner.state.phase == "check" and runner.state.turn_remaining is None
    runner.there_is_more()
    assert (runner.state.phase, runner.state.speaker) == ("speak", "a")
    runner.pass_floor()
    runner.pass_floor()
    runner.confirm_understood("a")
    s = runner.state
    assert (s.phase, s.speaker, s.understood) == ("speak", "b", {"a": True, "b": False})
    assert s.talk == {"a": 150.0, "b": 0.0}  # paraphrase time counts for the floor holder
    runner.pass_floor()
    runner.pass_floor()
    runner.pass_floor()  # passes the floor without feeling understood yet
    assert runner.state.speaker == "a" and runner.state.round == 2
    runner.confirm_understood("b")  # the listener says so: both now feel understood
    s = runner.state
    assert (s.phase, s.speaker) == ("solve", None)
    with pytest.raises(ValueError, match="solve it together"):
        runner.pass_floor()
    with pytest.raises(ValueError, match="already feel understood"):
        runner.confirm_understood("a")
    clock.advance(60)
    assert runner.state.together == 60.0
    same_as_replay(runner)


def test_floor_commands_outside_floor_blocks(clock: FakeClock) -> None:
    runner = start(clock, TOGETHER, FLOOR)
    with pytest.raises(ValueError, match="no floor to pass"):
        runner.pass_floor()
    with pytest.raises(ValueError, match="speaker-listener"):
        runner.confirm_understood("a")
    with pytest.raises(ValueError, match="speaker-listener"):
        runner.set_topic("money")
    with pytest.raises(ValueError, match="partner"):
        runner.confirm_understood("c")


# -- timers --------------------------------------------------------------------------------------


def test_overtime_is_shown_not_enforced(clock: FakeClock) -> None:
    runner = start(clock, TURNS, TOGETHER)
    clock.advance(150)
    s = runner.state
    assert s.turn_remaining == -30.0 and s.overtime and s.countdown == -30.0
    assert s.speaker == "a"  # nobody is cut off
    runner.add_minute()
    s = runner.state
    assert s.turn_remaining == 30.0 and not s.overtime
    assert s.block_remaining == 8 * MIN + MIN - 150
    runner.next_block()
    clock.advance(6 * MIN)
    s = runner.state
    assert s.block_remaining == -MIN and s.overtime
    assert s.meeting_remaining == 0.0
    assert s.ahead_behind == 13 * MIN - (150 + 6 * MIN)  # left the turns early, ran over here


def test_meeting_clock_ahead_and_behind(clock: FakeClock) -> None:
    runner = start(clock, TOGETHER, TOGETHER, TOGETHER)
    clock.advance(MIN)
    runner.next_block()  # 4 minutes early
    s = runner.state
    assert s.meeting_planned == 15 * MIN and s.meeting_used == MIN
    assert s.meeting_remaining == 10 * MIN and s.ahead_behind == 4 * MIN
    assert s.block_times == [(300.0, 60.0), (300.0, 0.0), (300.0, 0.0)]
    clock.advance(8 * MIN)
    s = runner.state
    assert s.ahead_behind == MIN and s.meeting_remaining == 5 * MIN


def test_countdown_never_drifts_over_a_long_meeting(clock: FakeClock) -> None:
    runner = start(clock, {"kind": "together", "title": "Long", "minutes": 300})
    for _ in range(10_000):
        clock.advance(1.7)
        runner.heartbeat()
    assert runner.state.block_remaining == pytest.approx(300 * MIN - 17_000, abs=1e-6)


def test_wall_clock_jump_changes_no_duration(clock: FakeClock) -> None:
    runner = start(clock, TURNS, TOGETHER)
    clock.advance(30)
    clock.jump_wall(3600)  # DST or NTP
    clock.advance(30)
    runner.pass_floor()
    clock.jump_wall(-7200)
    clock.advance(10)
    s = runner.state
    assert s.talk == {"a": 60.0, "b": 10.0} and s.elapsed == 70.0
    runner.pause()
    clock.jump_wall(86_400)
    clock.advance(5)
    assert runner.state.pause_len == 5.0


# -- pause ---------------------------------------------------------------------------------------


def test_pause_freezes_every_timer(clock: FakeClock) -> None:
    runner = start(clock, TURNS, TOGETHER)
    clock.advance(20)
    runner.pause()
    with pytest.raises(ValueError, match="Already paused"):
        runner.pause()
    with pytest.raises(ValueError, match="Resume first"):
        runner.pass_floor()
    with pytest.raises(ValueError, match="Resume first"):
        runner.next_block()
    before = runner.state
    clock.advance(300)
    s = runner.state
    assert s.paused and s.pause_len == 300.0 and s.pause_count == 1
    assert (s.turn_remaining, s.block_remaining, s.talk) == (
        before.turn_remaining,
        before.block_remaining,
        before.talk,
    )
    runner.add_note("b", "notes are fine while paused")
    runner.resume()
    with pytest.raises(ValueError, match="Not paused"):
        runner.resume()
    clock.advance(10)
    s = runner.state
    assert s.talk["a"] == 30.0 and s.paused_seconds == 300.0 and not s.paused
    same_as_replay(runner)


# -- walk away -----------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [19.9, 0, -5, 24 * 60 + 1, "20", True, None])
def test_walk_away_bounds(clock: FakeClock, minutes: Any) -> None:
    runner = start(clock, TOGETHER)
    with pytest.raises(ValueError, match="between 20 and 1440 minutes"):
        runner.walk_away(minutes)
    assert not runner.state.on_break


def test_walk_away_both_ready_and_resume(clock: FakeClock) -> None:
    runner = start(clock, TURNS, TOGETHER)
    clock.advance(40)
    runner.pause()
    clock.advance(10)
    runner.walk_away(20)
    ev = runner.record["events"][-1]
    assert ev["type"] == "walk_away" and "caller" not in ev
    s = runner.state
    assert s.on_break and not s.paused and s.break_left == 20 * MIN
    assert s.break_end == "2026-11-22T18:20:50+00:00"
    for command in (runner.pass_floor, runner.next_block, runner.add_minute, runner.pause):
        with pytest.raises(ValueError, match="taking a break"):
            command()
    with pytest.raises(ValueError, match="taking a break"):
        runner.add_note("a", "no conversation text on a break")
    clock.advance(10 * MIN)
    with pytest.raises(ValueError, match="at least 20 minutes: 10 to go"):
        runner.ready("a")
    runner.more_time(10)
    clock.advance(15 * MIN)
    s = runner.state
    assert s.break_left == 5 * MIN and s.can_return
    runner.ready("a")
    assert runner.state.ready == {"a": True, "b": False} and runner.state.on_break
    runner.more_time(10)  # asking for more time resets readiness
    assert runner.state.ready == {"a": False, "b": False}
    clock.advance(20 * MIN)
    assert runner.state.break_left <= 0  # the agreed time to come back has come
    runner.ready("b")
    runner.ready("a")
    clock.advance(20)
    s = runner.state
    assert not s.on_break and s.phase == "turn" and s.speaker == "a"
    assert s.talk["a"] == 60.0 and s.turn_remaining == 60.0  # the turn goes on where it stopped
    assert s.break_count == 1 and s.break_total == 45 * MIN and s.paused_seconds == 10.0
    with pytest.raises(ValueError, match="no break"):
        runner.ready("a")
    with pytest.raises(ValueError, match="for a break"):
        runner.more_time(10)
    same_as_replay(runner)


def test_walk_away_records_caller_only_when_given(clock: FakeClock) -> None:
    runner = start(clock, TOGETHER)
    with pytest.raises(ValueError, match="partner"):
        runner.walk_away(30, caller="x")
    runner.walk_away(24 * 60, caller="b")
    assert runner.record["events"][-1]["caller"] == "b" and runner.state.break_caller == "b"
    with pytest.raises(ValueError, match="between 1 and 240"):
        runner.more_time(0)


def test_park_topic_from_a_break_goes_on(clock: FakeClock) -> None:
    runner = start(clock, FLOOR, ACTIONS)
    runner.set_topic("In-laws at Christmas")
    runner.walk_away(20)
    with pytest.raises(ValueError, match="at least 20 minutes"):
        runner.park_topic()
    clock.advance(20 * MIN)
    runner.park_topic()
    s = runner.state
    assert not s.on_break and s.block.kind == "actions"
    assert [p.text for p in s.parked] == ["In-laws at Christmas"]
    with pytest.raises(ValueError, match="topic is empty"):
        runner.park_topic()  # no current topic here
    runner.park_topic("Holidays")  # the last block: parked, stays
    assert s.block_index == runner.state.block_index and len(runner.state.parked) == 2


def test_end_for_today_keeps_the_break_running_while_closed(clock: FakeClock) -> None:
    runner = start(clock, TURNS, TOGETHER)
    clock.advance(30)
    runner.walk_away(60)
    clock.advance(5 * MIN)
    runner.end_for_today()
    record = runner.record
    assert record["status"] == "in_progress"
    with pytest.raises(ValueError, match="put aside for today"):
        runner.add_minute()
    clock.advance(10 * MIN)  # the app still open, but put aside: no meeting time
    assert runner.state.elapsed == 30 + 5 * MIN
    clock.advance(2 * 3600)  # closed
    again = CheckinRunner(json.loads(json.dumps(record)), clock)
    s = again.state
    assert s.on_break and s.break_left == 60 * MIN - 5 * MIN - 10 * MIN - 2 * 3600
    assert s.elapsed == 30 + 5 * MIN and s.talk == {"a": 30.0, "b": 0.0}
    again.ready("a")
    again.ready("b")
    clock.advance(10)
    assert again.state.talk["a"] == 40.0 and again.state.block.kind == "turns"
    same_as_replay(again)


def test_resume_after_end_for_today_in_the_same_run(clock: FakeClock) -> None:
    runner = start(clock, TOGETHER, TOGETHER)
    runner.end_for_today()
    with pytest.raises(ValueError, match="Already put aside"):
        runner.end_for_today()
    clock.advance(100)
    runner.resume()
    clock.advance(5)
    assert runner.state.elapsed == 5.0


# -- crash and reopen ----------------------------------------------------------------------------


def test_reopen_after_crash_does_not_count_closed_time(clock: FakeClock) -> None:
    runner = start(clock, TURNS, TOGETHER)
    clock.advance(40)
    runner.pass_floor()
    clock.advance(25)
    runner.heartbeat()
    clock.advance(0.8)  # kill -9 before the next heartbeat: at most this is lost
    saved = json.loads(json.dumps(runner.record))
    clock.advance(3 * 3600)
    again = CheckinRunner(saved, clock)
    reopen = saved["events"][-1]
    assert reopen["type"] == "reopen" and reopen["seg"] == 1 and reopen["prev_end"] == 65.0
    assert reopen["gap"] == pytest.approx(3 * 3600 + 0.8)
    s = again.state
    assert (s.block_index, s.speaker, s.turn_index) == (0, "b", 1)
    assert s.talk == {"a": 40.0, "b": 25.0} and s.elapsed == 65.0 and s.turn_remaining == 95.0
    clock.advance(5)
    assert again.state.talk["b"] == 30.0
    same_as_replay(again)
    # a second crash without any heartbeat: the segment ends at its last event
    clock.advance(100)
    third = CheckinRunner(json.loads(json.dumps(again.record)), clock)
    assert third.state.elapsed == 65.0 and third.record["events"][-1]["seg"] == 2


def test_pause_survives_a_restart(clock: FakeClock) -> None:
    runner = start(clock, TOGETHER)
    clock.advance(10)
    runner.pause()
    clock.advance(20)
    runner.heartbeat()
    again = CheckinRunner(runner.record, clock)
    clock.advance(5)
    s = again.state
    assert s.paused and s.paused_seconds == 25.0 and s.elapsed == 35.0


def test_finished_record_takes_no_commands_and_does_not_reopen(clock: FakeClock) -> None:
    runner = start(clock, TOGETHER, TOGETHER)
    runner.finish()
    assert runner.record["status"] == "ended_early" and runner.record["ended_at"]
    count = len(runner.record["events"])
    again = CheckinRunner(runner.record, clock)
    assert len(again.record["events"]) == count and again.state.finished
    with pytest.raises(ValueError, match="finished"):
        again.finish()
    with pytest.raises(ValueError, match="finished"):
        again.pause()
    with pytest.raises(ValueError, match="finished"):
        again.resume()
    with pytest.raises(ValueError, match="finished"):
        again.end_for_today()
    again.heartbeat()  # harmless


def test_replay_tolerates_unknown_and_damaged_events(clock: FakeClock) -> None:
    runner = start(clock, TOGETHER, TOGETHER)
    clock.advance(10)
    runner.record["events"].append(
        {"type": "from_the_future", "at": clock.now().isoformat(), "seg": 0, "m": 10}
    )
    runner.record["events"].append({"type": "note", "seg": 0, "m": 10})
    runner.next_block()
    s = replay(runner.record)
    assert s.block_index == 1 and s.elapsed == 10.0 and s.notes == []


# -- notes, ratings, review, actions -------------------------------------------------------------


def test_notes_belong_to_the_block_and_have_a_limit(clock: FakeClock) -> None:
    runner = start(clock, TOGETHER, TOGETHER)
    runner.save_draft("a", "half a thou")
    assert runner.draft == {"block": 0, "partner": "a", "text": "half a thou"}
    note_id = runner.add_note("a", "half a thought")
    assert runner.draft is None
    runner.add_note("both", "shared")
    runner.next_block()
    runner.add_note("b", "x" * NOTE_LIMIT)
    with pytest.raises(ValueError, match=f"too long: {NOTE_LIMIT + 1} characters, at most {NOTE_LIMIT}"):
        runner.add_note("b", "x" * (NOTE_LIMIT + 1))
    with pytest.raises(ValueError, match="empty"):
        runner.add_note("a", "   ")
    with pytest.raises(ValueError, match="partner"):
        runner.add_note("z", "hi")
    s = runner.state
    assert [(n.partner, n.text) for n in s.notes_for(0)] == [("a", "half a thought"), ("both", "shared")]
    assert [n.partner for n in s.notes_for()] == ["b"]
    runner.remove_note(note_id)
    assert len(runner.state.notes) == 2
    with pytest.raises(ValueError, match="no such note"):
        runner.remove_note(note_id)


def test_ratings_before_and_after(clock: FakeClock) -> None:
    runner = start(clock, RATING, TOGETHER, CLOSING)
    runner.set_rating("a", 4, 5, hard_topic_ok=False)
    runner.set_rating("b", 6, 6)
    runner.set_rating("b", 7, 6)  # a change of mind replaces the rating
    for bad in (-1, 11, 5.5, True, "7"):
        with pytest.raises(ValueError, match="0 to 10"):
            runner.set_rating("a", bad, 5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="hard_topic_ok"):
        runner.set_rating("a", 5, 5, hard_topic_ok="yes")  # type: ignore[arg-type]
    runner.next_block()
    with pytest.raises(ValueError, match="rating part"):
        runner.set_rating("a", 5, 5)
    runner.next_block()
    runner.set_rating("a", 8, 9)
    s = runner.state
    assert s.ratings_before["a"].hard_topic_ok is False and s.ratings_before["b"].mood == 7
    assert s.ratings_after["a"].connection == 9 and "b" not in s.ratings_after


def test_review_and_actions(clock: FakeClock) -> None:
    previous = [
        {"id": "p1", "text": "Call the plumber", "owner": "a", "due": "2026-11-20"},
        {"id": "p2", "text": "x"},
    ]
    runner = start(clock, REVIEW, ACTIONS, previous_actions=previous)
    runner.review_item("p1", "done")
    runner.review_item("p2", "carried")
    with pytest.raises(ValueError, match="no such action item"):
        runner.review_item("p3", "done")
    with pytest.raises(ValueError, match="status"):
        runner.review_item("p1", "maybe")
    runner.next_block()
    first = runner.add_action("Book the cabin", "both", "2026-11-29")
    runner.add_action("Fix the bike", "b", "2026-11-25")
    for args, message in [
        (("", "a", "2026-11-29"), "empty"),
        (("x", "c", "2026-11-29"), "partner"),
        (("x", "a", "next week"), "due date"),
        (("x" * 501, "a", "2026-11-29"), "too long"),
    ]:
        with pytest.raises(ValueError, match=message):
            runner.add_action(*args)
    runner.remove_action(first)
    with pytest.raises(ValueError, match="no such action"):
        runner.remove_action(first)
    s = runner.state
    assert s.review == {"p1": "done", "p2": "carried"}
    assert [(a.text, a.owner, a.due) for a in s.actions] == [("Fix the bike", "b", "2026-11-25")]
    assert [a["text"] for a in open_actions_after(runner.record)] == ["x", "Fix the bike"]


# -- moving on and finishing ---------------------------------------------------------------------


def test_next_block_and_finish(clock: FakeClock) -> None:
    runner = start(clock, TOGETHER, TURNS)
    runner.next_block()
    assert runner.state.block.kind == "turns" and runner.state.is_last_block
    with pytest.raises(ValueError, match="last part"):
        runner.next_block()
    clock.advance(30)
    runner.finish()
    s = runner.state
    assert s.finished and s.status == "completed" and runner.record["status"] == "completed"
    assert not s.overtime and s.meeting_remaining == 0.0
    clock.advance(100)
    assert runner.state.elapsed == 30.0


def test_summary(clock: FakeClock) -> None:
    runner = start(clock, RATING, TURNS, CLOSING)
    runner.set_rating("a", 5, 5)
    runner.set_rating("b", 6, 4)
    clock.advance(100)
    runner.next_block()
    clock.advance(90)
    runner.pass_floor()
    clock.advance(30)
    runner.pause()
    clock.advance(40)
    runner.resume()
    runner.walk_away(20)
    clock.advance(25 * MIN)
    runner.ready("a")
    runner.ready("b")
    runner.next_block()
    runner.set_rating("a", 8, 8)
    runner.finish()
    out = summary(json.loads(json.dumps(runner.record)), names={"a": "Ana", "b": "Bo"})
    assert json.loads(json.dumps(out)) == out
    assert out["status"] == "completed"
    assert [(b["planned"], b["used"]) for b in out["blocks"]] == [(120.0, 100.0), (480.0, 120.0), (60.0, 0.0)]
    assert out["talk"] == {"a": 90.0, "b": 30.0} and out["talk_share"] == {"a": 75, "b": 25}
    assert out["ratings_before"]["b"] == {"mood": 6, "connection": 4, "hard_topic_ok": None}
    assert out["ratings_after"] == {"a": {"mood": 8, "connection": 8, "hard_topic_ok": None}, "b": None}
    assert out["pauses"] == {"count": 1, "seconds": 40.0}
    assert out["breaks"] == {"count": 1, "seconds": 25 * MIN}
    assert "Talking time: Ana 75%, Bo 25%." in out["text"]


def test_summary_without_talk_has_zero_shares(clock: FakeClock) -> None:
    runner = start(clock, TOGETHER)
    clock.advance(10)
    assert summary(runner.record)["talk_share"] == {"a": 0, "b": 0}


def test_weekly_walkthrough_replays_identically(clock: FakeClock) -> None:
    runner = start(clock)
    runner.set_rating("a", 6, 7, hard_topic_ok=True)
    runner.set_rating("b", 5, 6, hard_topic_ok=True)
    for _ in range(8):
        clock.advance(37)
        if runner.state.phase == "turn":
            runner.pass_floor()
        else:
            runner.next_block()
        runner.heartbeat()
        same_as_replay(runner)
    assert runner.state.elapsed == pytest.approx(8 * 37)
