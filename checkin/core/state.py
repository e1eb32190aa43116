"""The state of a running check-in, as derived from its events (see :mod:`checkin.core.events`).

All durations are seconds of monotonic time while the app was open; time while the app was closed
never counts. The derived properties are cheap, so the UI can read them on every repaint.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import arrow

from checkin.core.agenda import Agenda, Block

# One definition, in core.model; re-exported because the runner and screens import them from here.
from checkin.core.model import PARTNERS as PARTNERS
from checkin.core.model import Phase
from checkin.core.model import other as other

MIN_BREAK_MINUTES = 20
MAX_BREAK_MINUTES = 24 * 60


@dataclass(frozen=True)
class Note:
    """A note written during a block, by "a", "b" or "both". An agreement the facilitator noted
    is a note of both with ``kind`` "agreement" (a facilitator writes nothing else)."""

    id: str
    block: int
    partner: str
    text: str
    at: str
    kind: str = "note"


@dataclass(frozen=True)
class Rating:
    """A partner's mood and connection (0-10), and optionally whether a hard topic is OK today."""

    mood: int
    connection: int
    hard_topic_ok: bool | None = None


@dataclass(frozen=True)
class Action:
    """A new action item: who does it ("a", "b" or "both") and by when (ISO date)."""

    id: str
    text: str
    owner: str
    due: str
    block: int
    at: str


@dataclass(frozen=True)
class Parked:
    """A topic parked for next week."""

    text: str
    block: int
    at: str


def _zero_pair() -> dict[str, float]:
    return {"a": 0.0, "b": 0.0}


def _false_pair() -> dict[str, bool]:
    return {"a": False, "b": False}


