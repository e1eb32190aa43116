"""One owner for a running check-in: the runner, one heartbeat, saving, the note draft,
finishing and resuming.

Screens ask a :class:`CheckinSession` and redraw from its ``state``; none of them saves or
finishes on its own. The path of a command (a pass of the floor)::

    binding -> screen action -> session.pass_floor() -> runner event -> store.save_current()
            -> session.state -> redraw

Plain Python: no Textual, time from an injected clock, storage through :class:`CheckinStore`
(the repository satisfies it; tests pass a fake).

Typical use::

    session = CheckinSession.begin(repo, clock, agenda, first_speaker, names=names)
    session.pass_floor()                 # one event, saved at once
    session.type_note("a", "half a th")  # the draft note: kept in memory, saved by the next tick
    session.tick()                       # once a second, from ONE timer: heartbeat + draft, one save
    summary = session.finish()           # the draft note first, then the summary, into history

    session = CheckinSession.reopen(repo, clock, names=names)  # None when nothing is in progress
"""

from __future__ import annotations

import copy
from typing import Any, Protocol

from checkin.core.agenda import Agenda
from checkin.core.clock import Clock
from checkin.core.finishing import finished_summary
from checkin.core.record import DRAFT_LIMIT, check_record_schema, new_checkin, split_note
from checkin.core.runner import CheckinRunner
from checkin.core.state import CheckinState
from checkin.errors import Refusal

HEARTBEAT_SECONDS = 1.0
"""How often the one timer calls :meth:`CheckinSession.tick`: at most this much is lost in a crash."""
MIN_TICK_GAP = 0.75
"""A tick this soon after the last tick that saved writes nothing (unless the draft note
changed), so a second timer calling ``tick`` by mistake cannot double the writes. A command's
own save does not delay the next heartbeat."""

NoteAuthor = str  # "a", "b" or "both"


class CheckinStore(Protocol):
    """Where a running check-in is kept. :class:`checkin.store.repository.Repository` is one."""

    def current(self) -> dict[str, Any] | None:
        """The check-in in progress (or finished but not yet moved into history), if any."""
        ...

    def save_current(self, record: dict[str, Any]) -> None:
        """Write the check-in in progress whole, atomically."""
        ...

    def finish_into_history(self, record: dict[str, Any], summary: dict[str, Any]) -> None:
        """Move a finished check-in, with its summary, into history (and clear the current one)."""
        ...


