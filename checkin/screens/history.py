"""Looking back: every finished check-in, newest first, with a filter over notes and topics.

The rows come from the small index, read in a worker after the first frame: a first page is
shown at once, then the rest. The list draws only the lines on screen (a ScrollView with the
line API), so 5000 check-ins scroll and filter as smoothly as 50. The words of notes live in the
big history file, so they are read only when the couple first filters.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.containers import Horizontal, Vertical
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Input, Static

from ..core.stats import HistoryRow, history_row, matches
from ..widgets.markup import escape

FIRST_PAGE = 60
COLUMNS = (  # label, width; the first five fit in 80 columns (short names), the rest scroll
    ("When", 15),
    ("", 13),
    ("Agenda", 12),
    ("Length", 7),
    ("Closing ratings", 19),
    ("Actions", 7),
    ("How it ended", 25),
)
CLOSING = 4  # index of the closing ratings column, sized to the names


def column_widths(names: tuple[str, str]) -> list[int]:
    """Column widths, with room for "Name 10/10  Name 10/10" (within reason) for these names."""
    widths = [width for _, width in COLUMNS]
    widths[CLOSING] = max(widths[CLOSING], min(32, sum(cell_len(n) for n in names) + 14))
    return widths


class HistoryList(ScrollView, can_focus=True):
    """The check-ins as a list with a header; draws only visible lines, whatever the length.

    Up/down/page/home/end move the cursor; Enter or a click opens the check-in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
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
        self.widths = column_widths(self.names)

    def set_rows(self, rows: list[HistoryRow], keep: str | None = None) -> None:
        """Show ``rows`` (cheap: nothing is drawn until it is on screen)."""
        self.rows = rows
        self.widths = column_widths(self.names)
        self.virtual_size = Size(self.row_width, len(rows) + 1)
        ids = [r.id for r in rows] if keep else []
        self.cursor = ids.index(keep) if keep in ids else min(self.cursor, max(0, len(rows) - 1))
        self.refresh()

    @property
    def row_width(self) -> int:
        return sum(width + 2 for width in self.widths)

    @property
    def current(self) -> HistoryRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def watch_cursor(self, cursor: int) -> None:
        top, visible = self.scroll_offset.y, max(1, self.size.height - 1)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + visible:
            self.scroll_to(y=cursor - visible + 1, animate=False, immediate=True)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height - 2))

    def action_jump(self, index: int) -> None:
        if self.rows:
            self.cursor = index % len(self.rows)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: Click) -> None:
        if event.y < 1:
            return
        index = self.scroll_offset.y + event.y - 1
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
        if y == 0:
            style = base + self.get_component_rich_style("history-list--header")
            cells = [[(label, style)] for label, _ in COLUMNS]
        else:
            index = scroll_y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, base)
            row = self.rows[index]
            style = base
            if index % 2:
                style += self.get_component_rich_style("history-list--stripe")
            if index == self.cursor:
                style += self.get_component_rich_style("history-list--cursor")
            dim = style + self.get_component_rich_style("history-list--dim", partial=True)
            closing = []
            for partner, name, value in zip("ab", self.names, row.after, strict=True):
                closing += [(name, self._partner_style(partner, style)), (f" {value}  ", style)]
            cells = [
                [(row.when, style)],
                [(row.ago, dim)],
                [(row.agenda.removesuffix(" check-in"), style)],
                [(row.length, style)],
                closing,
                [(str(row.actions) if row.actions else "-", style)],
                [(row.ended, style)],
            ]
        segments = []
        for parts, column_width in zip(cells, self.widths, strict=True):
            segments.append(Segment(" ", style))
            used = 0
            for text, part_style in parts:
                room = max(0, column_width - used)
                if cell_len(text) > room:
                    text = set_cell_size(text, room)
                used += cell_len(text)
                segments.append(Segment(text, part_style))
            segments.append(Segment(" " * (column_width - used + 1), style))
        return Strip(segments, self.row_width).crop_extend(scroll_x, scroll_x + width, style)


