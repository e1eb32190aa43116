"""The shapes of what checkin stores, in one place: a check-in record, its summary (the index row)
and the hobbies section. They are plain JSON dicts on disk; these TypedDicts name their keys for
readers and for mypy. Data from disk may hold more (unknown keys are kept), so readers still use
``.get`` where a key can be missing in older files."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

Status = Literal["in_progress", "finished", "ended_early", "parked"]


class Heartbeat(TypedDict):
    """How far a check-in got: the segment, the minute inside it, and when that was saved."""

    seg: int
    m: float
    at: str


class CheckinRecord(TypedDict):
    """One check-in: the agenda it follows and the events that happened (``core/events.py``)."""

    id: str
    schema: int
    agenda: dict[str, Any]
    first_speaker: str
    started_at: str
    ended_at: str | None
    status: str
    previous_actions: list[dict[str, Any]]
    events: list[dict[str, Any]]
    heartbeat: Heartbeat
    summary: NotRequired[Summary]


class BlockSummary(TypedDict):
    id: str
    title: str
    kind: str
    planned: float
    used: float
    topic: str | None


class Counted(TypedDict):
    count: int
    seconds: float
    facilitator: NotRequired[int]  # how many of them the facilitator called (only when any)


class Summary(TypedDict):
    """What a check-in adds up to (``core/summary.py``); all times in seconds."""

    id: str | None
    agenda: str
    status: str
    started_at: str | None
    ended_at: str | None
    elapsed: float
    planned: float
    used: float
    blocks: list[BlockSummary]
    talk: dict[str, float]
    talk_share: dict[str, int]
    together: float
    ratings_before: dict[str, dict[str, Any] | None]
    ratings_after: dict[str, dict[str, Any] | None]
    actions: list[dict[str, Any]]
    review: dict[str, str]
    notes: int
    pauses: Counted
    breaks: Counted
    parked: list[dict[str, Any]]
    facilitator: dict[str, Any] | None  # the friend in the room, with their role
    text: list[str]
    # Added when the check-in is finished (``core/finishing.py``), for the next one:
    first_speaker: NotRequired[str | None]
    open_actions: NotRequired[list[dict[str, Any]]]


class HobbiesSection(TypedDict):
    """The stored hobby picker (``HobbyState.to_dict``): blind ratings, skips, own activities,
    hidden ones and plans. Unknown keys read from a newer file are written back too."""

    version: int
    ratings_a: dict[str, str]
    ratings_b: dict[str, str]
    skipped_a: list[str]
    skipped_b: list[str]
    custom: list[dict[str, Any]]
    hidden: list[str]
    plans: list[dict[str, Any]]
