"""The list of past check-ins on the look-back screen: a header and one line per check-in, drawn
with the line API (a ScrollView), so 5000 check-ins scroll as smoothly as 50. Columns come in as the
width allows. The screen (``checkin.screens.history``) fills it and opens what is selected."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.stats import HistoryRow

HEADER = 2  # two header lines: the names over their ratings, then "mood conn" under each
RATING = "mood conn"
ENDED_MIN, ENDED_MAX = 12, 26
AGO = 13


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int


def columns_for(width: int, names: tuple[str, str]) -> list[Column]:
    """The list's columns for this many cells: everything fits at 80 and wider; the
    weekday, a longer agenda title and "3 weeks ago" come in as room allows."""
    partner = [max(len(RATING), min(14, cell_len(n))) for n in names]
    roomy = width >= 100
    fixed = [
        Column("when", "When", 15 if roomy else 11),
        Column("agenda", "Agenda", 12 if roomy else 9),
        Column("length", "Length", 6),
        Column("a", names[0], partner[0]),
        Column("b", names[1], partner[1]),
        Column("actions", "Actions", 7),
    ]
    used = sum(c.width + 1 for c in fixed) + 1
    ended = max(ENDED_MIN, min(ENDED_MAX, width - used - 1))
    cols = [*fixed, Column("ended", "How it ended", ended)]
    if width - used - ended - 1 >= AGO + 1:
        cols.insert(1, Column("ago", "", AGO))
    return cols


def column_widths(names: tuple[str, str], width: int = 120) -> list[int]:
    return [c.width for c in columns_for(width, names)]


def short_ending(text: str) -> str:
    """'Ended early after 2 breaks' -> 'Ended early, 2 breaks' where room is short (who called
    a break goes: the agenda column already says "with Mira")."""
    text = re.sub(r" \(the facilitator called [^)]*\)$", "", text)
    return text.replace(" after a break", ", 1 break").replace(" after ", ", ")


def _fit(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)) + "…" if width > 1 else set_cell_size(text, width)


class HistoryList(ScrollView, can_focus=True):
    """The check-ins as a list with a header; draws only visible lines, whatever the length.

    Up/down/page/home/end move the cursor; Enter or a click opens the check-in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False, id="history.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="history.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="history.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="history.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="history.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="history.last"),
        Binding("enter", "select", "Open", tooltip="Open this check-in", id="history.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "history-list--header",
        "history-list--cursor",
        "history-list--stripe",
        "history-list--dim",
    }
    DEFAULT_CSS = """
    HistoryList {
        height: 1fr;
        background: $surface;
    }
    HistoryList > .history-list--header {
        background: $panel;
        text-style: bold;
    }
    HistoryList > .history-list--stripe {
        background: $boost;
    }
    HistoryList > .history-list--cursor {
        background: $primary 35%;
        text-style: bold;
    }
    HistoryList:focus > .history-list--cursor {
        background: $primary 60%;
    }
    HistoryList > .history-list--dim {
        color: $foreground 60%;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Selected(Message):
        """A check-in was chosen (Enter or a click)."""

        row: HistoryRow

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[HistoryRow] = []
        self.names = ("A", "B")
        self.columns = columns_for(80, self.names)

    def set_rows(self, rows: list[HistoryRow], keep: str | None = None) -> None:
        """Show ``rows`` (cheap: nothing is drawn until it is on screen)."""
        self.rows = rows
        self._layout()
        ids = [r.id for r in rows] if keep else []
        self.cursor = ids.index(keep) if keep in ids else min(self.cursor, max(0, len(rows) - 1))
        self.refresh()

    def _layout(self) -> None:
        self.columns = columns_for(self.size.width or 80, self.names)
        self.virtual_size = Size(self.row_width, len(self.rows) + HEADER)

    def on_resize(self) -> None:
        self._layout()
        self.refresh()

    @property
    def row_width(self) -> int:
        return sum(c.width + 1 for c in self.columns) + 1

    @property
    def current(self) -> HistoryRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def watch_cursor(self, cursor: int) -> None:
        top, visible = self.scroll_offset.y, max(1, self.size.height - HEADER)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + visible:
            self.scroll_to(y=cursor - visible + 1, animate=False, immediate=True)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height - HEADER - 1))

    def action_jump(self, index: int) -> None:
        if self.rows:
            self.cursor = index % len(self.rows)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: Click) -> None:
        if event.y < HEADER:
            return
        index = self.scroll_offset.y + event.y - HEADER
        if 0 <= index < len(self.rows):
            self.cursor = index
            self.action_select()

    # -- drawing -----------------------------------------------------------------------------

    def _partner_style(self, partner: str, base: Style) -> Style:
        value = self.app.theme_variables.get(f"partner-{partner}", "")
        try:
            colour = Color.parse(value).rich_color
        except ColorParseError:
            return base + Style(bold=True)
        return base + Style(color=colour, bold=True)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        columns = self.columns
        if y < HEADER:
            style = base + self.get_component_rich_style("history-list--header")
            cells = {}
            for c in columns:
                if c.key in ("a", "b"):
                    top = (c.label, self._partner_style(c.key, style))
                    cells[c.key] = [top] if y == 0 else [(RATING, style)]
                else:
                    cells[c.key] = [(c.label if y == 0 else "", style)]
        else:
            index = scroll_y + y - HEADER
            if index >= len(self.rows):
                return Strip.blank(width, base)
            row = self.rows[index]
            style = base
            if index % 2:
                style += self.get_component_rich_style("history-list--stripe")
            if index == self.cursor:
                style += self.get_component_rich_style("history-list--cursor")
            dim = style + self.get_component_rich_style("history-list--dim", partial=True)
            by_key = {c.key: c for c in columns}
            when = row.when if by_key["when"].width >= cell_len(row.when) else row.when.partition(" ")[2]
            ended = row.ended
            if cell_len(ended) > by_key["ended"].width:
                ended = short_ending(ended)
            cells = {
                "when": [(when, style)],
                "ago": [(row.ago, dim)],
                "agenda": [(row.facilitator or row.agenda.removesuffix(" check-in"), style)],
                "length": [(row.length, style)],
                "actions": [(f"{row.actions:>4}" if row.actions else "   -", style)],
                "ended": [(ended, style)],
            }
            for partner, value in zip("ab", row.after, strict=True):
                mood, _, conn = value.partition("/")
                cells[partner] = [(f"{mood:>4} {conn or '':>4}" if conn else f"{'-':>4}", style)]
        segments = [Segment(" ", style)]
        for c in columns:
            used = 0
            for text, part_style in cells[c.key]:
                text = _fit(text, c.width - used)
                used += cell_len(text)
                if text:
                    segments.append(Segment(text, part_style))
            segments.append(Segment(" " * (c.width - used + 1), style))
        segments = list(Segment.simplify(segments))  # padding joins its neighbours' text
        return Strip(segments, self.row_width).crop_extend(scroll_x, scroll_x + width, style)
