"""What is said and decided in a check-in: notes, the note being typed, ratings, the topic,
last week's action items reviewed and new ones. Part of :class:`CheckinRunner`; each command
checks its input, appends one event and returns (the runner saves and recomputes the state).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from checkin.core.clock import Clock
from checkin.core.events import Event
from checkin.core.facilitator import ROLE as FACILITATOR
from checkin.core.record import (
    DRAFT_LIMIT,
    DUE_MAX_YEARS,
    NOTE_LIMIT,
    OWNERS,
    REVIEW_STATUSES,
    TEXT_LIMIT,
    check_partner,
    check_score,
    check_text,
    split_note,
)
from checkin.core.state import CheckinState
from checkin.errors import Refusal


class SaidAndDecided:
    """The runner's commands for words and decisions (see :class:`CheckinRunner`)."""

    record: dict[str, Any]
    clock: Clock
    _base: CheckinState  # the folded state the runner keeps

    def _live(self, *, on_break: bool = False, paused: bool = True) -> CheckinState:
        raise NotImplementedError  # the runner's

    def _append(self, kind: str, /, **payload: Any) -> Event:
        raise NotImplementedError  # the runner's

    # -- what is said and decided --------------------------------------------------------------
    def add_notes(self, partner: str, text: str) -> list[str]:
        """Long text kept whole as several notes, split at paragraph ends (``split_note``)."""
        return [self.add_note(partner, part) for part in split_note(text)]

    def add_note(self, partner: str, text: str) -> str:
        """A note by "a", "b" or "both" for the current block; returns its id."""
        check_partner(partner, ("a", "b", "both"))
        text = check_text(text, NOTE_LIMIT, "The note")
        state = self._live()
        note_id = uuid.uuid4().hex[:12]
        self.record["draft"] = None
        self._append("note", id=note_id, partner=partner, text=text, block=state.block_index)
        return note_id

    def add_agreement(self, text: str) -> str:
        """The facilitator notes what both partners agreed (a note of both, marked as an
        agreement). A facilitator's notes are agreements and action items, nothing else: they
        never write down what a partner said. Returns the note's id."""
        text = check_text(text, NOTE_LIMIT, "The agreement")
        state = self._live()
        note_id = uuid.uuid4().hex[:12]
        self._append(
            "note", id=note_id, partner="both", text=text, block=state.block_index, kind="agreement", by=FACILITATOR
        )
        return note_id

    def add_facilitator_action(self, text: str, days: int = 7) -> str:
        """An action item the facilitator noted: for both of you, due in ``days`` (the couple
        can change who and when in the action items part). Returns its id."""
        due = (self.clock.now().date() + timedelta(days=days)).isoformat()
        return self.add_action(text, "both", due, by=FACILITATOR)

    def remove_note(self, note_id: str) -> None:
        if not any(n.id == note_id for n in self._live().notes):
            raise Refusal("There is no such note.")
        self._append("remove_note", id=note_id)

    def save_draft(self, partner: str, text: str) -> None:
        """Keep unsaved note text in the record (no event); it is saved with the next heartbeat."""
        check_partner(partner, ("a", "b", "both"))
        # Past one note's limit the text is still kept (it is split into notes when saved). Past
        # DRAFT_LIMIT it would be cut here, so the talk screen saves such text as notes first
        # (split_note) and never hands a longer draft to this bound.
        draft = {"block": self._base.block_index, "partner": partner, "text": str(text)[: DRAFT_LIMIT]}
        self.record["draft"] = draft if text else None

    @property
    def draft(self) -> dict[str, Any] | None:
        return self.record.get("draft")

    def set_rating(self, partner: str, mood: int, connection: int, hard_topic_ok: bool | None = None) -> None:
        check_partner(partner)
        payload: dict[str, Any] = {
            "partner": partner,
            "mood": check_score(mood, "Mood"),
            "connection": check_score(connection, "Connection"),
        }
        if hard_topic_ok is not None:
            if not isinstance(hard_topic_ok, bool):
                raise Refusal("hard_topic_ok must be true, false or left out")
            payload["hard_topic_ok"] = hard_topic_ok
        state = self._live()
        if state.block.kind != "rating":
            raise Refusal("Ratings are given in a rating part.")
        self._append("rating", block=state.block_index, **payload)

    def set_topic(self, text: str) -> None:
        text = check_text(text, TEXT_LIMIT, "The topic")
        state = self._live()
        if state.block.kind != "floor":
            raise Refusal("A topic is chosen in a speaker-listener part.")
        self._append("topic", text=text, block=state.block_index)

    def review_item(self, item_id: str, status: str) -> None:
        """Mark one of last week's action items "done", "carried" (over) or "dropped"."""
        if status not in REVIEW_STATUSES:
            raise Refusal(f"status must be one of {', '.join(REVIEW_STATUSES)}")
        known = {str(item.get("id")) for item in self.record.get("previous_actions", [])}
        if item_id not in known:
            raise Refusal("There is no such action item from last time.")
        self._live()
        self._append("review", item=item_id, status=status)

    def add_action(self, text: str, owner: str, due: str, by: str | None = None) -> str:
        """A new action item for "a", "b" or "both", due on an ISO date; returns its id.
        ``by`` "facilitator" records that the friend in the room noted it."""
        text = check_text(text, TEXT_LIMIT, "The action item")
        check_partner(owner, OWNERS)
        try:
            day = date.fromisoformat(due)
        except (TypeError, ValueError):
            raise Refusal("The due date must be a date like 2026-11-29.") from None
        today = self.clock.now().date()
        if (day - today).days > DUE_MAX_YEARS * 366:
            raise Refusal(
                f"{day.isoformat()} is more than {DUE_MAX_YEARS} years away; an action item is for "
                "the coming weeks. Please pick a nearer day."
            )
        due = day.isoformat()
        state = self._live()
        action_id = uuid.uuid4().hex[:12]
        extra = {"by": FACILITATOR} if by == FACILITATOR else {}
        self._append("action", id=action_id, text=text, owner=owner, due=due, block=state.block_index, **extra)
        return action_id

    def remove_action(self, action_id: str) -> None:
        if not any(a.id == action_id for a in self._live().actions):
            raise Refusal("There is no such action item.")
        self._append("remove_action", id=action_id)
