"""The check-in session without any UI: start, pass, pause, walk away, resume, finish, a crash
between any two steps, and one heartbeat (a break saves once a second, not twice)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from checkin.core.agenda import Agenda, parse_agenda
from checkin.core.clock import FakeClock
from checkin.core.record import DRAFT_LIMIT, NOTE_LIMIT, SCHEMA
from checkin.core.session import HEARTBEAT_SECONDS, CheckinSession, CheckinStore
from checkin.errors import Refusal

MIN = 60.0
NAMES = {"a": "Ana", "b": "Bo"}


def make_agenda(*blocks: dict[str, Any]) -> Agenda:
    return parse_agenda({"id": "test", "title": "Test", "blocks": list(blocks)}, "test")


FLOOR = {"kind": "floor", "title": "Issue", "minutes": 20, "turn_minutes": 3, "paraphrase_minutes": 1}
TOGETHER = {"kind": "together", "title": "Together", "minutes": 5}
CLOSING = {"kind": "rating", "title": "Closing", "minutes": 1}


class Crash(Exception):
    """The process dies here (a kill -9 between two steps)."""


class FakeStore:
    """Keeps what was written as JSON text, as a file would: later changes to the record in
    memory never reach it. ``die_at`` makes one kind of write kill the process instead."""

    def __init__(self) -> None:
        self.current_json: str | None = None
        self.history: dict[str, dict[str, Any]] = {}
        self.writes: list[tuple[float, str]] = []  # (monotonic time, what)
        self.die_at: str | None = None
        self.clock: FakeClock | None = None

    def current(self) -> dict[str, Any] | None:
        return json.loads(self.current_json) if self.current_json else None

    def save_current(self, record: dict[str, Any]) -> None:
        if self.die_at == "save":
            raise Crash
        self.current_json = json.dumps(record)
        self.writes.append((self.clock.monotonic() if self.clock else 0.0, "current"))

    def finish_into_history(self, record: dict[str, Any], summary: dict[str, Any]) -> None:
        record = dict(copy.deepcopy(record), summary=summary)
        self.save_current(record)  # as the repository does: finished first, then moved
        if self.die_at == "history":
            raise Crash
        self.history[record["id"]] = record
        self.current_json = None
        self.writes.append((0.0, "history"))


def _store(clock: FakeClock) -> FakeStore:
    store = FakeStore()
    store.clock = clock
    return store


def test_the_fake_store_and_the_repository_are_check_in_stores(data_dir, clock) -> None:
    from checkin.store.repository import Repository

    def takes(store: CheckinStore) -> CheckinStore:
        return store

    repo = Repository(data_dir, clock).open()
    session = CheckinSession.begin(takes(repo), clock, make_agenda(FLOOR, CLOSING), "a", names=NAMES)
    session.pass_floor()
    assert repo.current() == session.record  # saved at once, through the protocol
    session.next_block()
    session.set_rating("a", 6, 7)
    summary = session.finish()
    assert repo.current() is None
    assert repo.checkin(session.record["id"])["summary"] == summary
    repo.close()


def test_begin_saves_the_first_event_at_once(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "b", names=NAMES)
    saved = store.current()
    assert saved is not None and [e["type"] for e in saved["events"]] == ["start"]
    assert session.state.speaker == "b" and session.state.phase == "speak"


def test_begin_refuses_a_bad_first_speaker_calmly(clock) -> None:
    with pytest.raises(Refusal, match="first_speaker"):
        CheckinSession.begin(_store(clock), clock, make_agenda(FLOOR), "c")


def test_a_pass_of_the_floor_is_one_event_and_one_save(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    before = len(store.writes)
    clock.advance(90)
    session.pass_floor()
    assert len(store.writes) == before + 1
    assert store.current()["events"][-1]["type"] == "pass_floor"
    assert session.state.phase == "paraphrase" and session.state.speaker == "a"
    assert session.state.talk["a"] == pytest.approx(90)


def test_understood_passes_the_floor_from_is_there_more(clock) -> None:
    session = CheckinSession.begin(_store(clock), clock, make_agenda(FLOOR), "a")
    session.pass_floor()
    session.pass_floor()
    assert session.state.phase == "check"
    session.understood()
    state = session.state
    assert state.understood["a"] and state.speaker == "b" and state.phase == "speak"


def test_pause_freezes_talk_time_and_resume_goes_on(clock) -> None:
    session = CheckinSession.begin(_store(clock), clock, make_agenda(FLOOR), "a")
    clock.advance(30)
    session.pause()
    clock.advance(600)
    assert session.state.talk["a"] == pytest.approx(30)
    with pytest.raises(Refusal, match="Paused"):
        session.pass_floor()
    session.resume()
    clock.advance(10)
    assert session.state.talk["a"] == pytest.approx(40)


def test_walk_away_from_a_pause_ends_the_pause_first(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    session.pause()
    session.walk_away(20, "b")
    state = session.state
    assert state.on_break and not state.paused
    types = [e["type"] for e in store.current()["events"]]
    assert types[-3:] == ["pause", "resume", "walk_away"]


def test_walk_away_then_both_ready_resumes_the_talk(clock) -> None:
    session = CheckinSession.begin(_store(clock), clock, make_agenda(FLOOR), "a")
    session.walk_away(20)
    clock.advance(5 * MIN)
    with pytest.raises(Refusal, match="at least 20 minutes"):
        session.ready("a")
    clock.advance(15 * MIN)
    session.ready("a")
    session.ready("b")
    assert not session.state.on_break and session.state.phase == "speak"


def test_the_draft_note_is_saved_by_the_next_tick_not_before(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    clock.advance(HEARTBEAT_SECONDS)
    session.type_note("a", "half a thou")
    assert (store.current().get("draft") or {}).get("text") is None  # only in memory so far
    session.tick()
    assert store.current()["draft"] == {"block": 0, "partner": "a", "text": "half a thou"}
    # typing straight after a save is still written by the next tick, however soon
    session.type_note("a", "half a thought")
    clock.advance(0.1)
    session.tick()
    assert store.current()["draft"]["text"] == "half a thought"


def test_a_draft_too_long_to_keep_is_refused_not_cut(clock) -> None:
    session = CheckinSession.begin(_store(clock), clock, make_agenda(FLOOR), "a")
    with pytest.raises(Refusal, match="save it as notes"):
        session.type_note("a", "x" * (DRAFT_LIMIT + 1))
    assert session.draft is None


def test_save_note_keeps_long_text_whole_as_several_notes_and_clears_the_draft(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    text = ("a" * 3000 + "\n\n") * 2
    session.type_note("b", text)
    assert session.save_note("b", text) == 2
    assert [len(n.text) for n in session.state.notes] == [3000, 3000]
    assert all(len(n.text) <= NOTE_LIMIT for n in session.state.notes)
    assert session.draft is None and store.current().get("draft") is None
    with pytest.raises(Refusal, match="Write something"):
        session.save_note("b", "  ")


def test_next_block_saves_the_note_being_typed_to_the_part_it_was_written_in(clock) -> None:
    session = CheckinSession.begin(_store(clock), clock, make_agenda(FLOOR, TOGETHER), "a")
    session.type_note("both", "we agree on Sunday")
    session.next_block()
    state = session.state
    assert state.block_index == 1
    assert [(n.block, n.partner, n.text) for n in state.notes] == [(0, "both", "we agree on Sunday")]
    assert session.draft is None
    with pytest.raises(Refusal, match="last part"):
        session.next_block()


def test_finish_saves_the_draft_note_then_moves_into_history(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR, CLOSING), "a", names=NAMES)
    clock.advance(60)
    session.type_note("a", "the last word")
    summary = session.finish()
    assert store.current() is None
    kept = store.history[session.record["id"]]
    assert kept["status"] == "ended_early" and kept["summary"] == summary
    assert any(e.get("text") == "the last word" for e in kept["events"])
    assert summary["first_speaker"] == "a" and "open_actions" in summary
    assert session.finished
    with pytest.raises(Refusal, match="already finished"):
        session.finish()
    before = len(store.writes)
    session.tick()  # a stray tick after the end writes nothing
    assert len(store.writes) == before


def test_finish_from_the_last_part_is_completed(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(TOGETHER), "a", names=NAMES)
    assert session.finish()["status"] == "completed"


def test_nothing_to_reopen(clock) -> None:
    assert CheckinSession.reopen(_store(clock), clock) is None


def test_resume_after_closing_counts_no_time_while_closed(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    clock.advance(40)
    session.tick()
    del session  # the app is closed
    clock.advance(3600)
    again = CheckinSession.reopen(store, clock, NAMES)
    assert again is not None
    assert again.state.talk["a"] == pytest.approx(40)
    assert store.current()["events"][-1]["type"] == "reopen"  # the new segment is saved at once


def test_resume_goes_on_with_a_check_in_put_aside_for_today(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    session.end_for_today()
    assert session.state.suspended
    again = CheckinSession.reopen(store, clock)
    assert again is not None and not again.state.suspended
    assert [e["type"] for e in store.current()["events"]][-2:] == ["end_for_today", "reopen"]
    again.pass_floor()  # it takes commands again


def test_resume_during_a_break_keeps_the_break_counting_down(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    session.walk_away(30)
    clock.advance(5 * MIN)
    session.tick()
    clock.advance(20 * MIN)  # closed for 20 minutes
    again = CheckinSession.reopen(store, clock)
    assert again is not None and again.state.on_break
    assert again.state.break_left == pytest.approx(5 * MIN, abs=1)


def test_an_unreadable_current_check_in_is_refused_and_kept(clock) -> None:
    store = _store(clock)
    store.current_json = json.dumps({"id": "x", "status": "in_progress", "events": [{"type": "start"}]})
    with pytest.raises(Refusal, match="could not be read"):
        CheckinSession.reopen(store, clock)
    assert json.loads(store.current_json)["id"] == "x"  # left as it was


@pytest.mark.parametrize("step", ["pass_floor", "pause", "walk_away", "type_and_tick", "next_block"])
def test_a_crash_after_any_step_loses_nothing_but_the_unsaved_second(clock, step) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR, TOGETHER), "a")
    clock.advance(20)
    if step == "type_and_tick":
        session.type_note("a", "kept")
        session.tick()
    elif step == "walk_away":
        session.walk_away(20)
    else:
        getattr(session, step)()
    expected = session.state
    clock.advance(0.4)  # the process dies before the next tick
    again = CheckinSession.reopen(store, clock)
    assert again is not None
    state = again.state
    assert (state.block_index, state.phase, state.speaker, state.paused, state.on_break) == (
        expected.block_index, expected.phase, expected.speaker, expected.paused, expected.on_break
    )
    assert state.elapsed == pytest.approx(expected.elapsed)
    if step == "type_and_tick":
        assert again.draft == {"block": 0, "partner": "a", "text": "kept"}


def test_a_crash_between_finishing_and_the_move_is_completed_at_reopen(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR, CLOSING), "a", names=NAMES)
    session.type_note("b", "said before the crash")
    store.die_at = "history"
    with pytest.raises(Crash):
        session.finish()
    rid = session.record["id"]
    assert store.current()["status"] == "ended_early" and rid not in store.history
    store.die_at = None
    assert CheckinSession.reopen(store, clock, NAMES) is None  # nothing to resume ...
    kept = store.history[rid]  # ... because it is finished, and in history once
    assert kept["summary"]["status"] == "ended_early"
    assert any(e.get("text") == "said before the crash" for e in kept["events"])
    assert store.current() is None


def test_a_crash_after_the_finish_event_but_before_the_summary_is_completed_at_reopen(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a", names=NAMES)
    clock.advance(60)
    session.runner.finish()  # the finish event is saved; the process dies before the summary
    assert CheckinSession.reopen(store, clock, NAMES) is None
    [kept] = store.history.values()
    assert kept["summary"]["first_speaker"] == "a" and kept["summary"]["talk"]["a"] == pytest.approx(60)


def test_a_crash_while_saving_keeps_the_last_good_record(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    session.pass_floor()
    good = store.current()
    store.die_at = "save"
    with pytest.raises(Crash):
        session.pass_floor()
    store.die_at = None
    assert store.current() == good


def _saves_per_second_during_a_break(clock: FakeClock, timers: list[float]) -> float:
    """Five seconds of a break with every given timer (its first offset) calling ``tick`` once
    a second; returns the heartbeat saves per second."""
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    session.walk_away(20)
    start = clock.monotonic()
    before = len(store.writes)
    moments = sorted(m for offset in timers for n in range(6) if (m := offset + n * HEARTBEAT_SECONDS) <= 5.0)
    for moment in moments:
        clock.advance(start + moment - clock.monotonic())
        session.tick()
    return (len(store.writes) - before) / 5


def test_a_break_saves_once_a_second(clock) -> None:
    assert _saves_per_second_during_a_break(clock, [1.0]) == 1.0


@pytest.mark.parametrize("second_timer", [0.0, 0.25, 0.5, 0.8])
def test_a_break_saves_once_a_second_not_twice_even_with_two_timers(clock, second_timer) -> None:
    """Before the session, the talk screen and the break screen each ran a heartbeat (10
    fsynced saves in 5 s). One timer calls tick now, and a second one cannot double the saves."""
    assert _saves_per_second_during_a_break(clock, [1.0, 1.0 + second_timer]) == 1.0


def test_flush_saves_at_once_whatever_the_time_since_the_last_save(clock) -> None:
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    clock.advance(0.2)
    before = len(store.writes)
    session.flush()
    assert len(store.writes) == before + 1
    assert store.current()["heartbeat"]["m"] == pytest.approx(0.2)


def test_a_commands_save_does_not_delay_the_next_heartbeat(clock) -> None:
    """A pass of the floor just before a tick must not make the tick skip: the time talked
    since would then wait two seconds to reach the disk."""
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    clock.advance(1.0)
    session.tick()
    clock.advance(0.7)
    session.pass_floor()
    clock.advance(0.3)  # the next tick, 0.3 s after the command's save
    session.tick()
    assert store.current()["heartbeat"]["m"] == pytest.approx(2.0)


def test_a_check_in_written_by_a_newer_checkin_is_refused_and_left_as_it_is(clock) -> None:
    """``schema`` on a record is read: newer than this checkin knows, nothing is opened or
    written (reading it with older rules could lose what it holds)."""
    store = _store(clock)
    session = CheckinSession.begin(store, clock, make_agenda(FLOOR), "a")
    record = json.loads(json.dumps(session.record))
    record["schema"] = SCHEMA + 1
    store.save_current(record)
    before = store.current_json
    with pytest.raises(Refusal, match="newer checkin"):
        CheckinSession.reopen(store, clock, NAMES)
    assert store.current_json == before
    record["schema"] = SCHEMA
    store.save_current(record)
    assert CheckinSession.reopen(store, clock, NAMES) is not None  # its own version opens


def test_an_import_of_a_newer_record_names_the_field() -> None:
    from checkin.core.schema import checkin_problems

    record = {"id": "x1", "schema": SCHEMA + 1, "status": "completed", "started_at": "2026-11-01T19:00:00+00:00",
              "ended_at": None, "agenda": {}, "events": []}
    problems = checkin_problems(record, "checkins[0]")
    assert any("checkins[0].schema" in p and "newer checkin" in p for p in problems), problems
    record["schema"] = SCHEMA
    assert not any(".schema" in p for p in checkin_problems(record, "checkins[0]"))
