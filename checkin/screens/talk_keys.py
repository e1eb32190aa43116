"""What each key does on the talk screen, and how typing is told from a command.

One model, shown in the footer: typing always writes (letters, digits and punctuation go into
the note box, focused or not), and the talk's commands are keys that never type text. So no
letter is ever dropped or read as a command, and the commands also work while writing. The two
exceptions are space (the floor) and ?, which act only when no text box is focused: a note never
starts with a space, and inside a box they type as usual.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input, TextArea

from ..core.state import CheckinState
from ..widgets.blocks import takes
from ..widgets.note_box import NoteBox

BINDINGS: list[BindingType] = [
    Binding("space", "pass_floor", "Pass floor", tooltip="The floor passes to the other (outside a text box)",
            id="talk.pass_floor"),
    Binding("space", "understood", "I feel understood",
            tooltip="At 'Is there more?': the speaker feels understood and the floor passes",
            id="talk.understood"),
    # Where nobody holds the floor a space types, decided here among the bindings so it
    # keeps its place behind the keys before it (ctrl+n ctrl+n space: on to the next part,
    # then the floor passes there).
    Binding("space", "type_space", "A space in the note (where nobody has the floor)", show=False,
            id="talk.type_space"),
    Binding("ctrl+o", "more", "There is more", tooltip="At 'Is there more?': the speaker goes on",
            id="talk.more"),
    Binding("ctrl+t", "pause", "Pause", tooltip="Time out: freeze every timer", id="talk.pause"),
    Binding("ctrl+r", "walk_away", "Walk away", tooltip="Take a break; come back when both are ready",
            id="talk.walk_away"),
    Binding("ctrl+n", "next_block", "Next part", tooltip="Go on to the next part (press twice)",
            id="talk.next_block"),
    Binding("ctrl+g", "add_minute", "+1 min", tooltip="One more minute for this turn and part",
            id="talk.add_minute"),
    Binding("ctrl+f", "finish", "Finish", tooltip="End the check-in and see the summary", id="talk.finish"),
    Binding("ctrl+s", "save_note", "Save note", tooltip="Save the note you are writing",
            id="talk.save_note"),
    Binding("question_mark", "help", "Help", tooltip="What the keys do (outside a text box)", id="talk.help"),
    Binding("enter", "write_note", "Write a note", tooltip="Into the note box (or just start typing)",
            id="talk.write_note"),
    Binding("escape", "leave_field", "Leave box", tooltip="Leave the text box (space passes the floor again)",
            id="talk.leave_field"),
    Binding("f2", "private_note", "Private note", tooltip="A note only you can open, sealed in your own journal",
            id="talk.private_note"),
]


FLOOR_COMMANDS = ("pass_floor", "understood")


def route_key(screen: Screen, note_box: NoteBox, event: events.Key) -> None:
    """Typing always writes: a printable key that reaches the screen goes into a text box,
    never to a command. With no box focused (a missed click, a Tab that landed on a button,
    the talk just opened) it starts a note, the key itself included; keys already on their way
    when a box took the focus follow the focus (a fast burst lands whole, in order)."""
    if event.key in ("tab", "shift+tab"):
        # Move the focus here, at once: keys queued behind the Tab then follow it.
        screen.focus_next() if event.key == "tab" else screen.focus_previous()
        event.stop()
        event.prevent_default()
        return
    if event.key == "escape" and isinstance(screen.focused, Input | TextArea):
        screen.set_focus(None)  # at once too, so a space right after it passes the floor
        event.stop()
        event.prevent_default()
        return
    if not (event.is_printable and event.character):
        return
    focused = screen.focused
    if isinstance(focused, TextArea):
        focused.insert(event.character, maintain_selection_offset=False)  # the cursor follows
    elif isinstance(focused, Input) and takes(focused, event.character):
        focused.insert_text_at_cursor(event.character)
    elif event.key in ("question_mark", "space"):
        # Help, and space outside a text box: left to the bindings (a focused checkbox
        # ticks; else the floor passes, "I feel understood", or a space types). Deciding it
        # here would read the state before the keys just ahead of it (ctrl+n) had acted.
        return
    else:
        note_box.type_key(event.character)
    event.stop()
    event.prevent_default()


def space_is_a_command(screen: Screen, state: CheckinState) -> bool:
    """Space passes the floor (or says "I feel understood") only where the footer offers it.
    Anywhere else (Arrive, appreciations, action items) it types, like every other key: a
    space between two words of a note is never swallowed."""
    return any(allowed(screen, state, action) is True for action in FLOOR_COMMANDS)


def allowed(screen: Screen, state: CheckinState, action: str) -> bool | None:
    """``check_action`` of the talk: True shown, False hidden, None shown greyed out."""
    checking = state.phase == "check"
    if action in ("understood", "more"):
        return checking  # only at "Is there more?" (else hidden)
    if action == "pass_floor":
        if checking:
            return False  # space means "I feel understood" there
        return True if state.phase in ("turn", "speak", "paraphrase") else None
    if action == "type_space":
        return not space_is_a_command(screen, state)
    if action == "write_note":
        return screen.focused is None or not isinstance(screen.focused, Input | TextArea)
    if action == "leave_field":
        return isinstance(screen.focused, Input | TextArea)
    if action == "next_block" and state.is_last_block:
        return None  # shown greyed out
    return True
