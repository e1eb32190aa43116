"""Text that changes every second without moving anything: update a Static in place."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static


def text_shape(text: str) -> tuple[int, ...]:
    """The width in cells of each line ``text`` shows (markup taken out)."""
    return tuple(cell_len(line) for line in Content.from_markup(text).plain.split("\n"))


def update_in_place(widget: Static, text: str, before: str | None) -> None:
    """``widget.update(text)``, without a layout of the whole screen when the new text takes
    exactly the room the old one did.

    ``Static.update`` asks for a layout by default, and a layout of the talk screen is most
    of what a countdown costs each second. None is needed when the widget's size does not
    depend on its text (neither width nor height ``auto``), or when every line of the new text
    is as wide as the old one's and fits unwrapped (then the height and an auto width stay).
    """
    styles = widget.styles
    auto = any(scalar is not None and scalar.is_auto for scalar in (styles.width, styles.height))
    if before is not None and not auto:
        widget.update(text, layout=False)
        return
    if before is not None:
        shape = text_shape(text)
        room = widget.content_size.width
        if shape == text_shape(before) and room > 0 and max(shape) <= room:
            widget.update(text, layout=False)
            return
    widget.update(text)
