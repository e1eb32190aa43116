"""The weekly talk: the agenda, the floor, the big countdown, notes, and a calm way out.

The screen owns no check-in: it asks its :class:`CheckinSession` and redraws from its state.
A pass of the floor: binding -> ``action_pass_floor`` -> ``session.pass_floor()`` -> runner
event -> saved -> ``session.state`` -> ``redraw``. One timer, once a second, calls
``session.tick()`` (the heartbeat, with the note being typed) and repaints; the break and pause
dialogs on top only repaint.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..core.facilitator import Facilitator
from ..core.model import FLOOR_PHASES
from ..core.record import DRAFT_LIMIT, split_note
from ..core.session import HEARTBEAT_SECONDS, CheckinSession
from ..core.state import CheckinState
from ..widgets.attempt import attempt
from ..widgets.block_card import BlockCard
from ..widgets.blocks import PANELS, BlockPanel, FloorPanel
from ..widgets.facilitator_panel import FacilitatorPanel
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.note_box import NoteBox
from ..widgets.steady import Steady
from ..widgets.talk_head import TalkHead
from ..widgets.talk_text import agenda_text, notes_text
from ..widgets.title_bar import TitleBar
from . import talk_dialogs, talk_keys
from .talk_cards import CARD_ACTIONS, CARD_BINDINGS, TalkCardsHost

NEXT_CONFIRM_SECONDS = 3.0
BUTTONS = {  # id: (label, label when narrow, action): whole words at every width, never "F"
    "b-pass": ("Pass floor", "Pass", "pass_floor"), "b-pause": ("Pause", "Pause", "pause"),
    "b-walk": ("Walk away", "Break", "walk_away"), "b-next": ("Next part", "Next", "next_now"),
    "b-plus": ("+1 min", "+1", "add_minute"), "b-finish": ("Finish", "Finish", "finish"),
    "b-private": ("Private note", "Private", "private_note"),
}


class TalkScreen(TalkCardsHost):
    """One check-in in progress."""

    AUTO_FOCUS = ""  # nothing focused at first ("" turns auto focus off; None would inherit the app's "*")

    BINDINGS = [*talk_keys.BINDINGS, *CARD_BINDINGS]  # what each key does; the cards' and the facilitator's last

    def __init__(self, session: CheckinSession) -> None:
        super().__init__()
        self.session = session
        self._shown_block = -1
        self._last_phase: tuple[Any, ...] = ()
        self._was_over = False
        self._next_armed = -1e9
        self.steady = Steady(self)  # the widgets redrawn each second, remembered
        self._panel: BlockPanel | None = None  # the current part's panel (no DOM query each second)

    @property
    def names(self) -> dict[str, str]:
        """Names cannot change during a talk, and redraw runs every second: the session's."""
        names = self.session.names
        if names is None:
            from ..core.model import partner_names

            names = self.session.names = partner_names(self.app.couple)
        return names

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="talk"):
            yield Static("", id="agenda-list")
            with Vertical(id="talk-body"):
                yield TalkHead()  # fixed at the top at every size: whose turn, and the time
                with VerticalScroll(id="talk-main", can_focus=False):
                    yield Static("", id="block-title")
                    yield Static("", id="block-prompt")
                    yield BlockCard(id="block-card")  # a card from the deck that fits this part
                    yield Vertical(id="block-area")
                    yield NoteBox(self.names)
                    yield Static("", id="notes-list")
            friend = Facilitator.from_dict(self.session.record.get("facilitator"))
            if friend is not None:  # a friend in the room: their panel beside the talk
                yield FacilitatorPanel(friend, self.names, id="facilitator-panel")
        with Horizontal(id="talk-buttons"):
            for ident, (label, _short, action) in BUTTONS.items():
                yield Button(label, id=ident, action=f"screen.{action}", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        for button in self.query("#talk-buttons Button"):
            button.can_focus = False  # keys go to the screen, never press a focused button
        self.note_box.restore(self.session.draft)
        self.fit(self.app.size.width, self.app.size.height)
        self.redraw()
        self.set_interval(HEARTBEAT_SECONDS, self.tick)  # the one heartbeat of a running check-in
        state = self.session.state
        if state.on_break:
            self.call_after_refresh(self.show_break)
        elif state.paused:
            self.call_after_refresh(self.show_pause)

    @property
    def note_box(self) -> NoteBox:
        return self.steady.one("#note-row", NoteBox)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width, event.size.height)

    def fit(self, width: int, height: int) -> None:
        """Sizes: big digits when there is room, one bold line when it is tight, no agenda when tiny."""
        big = width >= 100 and height >= 30
        compact = width < 80 or height < 24
        tiny = width < 60 or height < 16
        self.set_class(compact, "-compact")
        self.set_class(tiny, "-tiny")
        self.set_class(width < 70 or tiny, "-narrow")  # the agenda gives way to the timer
        self.head.set_size("big" if big else "compact" if compact else "normal")
        for ident, (long, short, _action) in BUTTONS.items():
            self.query_one(f"#{ident}", Button).label = short if width < 72 else long
        self.cards_fit(width, height)

    @property
    def head(self) -> TalkHead:
        return self.steady.one("#talk-head", TalkHead)

    def hint(self, text: str, seconds: float = 3.0) -> None:
        """A short word beside the countdown (toasts would cover it and outstay the move)."""
        self.head.hint(text, seconds)

    # -- drawing -----------------------------------------------------------------------------

    def redraw(self) -> None:
        state = self.session.state
        names = self.names
        if state.finished:
            return
        for panel in self.friend_panels:
            panel.show(state)
        head = self.head
        if state.block_index != self._shown_block:
            self._shown_block = state.block_index
            head.clear_hint()  # a word about the last part goes with it
            self._mount_panel(state)
            self.cards_block_changed()
            self._was_over = False
        phase_key = (state.phase, state.speaker, state.turn_index, len(state.notes), state.block_index)
        if phase_key != self._last_phase:
            self._last_phase = phase_key
            self.refresh_bindings()  # the footer follows the floor ("I feel understood" at "Is there more?")
            head.show_floor(state, names)
            self._draw_block(state, names)
            self.steady.one("#notes-list", Static).update(notes_text(state, names))
            if isinstance(self._panel, FloorPanel):
                self._panel.sync()
            self.note_box.default_author(state.turn_of)
        self.steady.set_text("#agenda-list", agenda_text(state))
        head.show_time(state, names)
        over = state.overtime
        if over and not self._was_over and self.app.settings.bell:
            self.app.bell()
        self._was_over = over
        self.steady.one("#b-pass", Button).disabled = state.phase not in FLOOR_PHASES
        self.steady.one("#b-next", Button).disabled = state.is_last_block

    def _draw_block(self, state: CheckinState, names: dict[str, str]) -> None:
        """The part's title and prompt, with what a partner brought to it from a reflection."""
        self.steady.one("#block-title", Static).update(escape(state.block.title))
        from ..core.solo import brought_for_block, brought_words

        brought = brought_for_block(self.session.record, state.block.id, state.block.kind)
        prompt = state.block.prompt + ("\n" + brought_words(brought, names) if brought else "")
        self.steady.one("#block-prompt", Static).update(escape(prompt))

    def on_key(self, event: events.Key) -> None:
        if event.key != "ctrl+n":
            self._next_armed = -1e9  # "ctrl+n ctrl+n" only counts as two presses in a row
        talk_keys.route_key(self, self.note_box, event)

    def action_type_space(self) -> None:
        self.note_box.type_key(" ")

    def space_is_a_command(self) -> bool:
        return talk_keys.space_is_a_command(self, self.session.state)

    def _mount_panel(self, state: CheckinState) -> None:
        area = self.query_one("#block-area", Vertical)
        focused = self.focused
        if focused is not None and area in focused.ancestors:
            # The last part's field goes; its focus must not fall to the next widget (the note
            # box), or the space that passes the floor in the new part would type instead.
            self.set_focus(None)
        area.remove_children()
        kind = state.block.kind
        panel_class = PANELS.get(kind)
        if kind == "activity":
            from ..widgets.activity_block import ActivityBlockPanel

            panel_class = ActivityBlockPanel
        self._panel = panel_class(self.session, self.names, self.redraw_now) if panel_class else None
        if self._panel is not None:
            area.mount(self._panel)

    def redraw_now(self) -> None:
        self._last_phase = ()
        self.redraw()

    # -- the heartbeat: the session saves, the screen hands over what is typed -------------------

    def _hand_over_typing(self) -> None:
        """What the boxes hold goes to the session (which keeps it with the next save)."""
        state = self.session.state
        if state.finished:
            return
        if not (state.paused or state.on_break or state.suspended) and isinstance(self._panel, FloorPanel):
            self._panel.save_topic()  # a topic being typed is kept, not only on Enter
        self.cards_hand_over()  # and what the facilitator is typing
        box = self.note_box
        if len(box.text) > DRAFT_LIMIT:
            self.save_note()  # too long for the draft: kept as notes now, never cut
        else:
            self.session.type_note(box.author, box.text)

    def tick(self) -> None:
        """The one timer: the session's heartbeat (at most a second is lost), then a repaint."""
        self._hand_over_typing()
        self.session.tick()
        self.redraw()

    def flush(self) -> None:
        """Called by the app on quit or a signal: save everything now."""
        if self.is_mounted:
            self._hand_over_typing()
        self.session.flush()

    def run(self, command: Any, *args: Any) -> bool:
        if not attempt(self, command, *args):
            return False
        self.redraw_now()
        return True

    # -- actions -----------------------------------------------------------------------------

    def action_pass_floor(self) -> None:
        self.run(self.session.pass_floor)

    def action_understood(self) -> None:
        """At "Is there more?": the speaker feels understood (recorded), and the floor passes."""
        self.run(self.session.understood)

    def action_more(self) -> None:
        self.run(self.session.there_is_more)

    def action_write_note(self) -> None:
        self.note_box.start_writing()

    def action_next_block(self) -> None:
        """``ctrl+n`` asks for a second press (a stray key must not skip a part for good)."""
        state = self.session.state
        if state.is_last_block:
            self.hint("This is the last part: ctrl+f finishes.")
            return
        now = self.app.clock.monotonic()
        if now - self._next_armed > NEXT_CONFIRM_SECONDS:
            self._next_armed = now
            upcoming = state.agenda.blocks[state.block_index + 1].title
            self.hint(f"Press ctrl+n again to go on to {escape(upcoming)}.", NEXT_CONFIRM_SECONDS)
            return
        self.go_next()

    def action_next_now(self) -> None:
        """The Next part button: a click is deliberate, no second press."""
        self.go_next()

    def go_next(self) -> None:
        """On to the next part; the session saves a note still being written to this part first."""
        self._next_armed = -1e9
        box = self.note_box
        self._hand_over_typing()
        if not attempt(self, self.session.next_block):
            return
        box.clear()  # the session saved it to the part it was written in
        self.redraw_now()  # an empty box: a new note is by whoever holds the floor now

    def action_add_minute(self) -> None:
        if self.run(self.session.add_minute):
            self.hint("One more minute.", 2)

    def action_leave_field(self) -> None:
        self.set_focus(None)

    def action_save_note(self) -> None:
        self.save_note()

    @on(NoteBox.Save)
    def _save_pressed(self) -> None:
        self.save_note()

    @on(NoteBox.Overflow)
    def _overflow(self) -> None:
        self.save_note()  # a long paste: kept as notes at once, never cut

    def save_note(self) -> bool:
        """Save the note being written; False (and the text stays in the box) if it cannot be.
        Text longer than one note is kept whole, as several notes split at paragraph ends."""
        box = self.note_box
        text = box.text
        if not text.strip():
            self.hint("Write something first.", 2)
            return False
        pieces = len(split_note(text))
        if not self.run(self.session.save_note, box.author, text):
            return False
        if pieces > 1:
            self.hint(f"Kept as {pieces} notes, split at paragraph ends.", 5)
        box.clear()
        return True

    def action_pause(self) -> None:
        if self.run(self.session.pause):
            self.show_pause()

    def show_pause(self) -> None:
        talk_dialogs.show_pause(self)

    def action_walk_away(self, from_pause: bool = False) -> None:
        talk_dialogs.ask_walk_away(self, from_pause)

    def show_break(self) -> None:
        talk_dialogs.show_break(self)

    def action_finish(self) -> None:
        talk_dialogs.ask_finish(self)

    def finish(self) -> None:
        """End the check-in (the session saves the note in the box first) and show the summary."""
        self._hand_over_typing()
        if not self.run(self.session.finish):
            return  # never finish over a note that could not be saved; it stays in the box
        from .summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.session))

    def action_private_note(self) -> None:
        """A note into one partner's own sealed journal; the talk goes on underneath (not a pause)."""
        from .private_note import open_private_note

        open_private_note(self)

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CARD_ACTIONS:
            return super().check_action(action, parameters)  # the cards' and the facilitator's
        return talk_keys.allowed(self, self.session.state, action)


__all__ = ["BlockPanel", "TalkScreen"]