class CheckinSession:
    """A running check-in and everything that keeps it safe. Commands raise :class:`Refusal`
    (a ``ValueError``) with a message fit to show to the couple."""

    def __init__(
        self,
        record: dict[str, Any],
        store: CheckinStore,
        clock: Clock,
        names: dict[str, str] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.names = names
        self.saves = 0
        """How many times this session wrote the record (for tests and benchmarks)."""
        self._last_tick = -1e18
        self._saved_draft: Any = None
        self._saved_friend = ""
        self.summary: dict[str, Any] | None = None
        """The finished summary, once :meth:`finish` has run."""
        self.runner = CheckinRunner(record, clock, on_change=self._save)

    # -- starting and resuming ---------------------------------------------------------

    @classmethod
    def begin(
        cls,
        store: CheckinStore,
        clock: Clock,
        agenda: Agenda,
        first_speaker: str,
        previous_actions: list[dict[str, Any]] | None = None,
        names: dict[str, str] | None = None,
        facilitator: dict[str, Any] | None = None,
    ) -> CheckinSession:
        """A new check-in; its first event is saved at once. ``facilitator`` (a friend in the
        room, ``Facilitator.to_dict()``) is kept with the record."""
        try:
            record = new_checkin(agenda, first_speaker, clock, previous_actions)
        except ValueError as exc:
            raise Refusal(str(exc)) from None
        if facilitator:
            record["facilitator"] = dict(facilitator)
        return cls(record, store, clock, names)

    @classmethod
    def reopen(
        cls, store: CheckinStore, clock: Clock, names: dict[str, str] | None = None
    ) -> CheckinSession | None:
        """The check-in in progress, opened again (a new segment: time while closed never counts;
        a check-in put aside for today goes on). None when there is none, or when the one found
        had finished and is now moved into history (a crash between finishing and the move).
        An unreadable record raises :class:`Refusal` and is left as it is."""
        record = store.current()
        if record is None:
            return None
        check_record_schema(record)
        if record.get("status") not in (None, "in_progress"):
            summary = record.get("summary")
            if not isinstance(summary, dict):
                try:
                    summary = finished_summary(record, names)
                except (KeyError, TypeError, ValueError):
                    summary = {}  # the full record, with its events, is still kept
            store.finish_into_history(record, summary)
            return None
        try:
            session = cls(record, store, clock, names)
            if session.state.suspended:
                session.runner.resume()
        except (KeyError, TypeError, ValueError):
            raise Refusal(
                "The check-in in progress could not be read. It is kept as it is; "
                "'checkin doctor' can set it aside."
            ) from None
        return session

    # -- what the screens read ---------------------------------------------------------

    @property
    def record(self) -> dict[str, Any]:
        return self.runner.record

    @property
    def state(self) -> CheckinState:
        """The state now (computed from monotonic totals; read it on every repaint)."""
        return self.runner.state

    @property
    def draft(self) -> dict[str, Any] | None:
        """The note being typed: ``{"block", "partner", "text"}``, or None."""
        return self.runner.draft

    @property
    def finished(self) -> bool:
        return self.summary is not None

    # -- saving: every event at once, one heartbeat a second -----------------------------

    def _save(self, record: dict[str, Any]) -> None:
        self.store.save_current(record)
        self.saves += 1
        self._saved_draft = copy.deepcopy(record.get("draft"))
        self._saved_friend = str(record.get("facilitator_draft") or "")

    def tick(self) -> None:
        """The heartbeat: how far the check-in got and the note being typed, in one save.
        Call it from ONE timer, about once a second; a second tick within ``MIN_TICK_GAP``
        writes nothing unless the draft note changed."""
        if self.state.finished:
            return
        now = self.clock.monotonic()
        typed = self.runner.draft == self._saved_draft and self.friend_draft == self._saved_friend
        if now - self._last_tick < MIN_TICK_GAP and typed:
            return
        self._last_tick = now
        self.runner.heartbeat()  # writes the heartbeat into the record and saves (_save)

    def flush(self) -> None:
        """Save now, whatever the time since the last save (on quit or a signal)."""
        if not self.state.finished:
            self.runner.heartbeat()

    # -- the note being typed ----------------------------------------------------------

    def type_note(self, partner: NoteAuthor, text: str) -> None:
        """The note box changed: keep its text as the draft (saved by the next tick). Text past
        ``DRAFT_LIMIT`` is never cut: the caller saves it as notes first (``save_note``)."""
        if len(text) > DRAFT_LIMIT:
            raise Refusal("This text is too long to keep as one draft; save it as notes.")
        draft = self.runner.draft or {}
        if text != (draft.get("text") or "") or (text and partner != draft.get("partner")):
            self.runner.save_draft(partner, text)

    def save_note(self, partner: NoteAuthor, text: str) -> int:
        """Save text as notes of the current part (long text kept whole as several notes, split
        at paragraph ends); the draft is cleared. Returns how many notes were made."""
        if not text.strip():
            raise Refusal("Write something first.")
        ids = self.runner.add_notes(partner, text)
        self.runner.save_draft(partner, "")
        return len(ids)

    def _keep_draft_note(self) -> None:
        """Before leaving a part (or finishing), the note still being typed is saved to it."""
        draft = self.runner.draft
        if draft and str(draft.get("text") or "").strip():
            self.save_note(str(draft.get("partner") or "both"), str(draft["text"]))

    # -- commands (each one event, saved at once) ----------------------------------------

    def pass_floor(self) -> None:
        self.runner.pass_floor()

    def there_is_more(self) -> None:
        self.runner.there_is_more()

    def confirm_understood(self, partner: str) -> None:
        self.runner.confirm_understood(partner)

    def understood(self) -> None:
        """At "Is there more?": the speaker feels understood, and the floor passes."""
        speaker = self.state.speaker
        if speaker is None:
            raise Refusal("Nobody holds the floor in this part.")
        self.runner.confirm_understood(speaker)

    def pause(self, caller: str | None = None) -> None:
        """Freeze every timer; ``caller`` "facilitator" when the friend in the room called it."""
        self.runner.pause(caller)

    def hand_back(self) -> None:
        """The facilitator hands back the floor (ends a pause, or a break after 20 minutes)."""
        self.runner.hand_back()

    def resume(self) -> None:
        self.runner.resume()

    def walk_away(self, minutes: float, caller: str | None = None) -> None:
        """A break (from a pause too: the pause ends first). ``caller``: "a", "b", "facilitator"
        or None (not recorded)."""
        minutes = self.runner.break_minutes(minutes)  # checked before the pause ends
        if self.state.paused:
            self.runner.resume()
        self.runner.walk_away(minutes, caller)

    def more_time(self, minutes: float) -> None:
        self.runner.more_time(minutes)

    def ready(self, partner: str) -> None:
        self.runner.ready(partner)

    def end_for_today(self) -> None:
        self.runner.end_for_today()

    def park_topic(self, text: str = "") -> None:
        self.runner.park_topic(text)

    def next_block(self) -> None:
        """On to the next part; the note still being typed is saved to this part first."""
        self.runner.check_next_block()  # a refusal leaves the note being typed where it is
        self._keep_draft_note()
        self.runner.next_block()

    def add_minute(self) -> None:
        self.runner.add_minute()

    def set_rating(self, partner: str, mood: int, connection: int, hard_topic_ok: bool | None = None) -> None:
        self.runner.set_rating(partner, mood, connection, hard_topic_ok)

    def set_topic(self, text: str) -> None:
        self.runner.set_topic(text)

    def review_item(self, item_id: str, status: str) -> None:
        self.runner.review_item(item_id, status)

    def add_action(self, text: str, owner: str, due: str) -> str:
        return self.runner.add_action(text, owner, due)

    def remove_action(self, action_id: str) -> None:
        self.runner.remove_action(action_id)

    def add_note(self, partner: NoteAuthor, text: str) -> str:
        return self.runner.add_note(partner, text)

    def add_agreement(self, text: str) -> str:
        """The facilitator notes an agreement (their notes are agreements and action items)."""
        if not text.strip():
            raise Refusal("Write the agreement first.")
        self.type_friend_note("")  # saved with the note (if refused, the box still holds it)
        return self.runner.add_agreement(text)

    def add_facilitator_action(self, text: str) -> str:
        """The facilitator notes an action item (for both, due in a week)."""
        if not text.strip():
            raise Refusal("Write the action item first.")
        self.type_friend_note("")
        return self.runner.add_facilitator_action(text)

    def type_friend_note(self, text: str) -> None:
        """What the facilitator is typing in their box: kept in the record (saved by the next
        tick) until it is noted, so a quit or a crash loses at most a second of it."""
        self.record["facilitator_draft"] = str(text)[:DRAFT_LIMIT] or None

    @property
    def friend_draft(self) -> str:
        return str(self.record.get("facilitator_draft") or "")

    def remove_note(self, note_id: str) -> None:
        self.runner.remove_note(note_id)

    # -- finishing ---------------------------------------------------------------------

    def finish(self) -> dict[str, Any]:
        """End the check-in: the note still being typed is saved first (if it cannot be, nothing
        ends), then the finish event (saved: a crash now is completed at the next start), then the
        summary and the move into history. Returns the summary."""
        if self.state.finished:
            raise Refusal("This check-in is already finished.")
        if self.friend_draft.strip():  # never finish over what the facilitator is writing
            raise Refusal(
                "The facilitator's box still holds text: note it as an agreement or an action item "
                "(or clear it) first."
            )
        self._keep_draft_note()
        self.runner.finish()
        result = finished_summary(self.record, self.names)
        self.store.finish_into_history(self.record, result)
        self.summary = result
        return result


__all__ = ["HEARTBEAT_SECONDS", "CheckinSession", "CheckinStore", "split_note"]