class HistoryScreen(Screen[None]):
    """All check-ins, newest first. Enter opens one; `/` filters; `t` shows trends."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back (or clear the filter)", id="history.back"),
        Binding("slash", "filter", "Filter", tooltip="Filter by words in notes and topics", id="history.filter"),
        Binding("t", "trends", "Trends", tooltip="How things have changed over time", id="history.trends"),
    ]

    @dataclass
    class RowsLoaded(Message):
        """Rows read in the worker: the first page (``done`` False), then all of them."""

        rows: list[HistoryRow]
        total: int
        done: bool

    @dataclass
    class NotesLoaded(Message):
        """The words of every check-in's notes, by check-in id, for the filter."""

        text: dict[str, str]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[HistoryRow] = []
        self.total = 0
        self.loaded = False
        self.notes: dict[str, str] | None = None
        self._notes_loading = False
        self._filter_timer: Timer | None = None
        self._first_page_shown = threading.Event()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="♥")
        with Vertical(id="history"):
            with Horizontal(id="history-top"):
                yield Static("Looking back", id="history-title", classes="title")
                yield Button("Trends", id="trends", tooltip="How things have changed over time")
            yield Input(placeholder="Words from notes, topics or action items", id="history-filter")
            yield HistoryList(id="history-list")
            yield Static("Reading your check-ins…", id="history-status", classes="hint")
        yield Footer()

    @property
    def listing(self) -> HistoryList:
        return self.query_one(HistoryList)

    def on_mount(self) -> None:
        self.query_one("#history-filter").display = False
        self.listing.focus()
        self.call_after_refresh(self.load_rows)

    # -- loading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history-rows")
    def load_rows(self) -> None:
        app = self.app
        couple = app.couple  # type: ignore[attr-defined]
        names = {"a": couple.name_a, "b": couple.name_b} if couple else {"a": "A", "b": "B"}
        now = app.clock.now()  # type: ignore[attr-defined]
        summaries = app.repo.summaries()  # type: ignore[attr-defined]
        first = [history_row(row, now, names) for row in summaries[:FIRST_PAGE]]
        self.listing.names = (names["a"], names["b"])
        self.post_message(self.RowsLoaded(first, len(summaries), done=len(summaries) <= FIRST_PAGE))
        if len(summaries) > FIRST_PAGE:
            # let the first page reach the screen before the rest competes for the interpreter
            self._first_page_shown.wait(timeout=2.0)
            rows = first + [history_row(row, now, names) for row in summaries[FIRST_PAGE:]]
            self.post_message(self.RowsLoaded(rows, len(summaries), done=True))

    @on(RowsLoaded)
    def rows_loaded(self, message: RowsLoaded) -> None:
        self.rows, self.total, self.loaded = message.rows, message.total, message.done
        self._refill()
        if not message.done:
            self.call_after_refresh(self._first_page_shown.set)

    @work(thread=True, exclusive=True, group="history-notes")
    def load_notes(self) -> None:
        # from search.json, made with the history: the big file is not read and kept for this
        self.post_message(self.NotesLoaded(self.app.repo.search_texts()))  # type: ignore[attr-defined]

    @on(NotesLoaded)
    def notes_loaded(self, message: NotesLoaded) -> None:
        self.notes = message.text
        self._notes_loading = False
        self._refill()

    # -- showing -----------------------------------------------------------------------------

    def _query(self) -> str:
        field = self.query_one("#history-filter", Input)
        return field.value.strip() if field.display else ""

    def _matching(self) -> list[HistoryRow]:
        query = self._query()
        if not query:
            return self.rows
        notes = self.notes or {}
        return [r for r in self.rows if matches(r.search + "\n" + notes.get(r.id, ""), query)]

    def _refill(self) -> None:
        listing = self.listing
        current = listing.current
        listing.set_rows(self._matching(), keep=current.id if current else None)
        self._update_status()

    def _update_status(self) -> None:
        status = self.query_one("#history-status", Static)
        title = self.query_one("#history-title", Static)
        if self.loaded and not self.total:
            title.update("Looking back")
            status.update("No check-ins yet. After your first one, you can look back on it here.")
            return
        count = f"{self.total} check-in{'s' if self.total != 1 else ''}"
        title.update(f"Looking back: {count}")
        query = self._query()
        if query:
            found = len(self.listing.rows)
            more = " (searching notes too…)" if self.notes is None else ""
            status.update(f"{found} of {count} mention “{escape(query)}”{more}. Escape clears the filter.")
        elif not self.loaded:
            status.update(f"Showing the newest of {count}…")
        else:
            status.update("Enter opens a check-in. / filters by words in notes and topics.")

    # -- actions -------------------------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#history-filter", Input)
        field.display = True
        field.focus()
        if self.notes is None and not self._notes_loading:
            self._notes_loading = True
            self.load_notes()

    def action_back(self) -> None:
        field = self.query_one("#history-filter", Input)
        if field.display:
            field.value = ""
            field.display = False
            self._refill()
            self.listing.focus()
        else:
            self.dismiss()

    def action_trends(self) -> None:
        from .trends import TrendsScreen

        self.app.push_screen(TrendsScreen())

    @on(Button.Pressed, "#trends")
    def trends_pressed(self) -> None:
        self.action_trends()

    @on(Input.Changed, "#history-filter")
    def filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(0.15, self._refill)

    @on(Input.Submitted, "#history-filter")
    def filter_submitted(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._refill()
        self.listing.focus()

    @on(HistoryList.Selected)
    def row_selected(self, event: HistoryList.Selected) -> None:
        self.open_checkin(event.row.id)

    def open_checkin(self, checkin_id: str) -> None:
        from .detail import CheckinDetailScreen

        self.app.push_screen(CheckinDetailScreen(checkin_id), self._after_detail)

    def _after_detail(self, deleted: str | None) -> None:
        if not deleted:
            return
        self.rows = [r for r in self.rows if r.id != deleted]
        self.total = max(0, self.total - 1)
        if self.notes is not None:
            self.notes.pop(deleted, None)
        self._refill()
