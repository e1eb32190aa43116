"""Running a check-in: commands become events, events become state.

Typical use (screens go through :class:`checkin.core.session.CheckinSession`, which does this)::

    record = new_checkin(agenda, first_speaker_for(last_first), clock, previous_actions=open_items)
    runner = CheckinRunner(record, clock, on_change=repository.save_current)
    runner.pass_floor()            # every command appends one event and calls on_change(record)
    runner.heartbeat()             # about once a second, so a crash loses at most ~1 s
    state = runner.state           # recomputed from monotonic totals; read it on every repaint

Opening a saved, unfinished record with ``CheckinRunner(record, clock)`` starts a new segment:
time while the app was closed never counts (only a running break keeps counting down).
Invalid commands raise :class:`checkin.errors.Refusal` (a ``ValueError``) with a message fit to show to the couple.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import arrow

from checkin.core.agenda import Agenda
from checkin.core.clock import Clock
from checkin.core.events import Event, Position, advance_to, apply, fold, replay
from checkin.core.facilitator import ROLE as FACILITATOR
from checkin.core.model import FLOOR_PHASES
from checkin.core.record import (
    DRAFT_LIMIT,
    MORE_TIME_MAX_MINUTES,
    NOTE_LIMIT,
    TEXT_LIMIT,
    check_minutes,
    check_partner,
    check_text,
    first_speaker_for,
    new_checkin,
    split_note,
)
from checkin.core.runner_words import SaidAndDecided
from checkin.core.state import (
    MAX_BREAK_MINUTES,
    MIN_BREAK_MINUTES,
    CheckinState,
)
from checkin.core.summary import open_actions_after, summary
from checkin.errors import Refusal

__all__ = [
    "DRAFT_LIMIT",
    "NOTE_LIMIT",
    "TEXT_LIMIT",
    "CheckinRunner",
    "CheckinState",
    "first_speaker_for",
    "new_checkin",
    "open_actions_after",
    "replay",
    "split_note",
    "summary",
]


class CheckinRunner(SaidAndDecided):
    """Drives one check-in record. ``on_change(record)`` is called after every event and heartbeat
    (the app saves the record then)."""

    def __init__(
        self,
        record: dict[str, Any],
        clock: Clock,
        on_change: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.record = record
        self.clock = clock
        self.on_change = on_change
        record.setdefault("previous_actions", [])
        record.setdefault("events", [])
        self.agenda = Agenda.from_dict(record["agenda"], "check-in agenda")
        self._base = fold(record, self.agenda)
        self._origin = clock.monotonic()
        if self._base.finished:
            self._seg = max(self._base.seg, 0)
        elif not record["events"]:
            self._seg = 0
            self._append("start")
        else:
            self._seg = self._base.seg + 1
            self._reopen()

    # -- time ----------------------------------------------------------------------------------
    @property
    def position(self) -> Position:
        """(segment, monotonic seconds since this segment began): now, on the check-in's timeline."""
        return self._seg, self.clock.monotonic() - self._origin

    @property
    def state(self) -> CheckinState:
        """The state now (a fresh copy; computed from totals, so it never drifts)."""
        state = self._base.copy()
        advance_to(state, self.position)
        return state

    def heartbeat(self) -> None:
        """Record how far this run got (overwrites, not an event). Call about once a second."""
        if self._base.finished:
            return
        seg, m = self.position
        self.record["heartbeat"] = {"seg": seg, "m": m, "at": self.clock.now().isoformat()}
        self._changed()

    def _reopen(self) -> None:
        """Start a new segment; the previous one ended at its last event or heartbeat."""
        last = self.record["events"][-1]
        prev_end, prev_at = float(last.get("m", 0.0)), last.get("at")
        beat = self.record.get("heartbeat") or {}
        if beat.get("seg") == last.get("seg") and float(beat.get("m", 0.0)) > prev_end:
            prev_end, prev_at = float(beat["m"]), beat.get("at", prev_at)
        try:
            gap = max(0.0, (self.clock.now() - arrow.get(prev_at)).total_seconds())
        except (TypeError, ValueError):  # arrow.ParserError is a ValueError
            gap = 0.0
        self._append("reopen", prev_end=prev_end, gap=gap)

    # -- events --------------------------------------------------------------------------------
    def _append(self, kind: str, /, **payload: Any) -> Event:
        seg, m = self.position
        at = self.clock.now().isoformat()
        ev: Event = {"type": kind, "at": at, "seg": seg, "m": m, **payload}
        self.record["events"].append(ev)
        apply(self._base, ev)
        self.record["heartbeat"] = {"seg": seg, "m": m, "at": at}
        if self._base.finished:
            self.record["status"] = self._base.status
            self.record["ended_at"] = at
        self._changed()
        return ev

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.record)

    def _live(self, *, on_break: bool = False, paused: bool = True) -> CheckinState:
        """The state now, after checking the check-in can take a command in its current mode."""
        state = self.state
        if state.finished:
            raise Refusal("This check-in is finished.")
        if state.suspended:
            raise Refusal("This check-in was put aside for today; resume it to go on.")
        if state.on_break and not on_break:
            raise Refusal("You are taking a break. Come back when you are both ready.")
        if state.paused and not paused:
            raise Refusal("Paused. Resume first.")
        return state

    # -- the floor -----------------------------------------------------------------------------
    def pass_floor(self) -> None:
        """Turns: next turn. Floor: speak -> paraphrase -> "Is there more?" -> the floor passes."""
        state = self._live(paused=False)
        if state.phase not in FLOOR_PHASES:
            raise Refusal(
                {
                    "turns_done": "All turns are done; go on to the next part when you are ready.",
                    "solve": "You both feel understood: now you solve it together.",
                }.get(state.phase, "You talk together in this part; there is no floor to pass.")
            )
        self._append("pass_floor")

    def there_is_more(self) -> None:
        """The answer to "Is there more?" is yes: the same speaker goes on."""
        state = self._live(paused=False)
        if state.phase != "check":
            raise Refusal("'Is there more?' comes after the listener's paraphrase.")
        self._append("more")

    def confirm_understood(self, partner: str) -> None:
        """This partner feels understood; when it is the speaker, the floor passes. Solving starts
        when both feel understood."""
        check_partner(partner)
        state = self._live(paused=False)
        if state.block.kind != "floor":
            raise Refusal("Feeling understood is asked in a speaker-listener part.")
        if state.phase == "solve":
            raise Refusal("You both already feel understood.")
        self._append("understood", partner=partner)

    # -- pause and break -----------------------------------------------------------------------
    def pause(self, caller: str | None = None) -> None:
        """Freeze every timer. ``caller`` "facilitator" records that the friend in the room called
        the pause (a partner's pause records nobody)."""
        payload = self._caller(caller, partners=False)
        if self._live().paused:
            raise Refusal("Already paused.")
        self._append("pause", **payload)

    def hand_back(self) -> None:
        """The facilitator hands back the floor: a pause ends, or a break once it has lasted
        the 20 minutes every break lasts. The talk goes on where it stopped."""
        state = self._live(on_break=True)
        if state.on_break:
            if not state.can_return:
                left = MIN_BREAK_MINUTES * 60 - state.break_elapsed
                raise Refusal(f"Give the break at least {MIN_BREAK_MINUTES} minutes: {left / 60:.0f} to go.")
        elif not state.paused:
            raise Refusal("The talk is going on: there is no floor to hand back.")
        self._append("hand_back", caller=FACILITATOR)

    @staticmethod
    def _caller(caller: str | None, *, partners: bool = True) -> dict[str, Any]:
        """The ``caller`` of a pause or a break as an event field (nothing when not given)."""
        if caller is None:
            return {}
        if caller == FACILITATOR:
            return {"caller": FACILITATOR}
        if not partners:
            raise Refusal("Only the facilitator's pauses are recorded by who called them.")
        return {"caller": check_partner(caller)}

    def resume(self) -> None:
        """End a pause, or go on with a check-in that was put aside for today."""
        state = self.state
        if state.finished:
            raise Refusal("This check-in is finished.")
        if not state.suspended:
            if state.on_break:
                raise Refusal("You are taking a break. Come back when you are both ready.")
            if not state.paused:
                raise Refusal("Not paused.")
        self._append("resume")

    @staticmethod
    def break_minutes(minutes: Any) -> float:
        """The length of a break, checked: 20 minutes to 24 hours."""
        return check_minutes(minutes, MIN_BREAK_MINUTES, MAX_BREAK_MINUTES, "A break")

    def walk_away(self, minutes: float = MIN_BREAK_MINUTES, caller: str | None = None) -> None:
        """Take a break of 20 minutes to 24 hours. ``caller`` ("a", "b" or "facilitator") is
        recorded only if given."""
        minutes = self.break_minutes(minutes)
        payload: dict[str, Any] = {"minutes": minutes, **self._caller(caller)}
        self._live()
        self._append("walk_away", **payload)

    def more_time(self, minutes: float) -> None:
        minutes = check_minutes(minutes, 1, MORE_TIME_MAX_MINUTES, "More time")
        state = self._live(on_break=True)
        if not state.on_break:
            raise Refusal("More time is for a break.")
        if state.break_planned + minutes * 60 > MAX_BREAK_MINUTES * 60 + 1e-6:
            raise Refusal("A break lasts at most 24 hours. Come back together, even briefly, and decide.")
        self._append("more_time", minutes=minutes)

    def ready(self, partner: str) -> None:
        """This partner is ready to come back; the talk resumes when both are."""
        check_partner(partner)
        state = self._live(on_break=True)
        if not state.on_break:
            raise Refusal("There is no break to come back from.")
        if not state.can_return:
            left = MIN_BREAK_MINUTES * 60 - state.break_elapsed
            raise Refusal(f"Give it at least {MIN_BREAK_MINUTES} minutes: {left / 60:.0f} to go.")
        self._append("ready", partner=partner)

    def end_for_today(self) -> None:
        """Stop for now. The check-in stays resumable; a running break keeps counting down."""
        state = self.state
        if state.finished:
            raise Refusal("This check-in is finished.")
        if state.suspended:
            raise Refusal("Already put aside for today.")
        self._append("end_for_today")

    def park_topic(self, text: str = "") -> None:
        """Park a topic (default: the current one) for next week and go on to the next block.
        From a break this also ends the break (after the minimum 20 minutes)."""
        state = self._live(on_break=True, paused=False)
        if state.on_break and not state.can_return:
            raise Refusal(f"Give the break at least {MIN_BREAK_MINUTES} minutes first.")
        text = text.strip() if isinstance(text, str) else text
        text = check_text(text or state.topics.get(state.block_index, ""), TEXT_LIMIT, "The topic")
        self._append("park", text=text, block=state.block_index)

    # -- moving on -----------------------------------------------------------------------------
    def check_next_block(self) -> None:
        """Refuse (as ``next_block`` would) without recording anything."""
        if self._live(paused=False).is_last_block:
            raise Refusal("This is the last part; finish the check-in instead.")

    def next_block(self) -> None:
        self.check_next_block()
        self._append("next_block")

    def add_minute(self) -> None:
        """One more minute for the current turn (if timed) and block."""
        self._live()
        self._append("add_minute")

    def finish(self) -> None:
        """End the check-in: "completed" from the last block, else "ended_early"."""
        state = self.state
        if state.finished:
            raise Refusal("This check-in is already finished.")
        self._append("finish", status="completed" if state.is_last_block else "ended_early")
