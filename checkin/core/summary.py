"""What a check-in adds up to, computed from its events (the same facts as the live state)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from checkin.core.events import replay
from checkin.core.records import BlockSummary, Counted, Summary
from checkin.core.state import CheckinState, Rating


def talk_share(talk: Mapping[str, float]) -> dict[str, int]:
    """Each partner's share of talking time in whole percent, summing to 100 (0/0 with no talk)."""
    total = talk.get("a", 0.0) + talk.get("b", 0.0)
    if total <= 0:
        return {"a": 0, "b": 0}
    share_a = round(100 * talk.get("a", 0.0) / total)
    return {"a": share_a, "b": 100 - share_a}


def _ratings(ratings: dict[str, Rating]) -> dict[str, dict[str, Any] | None]:
    return {p: asdict(ratings[p]) if p in ratings else None for p in ("a", "b")}


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    return "under a minute" if minutes == 0 and seconds > 0 else f"{minutes} min"


def summary(
    record: dict[str, Any], names: dict[str, str] | None = None, state: CheckinState | None = None
) -> Summary:
    """A JSON-safe summary of a check-in (all times in seconds).

    ``state`` may be passed to summarise a live state; by default the record is replayed to its
    last known moment. ``names`` ({"a": "Ana", "b": "Bo"}) is used only for the ``text`` lines.
    """
    state = state or replay(record)
    names = {"a": "A", "b": "B", **(names or {})}
    share = talk_share(state.talk)
    blocks: list[BlockSummary] = [
        {
            "id": block.id,
            "title": block.title,
            "kind": block.kind,
            "planned": block.seconds,
            "used": used,
            "topic": state.topics.get(i),
        }
        for i, (block, used) in enumerate(zip(state.agenda.blocks, state.block_used, strict=True))
    ]
    text = [
        f"Time talking: {_minutes(state.meeting_used)} of {_minutes(state.meeting_planned)} planned.",
    ]
    if state.talk_total > 0:
        text.append(f"Talking time: {names['a']} {share['a']}%, {names['b']} {share['b']}%.")
    if state.break_count:
        text.append(f"Breaks taken: {state.break_count} ({_minutes(state.break_total)}).")
    return {
        "id": record.get("id"),
        "agenda": state.agenda.id,
        "status": state.status,
        "started_at": record.get("started_at"),
        "ended_at": record.get("ended_at"),
        "elapsed": state.elapsed,
        "planned": state.meeting_planned,
        "used": state.meeting_used,
        "blocks": blocks,
        "talk": dict(state.talk),
        "talk_share": share,
        "together": state.together,
        "ratings_before": _ratings(state.ratings_before),
        "ratings_after": _ratings(state.ratings_after),
        "actions": [asdict(a) for a in state.actions],
        "review": dict(state.review),
        "notes": len(state.notes),
        "pauses": _called(record, "pause", state.pause_count, state.paused_seconds),
        "breaks": _called(record, "walk_away", state.break_count, state.break_total),
        "parked": [asdict(p) for p in state.parked],
        "facilitator": _facilitator(record),
        "text": text,
    }


def _called(record: dict[str, Any], kind: str, count: int, seconds: float) -> Counted:
    """How many pauses or breaks there were and how long, and (only when any) how many of them
    (``kind``: "pause" or "walk_away") the facilitator called."""
    out: Counted = {"count": count, "seconds": seconds}
    called = sum(
        1 for ev in record.get("events") or []
        if isinstance(ev, dict) and ev.get("type") == kind and ev.get("caller") == "facilitator"
    )  # fmt: skip
    if called:
        out["facilitator"] = called
    return out


def _facilitator(record: dict[str, Any]) -> dict[str, Any] | None:
    """The friend in the room, with their role (the index and the export carry it)."""
    from checkin.core.facilitator import of_record

    found = of_record(record)
    return found.to_dict() if found else None


def open_actions_after(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The open action items to review next time: last week's items not marked done or dropped,
    and this check-in's new items."""
    state = replay(record)
    carried = [
        dict(item)
        for item in record.get("previous_actions", [])
        if state.review.get(str(item.get("id"))) not in ("done", "dropped")
    ]
    new = [
        {"id": a.id, "text": a.text, "owner": a.owner, "due": a.due, "created": a.at} for a in state.actions
    ]
    return carried + new
