"""The note box of the talk: a text area, who wrote it, and a Save button.

It owns its typing rules, so the talk screen only routes keys to it:

- the first letter is never lost nor read as a command (``type_key`` focuses the box and
  inserts the key itself, at the end, so a note left in the box is continued, not split);
- after a restart the draft comes back with the cursor at the end (``restore``);
- text longer than one note turns the box amber and says once what ctrl+s will do; text past
  what a draft may hold (a long paste) asks its screen to save it as notes at once
  (:class:`NoteBox.Overflow`), so it is never cut.

It saves nothing itself: its screen hands ``text``/``author`` to the session.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Select, TextArea

from ..core.record import DRAFT_LIMIT, NOTE_LIMIT, split_note
from .markup import escape
from .steady import SteadyTextArea

AUTHORS = ("a", "b", "both")


class NoteBox(Horizontal):
    """A note for the current part. Ids inside: ``#note-text``, ``#note-author``, ``#save-note``."""

    class Save(Message):
        """The Save button was pressed."""

    class Overflow(Message):
        """The text grew past what a draft holds: save it as notes now."""

    def __init__(self, names: dict[str, str], *, id: str = "note-row") -> None:  # noqa: A002
        super().__init__(id=id)
        self.names = names
        self._warned_long = False

    def compose(self) -> ComposeResult:
        yield SteadyTextArea(id="note-text", placeholder="A note for this part: just type (ctrl+s saves)")
        with Vertical(id="note-side"):
            names = self.names
            yield Select(
                [(escape(names["a"]), "a"), (escape(names["b"]), "b"), ("Both", "both")],
                value="both", allow_blank=False, id="note-author", compact=True,
            )
            yield Button("Save note", id="save-note", compact=True)

    @property
    def area(self) -> TextArea:
        return self.query_one("#note-text", TextArea)

    @property
    def text(self) -> str:
        return self.area.text

    @property
    def author(self) -> str:
        return str(self.query_one("#note-author", Select).value)

    def restore(self, draft: dict | None) -> None:
        """Put a saved draft back, the cursor at its end (typing after a restart goes on there)."""
        if not draft or not draft.get("text"):
            return
        area = self.area
        area.text = str(draft["text"])
        area.move_cursor(area.document.end)
        if draft.get("partner") in AUTHORS:
            self.query_one("#note-author", Select).value = draft["partner"]

    def default_author(self, partner: str | None) -> None:
        """A new note is, by default, by whoever is talking now (an empty box only)."""
        if not self.text:
            self.query_one("#note-author", Select).value = partner or "both"

    def start_writing(self) -> None:
        """Into the box, the cursor at the end (a note left there is continued)."""
        area = self.area
        area.focus()
        area.move_cursor(area.document.end)

    def type_key(self, character: str) -> None:
        """A printable key that reached the screen: it starts (or continues) the note, the key
        itself included, so no letter is lost and none becomes a command."""
        area = self.area
        if self.screen.focused is not area:
            self.screen.set_focus(area)
            area.move_cursor(area.document.end)
        area.insert(character, maintain_selection_offset=False)  # the cursor follows

    def insert_word(self, word: str) -> None:
        """A word chosen in the word picker goes into the note at the cursor (a space before it
        when it would stick to the word before), and the typing goes on after it. Nothing
        already typed moves or goes: a selection is kept, the word goes in before it."""
        area = self.area
        start = min(area.selection.start, area.selection.end)
        row, column = start
        before = area.document.get_line(row)[:column] if row < area.document.line_count else ""
        text = (" " if before and not before[-1].isspace() else "") + word
        area.focus()
        area.insert(text, start, maintain_selection_offset=False)
        area.move_cursor((row, column + len(text)))

    def clear(self) -> None:
        self.area.text = ""

    @on(Button.Pressed, "#save-note")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Save())

    @on(TextArea.Changed, "#note-text")
    def _length(self, event: TextArea.Changed) -> None:
        """Say early when a note grows past what one note holds, and what ctrl+s will do."""
        text = event.text_area.text
        over = len(text) > NOTE_LIMIT
        event.text_area.set_class(over, "-too-long")
        if over and not self._warned_long:
            self.notify(
                f"This text is longer than one note ({NOTE_LIMIT} characters): ctrl+s keeps it "
                f"whole as {len(split_note(text))} notes, split at paragraph ends.",
                timeout=6,
            )
        self._warned_long = over
        if len(text) > DRAFT_LIMIT:
            self.post_message(self.Overflow())
