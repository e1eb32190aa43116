"""Check-in events and how they change the state.

A check-in record keeps an append-only list of small JSON dicts::

    {"type": "pass_floor", "at": "2026-11-22T18:03:00+00:00", "seg": 0, "m": 180.0, ...payload}

``seg`` numbers the app run (segment) and ``m`` is monotonic seconds since that segment began.
Segments are joined end to end, so time while the app was closed never counts; a ``reopen`` event
says where the previous segment ended (``prev_end``) and how long the app was closed in wall time
(``gap``), which only a running break counts down.

The state is a pure function of the events: :func:`fold` applies them one by one and
:func:`replay` also moves the clocks on to a position (by default the last known moment).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from checkin.core.agenda import Agenda
from checkin.core.state import Action, CheckinState, Note, Parked, Rating, other

log = logging.getLogger(__name__)

Event = dict[str, Any]
Position = tuple[int, float]

EVENT_TYPES = (
    "start",  # the first event of a check-in
    "reopen",  # prev_end: float, gap: float - the app was started again on this check-in
    "pass_floor",  # next turn (turns), next step of speak -> paraphrase -> check -> pass (floor)
    "more",  # "Is there more?" - yes: back to the same speaker (floor, check phase)
    "understood",  # partner - this partner feels understood (floor)
    "pause",  # caller?: "facilitator" (the friend in the room called it)
    "resume",  # ends a pause, or continues after "end_for_today"
    "hand_back",  # the facilitator hands back the floor: ends a pause (or a break, after 20 minutes)
    "walk_away",  # minutes: float, caller?: "a"|"b"|"facilitator"
    "more_time",  # minutes: float
    "ready",  # partner - ready to come back from the break
    "end_for_today",  # stop for now; the check-in stays resumable and a break keeps running
    "park",  # text, block - a topic for next week; then go on to the next block
    "next_block",
    "add_minute",
    "note",  # id, partner, text, block, kind?: "agreement" (noted by the facilitator, by: "facilitator")
    "remove_note",  # id
    "rating",  # partner, mood, connection, hard_topic_ok?, block
    "topic",  # text, block
    "review",  # item, status: done|carried|dropped
    "action",  # id, text, owner, due, block
    "remove_action",  # id
    "finish",  # status: completed|ended_early
)


def advance(state: CheckinState, target: float) -> None:
    """Move the state's clocks on to timeline position ``target``, spending the time on the
    current activity (talk, together, pause or break). Never moves backwards."""
    dt = target - state.t
    if dt <= 0:
        return
    state.t = target
    if not state.started or state.finished:
        return
    if state.on_break:
        state.break_elapsed += dt
    if state.suspended:
        if state.on_break:
            state.break_away += dt
        return
    state.elapsed += dt
    if state.on_break:
        state.break_seconds += dt
    elif state.paused:
        state.paused_seconds += dt
        state.pause_len += dt
    else:
        state.block_used[state.block_index] += dt
        state.turn_used += dt
        if state.speaker is None:
            state.together += dt
        else:
            state.talk[state.speaker] += dt


def _enter_block(state: CheckinState, index: int) -> None:
    state.block_index = index
    state.turn_index = 0
    _new_turn(state)
    state.understood = {"a": False, "b": False}
    kind = state.agenda.blocks[index].kind
    if kind == "turns":
        state.phase, state.speaker = "turn", state.first_speaker
    elif kind == "floor":
        state.phase, state.speaker = "speak", state.first_speaker
    else:
        state.phase, state.speaker = "together", None


def _new_turn(state: CheckinState) -> None:
    state.turn_used = 0.0
    state.turn_added = 0.0


def _floor_passes(state: CheckinState) -> None:
    assert state.speaker is not None
    state.speaker = other(state.speaker)
    state.turn_index += 1
    state.phase = "speak"
    _new_turn(state)


def _end_break(state: CheckinState) -> None:
    state.break_time_done += state.break_elapsed
    state.on_break = False
    state.break_planned = state.break_elapsed = state.break_away = 0.0
    state.break_caller = None
    state.ready = {"a": False, "b": False}


def _start(state: CheckinState, ev: Event) -> None:
    state.started = True
    _enter_block(state, 0)


def _pass_floor(state: CheckinState, ev: Event) -> None:
    if state.phase == "turn":
        if state.turn_index + 1 < 2 * state.block.rounds:
            _floor_passes(state)
            state.phase = "turn"
        else:
            state.phase, state.speaker = "turns_done", None
            _new_turn(state)
    elif state.phase == "speak":
        state.phase = "paraphrase"
        _new_turn(state)
    elif state.phase == "paraphrase":
        state.phase = "check"
        _new_turn(state)
    elif state.phase == "check":
        _floor_passes(state)


def _more(state: CheckinState, ev: Event) -> None:
    if state.phase == "check":
        state.phase = "speak"
        _new_turn(state)


def _understood(state: CheckinState, ev: Event) -> None:
    partner = ev["partner"]
    state.understood[partner] = True
    if all(state.understood.values()):
        state.phase, state.speaker = "solve", None
        _new_turn(state)
    elif partner == state.speaker:
        _floor_passes(state)


def _pause(state: CheckinState, ev: Event) -> None:
    state.paused = True
    state.pause_len = 0.0
    state.pause_count += 1
    state.pause_caller = ev.get("caller")


def _resume(state: CheckinState, ev: Event) -> None:
    if state.suspended:
        state.suspended = False
    else:
        state.paused = False
        state.pause_caller = None


def _hand_back(state: CheckinState, ev: Event) -> None:
    if state.paused:
        state.paused = False
        state.pause_caller = None
    elif state.on_break:
        _end_break(state)


def _walk_away(state: CheckinState, ev: Event) -> None:
    state.paused = False
    state.pause_caller = None
    state.on_break = True
    state.break_planned = float(ev["minutes"]) * 60.0
    state.break_elapsed = state.break_away = 0.0
    state.break_count += 1
    state.break_caller = ev.get("caller")
    state.ready = {"a": False, "b": False}


def _more_time(state: CheckinState, ev: Event) -> None:
    state.break_planned += float(ev["minutes"]) * 60.0
    state.ready = {"a": False, "b": False}


def _ready(state: CheckinState, ev: Event) -> None:
    state.ready[ev["partner"]] = True
    if state.both_ready:
        _end_break(state)


def _end_for_today(state: CheckinState, ev: Event) -> None:
    state.paused = False
    state.pause_caller = None
    state.suspended = True


def _park(state: CheckinState, ev: Event) -> None:
    state.parked.append(Parked(text=ev["text"], block=ev.get("block", state.block_index), at=ev["at"]))
    if state.on_break:
        _end_break(state)
    if not state.is_last_block:
        _enter_block(state, state.block_index + 1)


def _next_block(state: CheckinState, ev: Event) -> None:
    if not state.is_last_block:
        _enter_block(state, state.block_index + 1)


def _add_minute(state: CheckinState, ev: Event) -> None:
    if state.turn_planned is not None:
        state.turn_added += 60.0
    state.block_added[state.block_index] += 60.0


def _note(state: CheckinState, ev: Event) -> None:
    block = ev.get("block", state.block_index)
    kind = "agreement" if ev.get("kind") == "agreement" else "note"
    state.notes.append(
        Note(id=ev["id"], block=block, partner=ev["partner"], text=ev["text"], at=ev["at"], kind=kind)
    )


def _remove_note(state: CheckinState, ev: Event) -> None:
    state.notes = [n for n in state.notes if n.id != ev["id"]]


def _rating(state: CheckinState, ev: Event) -> None:
    block = ev.get("block", state.block_index)
    rating = Rating(mood=ev["mood"], connection=ev["connection"], hard_topic_ok=ev.get("hard_topic_ok"))
    state.ratings.setdefault(block, {})[ev["partner"]] = rating


def _topic(state: CheckinState, ev: Event) -> None:
    state.topics[ev.get("block", state.block_index)] = ev["text"]


def _review(state: CheckinState, ev: Event) -> None:
    state.review[ev["item"]] = ev["status"]


def _action(state: CheckinState, ev: Event) -> None:
    state.actions.append(
        Action(
            id=ev["id"],
            text=ev["text"],
            owner=ev["owner"],
            due=ev["due"],
            block=ev.get("block", state.block_index),
            at=ev["at"],
        )
    )


def _remove_action(state: CheckinState, ev: Event) -> None:
    state.actions = [a for a in state.actions if a.id != ev["id"]]


def _finish(state: CheckinState, ev: Event) -> None:
    if state.on_break:
        _end_break(state)
    state.paused = state.suspended = False
    state.pause_caller = None
    state.finished = True
    state.status = ev.get("status", "completed")
    state.speaker = None


_HANDLERS: dict[str, Callable[[CheckinState, Event], None]] = {
    "start": _start,
    "pass_floor": _pass_floor,
    "more": _more,
    "understood": _understood,
    "pause": _pause,
    "resume": _resume,
    "hand_back": _hand_back,
    "walk_away": _walk_away,
    "more_time": _more_time,
    "ready": _ready,
    "end_for_today": _end_for_today,
    "park": _park,
    "next_block": _next_block,
    "add_minute": _add_minute,
    "note": _note,
    "remove_note": _remove_note,
    "rating": _rating,
    "topic": _topic,
    "review": _review,
    "action": _action,
    "remove_action": _remove_action,
    "finish": _finish,
}


def apply(state: CheckinState, ev: Event) -> None:
    """Apply one event in place: first move the clocks to its moment, then change the state.

    Lenient by design: commands are validated before they are recorded, so an unknown event type
    (from a newer version) is skipped rather than breaking a saved check-in. A damaged event (a
    missing or wrong field) is skipped too, and logged by its type and position, never its text:
    a bug must not silently become a lost event.
    """
    seg, m = int(ev.get("seg", 0)), float(ev.get("m", 0.0))
    if ev.get("type") == "reopen":
        advance(state, state.seg_base + float(ev.get("prev_end", 0.0)))
        state.seg, state.seg_base = seg, state.t
        if state.on_break:
            gap = max(0.0, float(ev.get("gap", 0.0)))
            state.break_elapsed += gap
            state.break_away += gap
        state.suspended = False
    elif seg != state.seg:  # a segment without a reopen event: join it on, counting no gap
        state.seg, state.seg_base = seg, state.t
    advance(state, state.seg_base + m)
    handler = _HANDLERS.get(ev.get("type", ""))
    if handler is not None and (state.started or handler is _start):
        try:
            handler(state, ev)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            # the rest of the check-in stays usable; the log names no text (not even the
            # exception's message, which can quote a value)
            log.warning(
                "skipped a damaged %r event at position %d (%s)",
                str(ev.get("type"))[:20], state.events, type(exc).__name__,
            )
    state.wall_at, state.wall_t = ev.get("at", state.wall_at), state.t
    state.events += 1


def fold(record: dict[str, Any], agenda: Agenda | None = None) -> CheckinState:
    """The state right after the record's last event."""
    agenda = agenda or Agenda.from_dict(record["agenda"], "check-in agenda")
    state = CheckinState(agenda=agenda, first_speaker=record.get("first_speaker", "a"))
    for ev in record.get("events", []):
        apply(state, ev)
    return state


def latest_position(record: dict[str, Any]) -> Position | None:
    """The last known moment: the last event, or the heartbeat if it is later in the same run."""
    events = record.get("events") or []
    if not events:
        return None
    seg, m = int(events[-1].get("seg", 0)), float(events[-1].get("m", 0.0))
    beat = record.get("heartbeat") or {}
    if beat.get("seg") == seg and float(beat.get("m", 0.0)) > m:
        m = float(beat["m"])
    return seg, m


def advance_to(state: CheckinState, at: Position) -> None:
    """Move the clocks on to a position in the state's current segment."""
    seg, m = at
    if seg == state.seg:
        advance(state, state.seg_base + m)


def replay(record: dict[str, Any], at: Position | None = None) -> CheckinState:
    """The state of a saved check-in at ``at`` (default: its last known moment)."""
    state = fold(record)
    position = at if at is not None else latest_position(record)
    if position is not None:
        advance_to(state, position)
    return state
