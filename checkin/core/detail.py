"""One finished check-in in detail, worked out from its events (no Textual here)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from checkin.core.agenda import Agenda
from checkin.core.dates import minutes_words
from checkin.core.events import advance_to, apply, latest_position
from checkin.core.facilitator import ROLE, with_words
from checkin.core.model import PARTNERS
from checkin.core.state import CheckinState
from checkin.core.summary import talk_share


@dataclass
class Turn:
    speaker: str
    seconds: float


@dataclass
class BlockDetail:
    index: int
    title: str
    kind: str
    planned: float
    used: float
    topic: str | None
    notes: list[tuple[str, str]]  # (partner "a" | "b" | "both", or "agreement" (noted by the facilitator), text)
    turns: list[Turn]


@dataclass
class Stop:
    """A pause or a break, placed on the meeting's timeline (seconds from the start)."""

    kind: str  # "pause" | "break"
    at: float
    seconds: float
    caller: str | None = None  # a partner only when the couple chose to record it; "facilitator" always
    handed_back: bool = False  # the facilitator handed back the floor to end it


@dataclass
class CheckinDetail:
    id: str
    started_at: str
    status: str
    agenda: str
    elapsed: float
    blocks: list[BlockDetail]
    talk: dict[str, float]
    share: dict[str, int]
    stops: list[Stop]
    ratings_before: dict[str, dict[str, Any] | None]
    ratings_after: dict[str, dict[str, Any] | None]
    actions: list[dict[str, Any]]  # this check-in's new items
    reviewed: list[dict[str, Any]]  # last week's items and what was decided
    notes: int
    facilitator: str = ""  # "with Mira" when a friend was in the room


def checkin_detail(record: Mapping[str, Any]) -> CheckinDetail:
    """Blocks with notes and floor turns, and pauses and breaks on a timeline, from the events."""
    agenda = Agenda.from_dict(record["agenda"], "check-in agenda")
    state = CheckinState(agenda=agenda, first_speaker=record.get("first_speaker", "a"))
    turns: dict[int, list[Turn]] = defaultdict(list)
    stops: list[Stop] = []
    current: tuple[int, int, str] | None = None  # (block, turn, speaker) of the last turn
    pause: tuple[Stop, float] | None = None  # the open pause and paused seconds at its start
    brk: tuple[Stop, float] | None = None  # the open break and break time done at its start
    for ev in record.get("events") or []:
        block, speaker, turn_index = state.block_index, state.speaker, state.turn_index
        talk_before = dict(state.talk)
        was_paused, was_break = state.paused, state.on_break
        apply(state, ev)
        if speaker is not None:
            spent = state.talk[speaker] - talk_before[speaker]
            key = (block, turn_index, speaker)
            if current == key:
                turns[block][-1].seconds += spent
            elif spent > 0:
                turns[block].append(Turn(speaker, spent))
                current = key
        if pause is not None and not state.paused:
            pause[0].seconds = state.paused_seconds - pause[1]
            pause[0].handed_back = ev.get("type") == "hand_back"
            pause = None
        if brk is not None and not state.on_break:
            brk[0].seconds = state.break_time_done - brk[1]
            brk[0].handed_back = ev.get("type") == "hand_back"
            brk = None
        if not was_paused and state.paused:
            caller = ROLE if ev.get("caller") == ROLE else None
            pause = (Stop("pause", state.elapsed, 0.0, caller), state.paused_seconds)
            stops.append(pause[0])
        if not was_break and state.on_break:
            caller = ev.get("caller") if ev.get("caller") in (*PARTNERS, ROLE) else None
            brk = (Stop("break", state.elapsed, 0.0, caller), state.break_time_done)
            stops.append(brk[0])
    position = latest_position(dict(record))
    if position is not None:
        advance_to(state, position)
    if pause is not None:
        pause[0].seconds = state.paused_seconds - pause[1]
    if brk is not None:
        brk[0].seconds = state.break_total - brk[1]
    notes_by_block: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for n in state.notes:
        notes_by_block[n.block].append(("agreement" if n.kind == "agreement" else n.partner, n.text))
    blocks = [
        BlockDetail(
            index=i,
            title=b.title,
            kind=b.kind,
            planned=b.seconds,
            used=state.block_used[i],
            topic=state.topics.get(i),
            notes=notes_by_block.get(i, []),
            turns=turns.get(i, []),
        )
        for i, b in enumerate(agenda.blocks)
    ]
    summary = record.get("summary") or {}
    review = state.review
    reviewed = [
        {**dict(item), "status": review.get(str(item.get("id")), "not looked at")}
        for item in record.get("previous_actions") or []
    ]
    return CheckinDetail(
        id=str(record.get("id")),
        started_at=str(record.get("started_at")),
        status=state.status,
        agenda=agenda.title,
        elapsed=state.elapsed,
        blocks=blocks,
        talk=dict(state.talk),
        share=talk_share(dict(state.talk)),
        stops=stops,
        ratings_before=summary.get("ratings_before") or _ratings_dict(state.ratings_before),
        ratings_after=summary.get("ratings_after") or _ratings_dict(state.ratings_after),
        actions=[{"id": a.id, "text": a.text, "owner": a.owner, "due": a.due} for a in state.actions],
        reviewed=reviewed,
        notes=len(state.notes),
        facilitator=with_words(record),
    )


def stop_words(stop: Stop, names: Mapping[str, str]) -> str:
    """A pause or a break in words, without blame: "the facilitator called a break of 20 min"."""
    minutes = minutes_words
    what = "a pause" if stop.kind == "pause" else "a break"
    if stop.caller == ROLE:
        line = f"the facilitator called {what} of {minutes(stop.seconds)}"
    else:
        line = f"{what} of {minutes(stop.seconds)}"
        if stop.caller in PARTNERS and stop.caller in names:
            line += f", asked for by {names[stop.caller]}"
    if stop.handed_back:
        line += ", then handed back the floor" if stop.caller == ROLE else "; the facilitator handed back the floor"
    return line


def _ratings_dict(ratings: Mapping[str, Any]) -> dict[str, dict[str, Any] | None]:
    return {
        p: {"mood": r.mood, "connection": r.connection, "hard_topic_ok": r.hard_topic_ok}
        if (r := ratings.get(p))
        else None
        for p in PARTNERS
    }


__all__ = ["BlockDetail", "CheckinDetail", "Stop", "Turn", "checkin_detail", "stop_words"]
