"""The talk's cards and the friend in the room: what :class:`~checkin.screens.talk.TalkScreen`
gets from :class:`TalkCardsHost`, kept apart so the talk screen stays small.

- A card in each part (:class:`~checkin.widgets.block_card.BlockCard`), from the deck that fits
  the part (``core.cards``), with ``ctrl+b`` and a button to draw another.
- The feelings word picker in a speaker-listener part ("One issue"): ``ctrl+l`` and a button; the
  chosen word goes into the note at the cursor.
- In a facilitated check-in: the facilitator calls a pause (``f4``) or a break (``f5``), recorded
  as theirs, and hands back the floor from the pause or the break (``f8`` there); they note
  agreements and action items from their panel; when the talk heats up the panel offers to stop
  for today.

Every key works where the footer shows it (:meth:`TalkCardsHost.check_action`), and each is also
a button. The keys never type text (typing always writes on the talk screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import ActiveBinding, Binding

from ..core.facilitator import ROLE, Facilitator
from ..widgets.attempt import attempt
from ..widgets.block_card import BlockCard
from ..widgets.facilitator_panel import FacilitatorPanel
from ..widgets.partner import with_descriptions
from .activities import ActivityBlockHost

if TYPE_CHECKING:
    from ..core.session import CheckinSession
    from ..widgets.note_box import NoteBox

#: Added at the end of the talk screen's bindings (after its own, so the footer keeps their order).
CARD_BINDINGS = [
    Binding("ctrl+b", "another_card", "Another card", tooltip="Draw another card for this part",
            id="talk.another_card"),
    Binding("ctrl+l", "feelings_word", "Feelings word",
            tooltip="Pick a word for what you feel; it goes into your note at the cursor", id="talk.feelings_word"),
    Binding("f4", "friend_pause", "Facilitator: pause", tooltip="The facilitator calls a pause (nobody's fault)",
            id="talk.friend_pause"),
    Binding("f5", "friend_break", "Facilitator: break", tooltip="The facilitator calls a break (nobody's fault)",
            id="talk.friend_break"),
]
FRIEND_ACTIONS = ("friend_pause", "friend_break", "friend_agreement", "friend_action", "stop_for_today")
CARD_ACTIONS = ("another_card", "feelings_word", *FRIEND_ACTIONS)
#: Below this width a facilitated talk gives the agenda list's room to the facilitator's panel.
FRIEND_ROOM = 120


class TalkCardsHost(ActivityBlockHost):
    """Base of the talk screen: the card, the word picker and the facilitator's commands."""

    if TYPE_CHECKING:
        session: CheckinSession

        @property
        def names(self) -> dict[str, str]: ...
        @property
        def note_box(self) -> NoteBox: ...

        def run(self, command: Any, *args: Any) -> bool: ...
        def redraw_now(self) -> None: ...
        def show_pause(self) -> None: ...
        def show_break(self) -> None: ...
        def hint(self, text: str, seconds: float = 3.0) -> None: ...

    @property
    def facilitator(self) -> Facilitator | None:
        """The friend in the room (read once: it never changes during a talk)."""
        if not hasattr(self, "_friend"):
            self._friend = Facilitator.from_dict(self.session.record.get("facilitator"))
        return self._friend

    @property
    def friend_panels(self) -> list[FacilitatorPanel]:
        """The facilitator's panel, if a friend is in the room (looked up once: the heartbeat
        asked the whole screen for it every second)."""
        if not hasattr(self, "_friend_panels"):
            self._friend_panels = list(self.query(FacilitatorPanel)) if self.facilitator is not None else []
        return self._friend_panels

    @property
    def card(self) -> BlockCard:
        return self.query_one(BlockCard)

    # -- what the talk screen calls ------------------------------------------------------

    def cards_block_changed(self) -> None:
        """A new part began: a card from its deck (drawn once; a repaint never draws)."""
        state = self.session.state
        card = self.card
        card.show_block(state.block)
        card.query_one("#card-word").display = state.block.kind == "floor"

    def cards_hand_over(self) -> None:
        """Each second, what the facilitator is typing goes to the session (saved with the tick)."""
        for panel in self.friend_panels:
            self.session.type_friend_note(panel.note_input.value)

    def on_mount(self) -> None:
        for panel in self.query(FacilitatorPanel):  # what they were typing when the app closed
            panel.note_input.value = self.session.friend_draft

    def cards_fit(self, width: int, height: int) -> None:
        """One line for the card unless there is room to spare (it never moves the timer: the
        part scrolls below it); a facilitated talk narrower than FRIEND_ROOM hides the agenda
        list (the panel says whose turn and the time left), so the note box keeps its width."""
        self.card.compact(width < 100 or height < 32, one_line=width < 70 or height < 20)
        self.set_class(self.facilitator is not None and width < FRIEND_ROOM, "-friend-tight")

    # -- the card and the word picker ----------------------------------------------------

    def action_another_card(self) -> None:
        if not self.card.another():
            self.hint("No other card in this deck.", 3)

    def action_feelings_word(self) -> None:
        from .word_picker import WordPickerScreen

        box = self.note_box

        def chosen(word: str | None) -> None:
            if word:
                box.insert_word(word)

        self.app.push_screen(WordPickerScreen(), chosen)

    # -- the facilitator -----------------------------------------------------------------

    def action_friend_pause(self) -> None:
        if self.run(self.session.pause, ROLE):
            self.show_pause()

    def action_friend_break(self) -> None:
        """The facilitator agrees a return time with the couple (20 minutes to a day)."""
        from .walkaway import WalkAwayScreen

        session = self.session

        def chosen(choice: tuple[float, str | None] | None) -> None:
            if choice is not None and self.run(session.walk_away, choice[0], ROLE):
                self.show_break()

        self.app.push_screen(WalkAwayScreen(self.names, record_caller=False), chosen)

    def _friend_note(self, command: Any, done: str) -> None:
        panel = self.query_one(FacilitatorPanel)
        box = panel.note_input
        if attempt(self, command, box.value):
            box.value = ""
            self.hint(done, 3)
            self.redraw_now()

    def action_friend_agreement(self) -> None:
        self._friend_note(self.session.add_agreement, "Noted as an agreement of you both.")

    def action_friend_action(self) -> None:
        self._friend_note(self.session.add_facilitator_action, "Noted as an action item for you both, due in a week.")

    def action_stop_for_today(self) -> None:
        """What the panel suggests when the talk heats up: stop, kept to resume another day."""
        from .confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes and self.run(self.session.end_for_today):
                self.notify("Put aside for today. Home will offer to resume it.", timeout=5)
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmScreen("Stop here for today? Everything so far is kept, and you can go on another day.",
                          "Stop for today", "Keep going"),
            answer,
        )

    def on_input_submitted(self, event: Any) -> None:
        if getattr(event.input, "id", None) == "fac-note":  # enter in the facilitator's box: an agreement
            event.stop()
            self.action_friend_agreement()

    # -- keys where they work ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "another_card":
            return self.is_mounted and self.card.category is not None
        if action == "feelings_word":
            return self.session.state.block.kind == "floor"
        if action in FRIEND_ACTIONS:
            return self.facilitator is not None
        return super().check_action(action, parameters)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # the footer names the facilitator: "Mira: pause"
        friend = self.facilitator
        bindings = super().active_bindings
        if friend is None:
            return bindings
        name = friend.name if len(friend.name) <= 12 else "Facilitator"
        return with_descriptions(bindings, {"f4": f"{name}: pause", "f5": f"{name}: break"})


__all__ = ["CARD_ACTIONS", "CARD_BINDINGS", "TalkCardsHost"]
