"""Text that changes every second without moving anything: update a Static in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from rich.cells import cell_len
from textual.content import Content
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

if TYPE_CHECKING:
    from textual.css.styles import RulesMap  # noqa: F401

W = TypeVar("W", bound=Widget)


def text_shape(text: str) -> tuple[int, ...]:
    """The width in cells of each line ``text`` shows (markup taken out)."""
    return tuple(cell_len(line) for line in Content.from_markup(text).plain.split("\n"))


def update_in_place(widget: Static, text: str, before: str | None) -> None:
    """``widget.update(text)``, without a layout of the whole screen when the new text takes
    exactly the room the old one did.

    ``Static.update`` asks for a layout by default, and a layout of the talk screen is most
    of what a countdown costs each second. None is needed when the widget's size does not
    depend on its text (neither width nor height ``auto``), when every line of the new text
    is as wide as the old one's and fits unwrapped (then the height and an auto width stay), or
    when a box of fixed width wraps the new text into as many lines as the old one.
    """
    styles = widget.styles
    auto_width = styles.width is not None and styles.width.is_auto
    auto = auto_width or (styles.height is not None and styles.height.is_auto)
    if before is not None and not auto:
        widget.update(text, layout=False)
        return
    if before is not None:
        shape = text_shape(text)
        room = widget.content_size.width
        if shape == text_shape(before) and room > 0 and max(shape) <= room:
            widget.update(text, layout=False)
            return
        if not auto_width and room > 0 and wrapped_height(text, widget) == wrapped_height(before, widget):
            # wrapped in a box of fixed width (the meeting clock at 80 columns): as many lines
            widget.update(text, layout=False)
            return
    widget.update(text)


def wrapped_height(text: str, widget: Widget) -> int:
    """How many lines ``text`` takes in ``widget``'s content width, wrapped as Static does."""
    rules = cast("RulesMap", widget.styles)  # what Textual's own Widget passes here
    return Content.from_markup(text).get_height(rules, widget.content_size.width)


class Steady:
    """The widgets of a node that is redrawn every second, remembered, with the text each shows.

    ``one`` is ``query_one`` remembered (those widgets never change, and a DOM query on every
    one-second tick is most of the CPU a running countdown would use); ``set_text`` touches a
    Static only when its text changed, and without a layout when the text keeps its room."""

    def __init__(self, node: DOMNode) -> None:
        self.node = node
        self._widgets: dict[str, Widget] = {}
        self._texts: dict[str, str] = {}

    def one(self, selector: str, kind: type[W]) -> W:
        widget = self._widgets.get(selector)
        if widget is None:
            widget = self._widgets[selector] = self.node.query_one(selector, kind)
        return cast(W, widget)

    def set_text(self, selector: str, text: str) -> None:
        before = self._texts.get(selector)
        if before != text:
            self._texts[selector] = text
            update_in_place(self.one(selector, Static), text, before)


# A blinking cursor redraws the screen twice a second: while a countdown runs, the fields of the
# talk (a rating, a topic, an action, the note) have the focus, and their blink was two of the
# three frames drawn each second, about half of the CPU a running check-in used (issue 11). Their
# cursor stays shown, without blinking, as in the tests' snapshots.


class SteadyInput(Input):
    """An Input whose cursor does not blink."""

    cursor_blink = reactive(False, init=False)


class SteadyTextArea(TextArea):
    """A TextArea whose cursor does not blink."""

    cursor_blink = reactive(False, init=False)