@dataclass
class CheckinState:
    """Everything the screen shows, as of the time ``t``.

    ``phase`` is one of: ``together`` (one shared timer), ``turn`` (a turns block),
    ``turns_done`` (all turns of a turns block are over), ``speak``, ``paraphrase``, ``check``
    ("Is there more?") and ``solve`` (both feel understood) in a floor block.
    ``speaker`` holds the floor (None when talking together); talk time goes to the floor holder.
    """

    agenda: Agenda
    first_speaker: str = "a"
    # where we are on the timeline: all app runs (segments) joined end to end
    seg: int = -1
    seg_base: float = 0.0
    t: float = 0.0
    started: bool = False
    events: int = 0
    wall_at: str | None = None
    wall_t: float = 0.0
    # where we are in the agenda
    block_index: int = 0
    phase: Phase = "together"
    speaker: str | None = None
    turn_index: int = 0
    turn_used: float = 0.0
    turn_added: float = 0.0
    understood: dict[str, bool] = field(default_factory=_false_pair)
    topics: dict[int, str] = field(default_factory=dict)
    # time buckets: talk a + talk b + together + paused + break == elapsed
    elapsed: float = 0.0
    talk: dict[str, float] = field(default_factory=_zero_pair)
    together: float = 0.0
    paused_seconds: float = 0.0
    break_seconds: float = 0.0
    block_used: list[float] = field(default_factory=list)
    block_added: list[float] = field(default_factory=list)
    # pause
    paused: bool = False
    pause_len: float = 0.0
    pause_count: int = 0
    pause_caller: str | None = None  # "facilitator" when the friend in the room called the pause
    # break (walk away); break_elapsed also counts time while the app was closed
    on_break: bool = False
    break_planned: float = 0.0
    break_elapsed: float = 0.0
    break_away: float = 0.0
    break_count: int = 0
    break_time_done: float = 0.0
    break_caller: str | None = None
    ready: dict[str, bool] = field(default_factory=_false_pair)
    suspended: bool = False
    finished: bool = False
    status: str = "in_progress"
    # what was said and decided
    notes: list[Note] = field(default_factory=list)
    ratings: dict[int, dict[str, Rating]] = field(default_factory=dict)
    review: dict[str, str] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    parked: list[Parked] = field(default_factory=list)

    def __post_init__(self) -> None:
        count = len(self.agenda.blocks)
        if not self.block_used:
            self.block_used = [0.0] * count
        if not self.block_added:
            self.block_added = [0.0] * count

    def copy(self) -> CheckinState:
        """An independent copy (items are immutable, so containers are copied one level)."""
        new = copy.copy(self)
        for name in ("understood", "topics", "talk", "ready", "review"):
            setattr(new, name, dict(getattr(self, name)))
        for name in ("block_used", "block_added", "notes", "actions", "parked"):
            setattr(new, name, list(getattr(self, name)))
        new.ratings = {k: dict(v) for k, v in self.ratings.items()}
        return new

    # -- the agenda ----------------------------------------------------------------------------
    @property
    def block(self) -> Block:
        return self.agenda.blocks[self.block_index]

    @property
    def is_last_block(self) -> bool:
        return self.block_index >= len(self.agenda.blocks) - 1

    @property
    def listener(self) -> str | None:
        return other(self.speaker) if self.speaker else None

    @property
    def turn_of(self) -> str | None:
        """Who should be talking now: the listener while paraphrasing, else the floor holder."""
        if self.phase == "paraphrase":
            return self.listener
        return self.speaker

    @property
    def round(self) -> int | None:
        """1-based round in a turns or floor block (each partner speaks once per round)."""
        return self.turn_index // 2 + 1 if self.block.has_floor else None

    @property
    def rounds(self) -> int | None:
        return self.block.rounds if self.block.kind == "turns" else None

    # -- countdowns (negative = overtime) ------------------------------------------------------
    @property
    def turn_planned(self) -> float | None:
        block = self.block
        if self.phase in ("turn", "speak") and block.turn_minutes:
            return block.turn_minutes * 60.0 + self.turn_added
        if self.phase == "paraphrase" and block.paraphrase_minutes:
            return block.paraphrase_minutes * 60.0 + self.turn_added
        return None

    @property
    def turn_remaining(self) -> float | None:
        planned = self.turn_planned
        return None if planned is None else planned - self.turn_used

    @property
    def block_remaining(self) -> float:
        i = self.block_index
        return self.block.seconds + self.block_added[i] - self.block_used[i]

    @property
    def countdown(self) -> float:
        """The big countdown: the current turn's if there is one, else the block's."""
        turn = self.turn_remaining
        return self.block_remaining if turn is None else turn

    @property
    def overtime(self) -> bool:
        return not self.finished and self.countdown < 0

    # -- the whole meeting ---------------------------------------------------------------------
    @property
    def meeting_planned(self) -> float:
        return self.agenda.minutes * 60.0

    @property
    def meeting_used(self) -> float:
        """Time spent in blocks (not paused, not on a break)."""
        return sum(self.block_used)

    @property
    def meeting_remaining(self) -> float:
        """Planned time still ahead: what is left of this block (never negative) and later blocks."""
        if self.finished:
            return 0.0
        later = sum(b.seconds for b in self.agenda.blocks[self.block_index + 1 :])
        return max(0.0, self.block_remaining) + later

    @property
    def ahead_behind(self) -> float:
        """Seconds ahead of plan (positive) or behind it (negative), projecting the rest as planned."""
        return self.meeting_planned - (self.meeting_used + self.meeting_remaining)

    @property
    def block_times(self) -> list[tuple[float, float]]:
        """(planned, used) seconds per block."""
        return [(b.seconds, u) for b, u in zip(self.agenda.blocks, self.block_used, strict=True)]

    @property
    def talk_total(self) -> float:
        return self.talk["a"] + self.talk["b"]

    # -- break ---------------------------------------------------------------------------------
    @property
    def break_left(self) -> float:
        """Seconds until the agreed return (negative once it has passed); 0 when not on a break."""
        return self.break_planned - self.break_elapsed if self.on_break else 0.0

    @property
    def can_return(self) -> bool:
        """At least the minimum break (20 min) has passed, so both may say they are ready."""
        return self.on_break and self.break_elapsed >= MIN_BREAK_MINUTES * 60 - 1e-6

    @property
    def both_ready(self) -> bool:
        return all(self.ready.values())

    @property
    def break_end(self) -> str | None:
        """The agreed return as UTC ISO-8601 (estimated from monotonic time since the last event)."""
        if not self.on_break or self.wall_at is None:
            return None
        end = arrow.get(self.wall_at).shift(seconds=self.t - self.wall_t + self.break_left)
        return end.isoformat()

    @property
    def break_total(self) -> float:
        """Length of all breaks so far, including time while the app was closed."""
        return self.break_time_done + (self.break_elapsed if self.on_break else 0.0)

    # -- what was said -------------------------------------------------------------------------
    def notes_for(self, block: int | None = None) -> list[Note]:
        index = self.block_index if block is None else block
        return [n for n in self.notes if n.block == index]

    def _stage_ratings(self, stage: str) -> dict[str, Rating]:
        indexes = [i for i, b in enumerate(self.agenda.blocks) if b.kind == "rating"]
        indexes = [i for i in indexes if self.agenda.blocks[i].stage == stage]
        if stage == "after":
            indexes.reverse()
        for i in indexes:
            if self.ratings.get(i):
                return dict(self.ratings[i])
        return {}

    @property
    def ratings_before(self) -> dict[str, Rating]:
        return self._stage_ratings("before")

    @property
    def ratings_after(self) -> dict[str, Rating]:
        return self._stage_ratings("after")
