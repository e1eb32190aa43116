"""Looking back: every finished check-in, newest first, with a filter over notes and topics.

The first rows come from the small index, read in a worker after the first frame and shown as a
first page at once; the rest follow in one go. The words of notes live in the big history file,
so they are read only when the couple first filters.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, DataTable, Footer, Header, Input, Static

from ..core.stats import HistoryRow, history_row, matches, record_search_text

FIRST_PAGE = 60
COLUMNS = (  # the first five fit in 80 columns; the rest scroll into view
    ("When", "when", 15),
    ("", "ago", 13),
    ("Agenda", "agenda", 12),
    ("Length", "length", 7),
    ("Closing ratings", "closing", 19),
    ("Actions", "actions", 7),
    ("How it ended", "ended", 25),
)


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
        self._shown: list[str] = []
        self._names = ("A", "B")

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="♥")
        with Vertical(id="history"):
            with Horizontal(id="history-top"):
                yield Static("Looking back", id="history-title", classes="title")
                yield Button("Trends", id="trends", tooltip="How things have changed over time")
            yield Input(
                placeholder="Words from notes, topics or action items",
                id="history-filter",
            )
            table: DataTable[str | Text] = DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            for label, key, width in COLUMNS:
                table.add_column(label, key=key, width=width)
            yield table
            yield Static("Reading your check-ins…", id="history-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#history-filter").display = False
        self.query_one(DataTable).focus()
        self.call_after_refresh(self.load_rows)

    # -- loading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history-rows")
    def load_rows(self) -> None:
        app = self.app
        couple = app.couple  # type: ignore[attr-defined]
        names = {"a": couple.name_a, "b": couple.name_b} if couple else {"a": "A", "b": "B"}
        self._names = (names["a"], names["b"])
        now = app.clock.now()  # type: ignore[attr-defined]
        summaries = app.repo.summaries()  # type: ignore[attr-defined]
        first = [history_row(row, now, names) for row in summaries[:FIRST_PAGE]]
        self.post_message(self.RowsLoaded(first, len(summaries), done=len(summaries) <= FIRST_PAGE))
        if len(summaries) > FIRST_PAGE:
            rows = first + [history_row(row, now, names) for row in summaries[FIRST_PAGE:]]
            self.post_message(self.RowsLoaded(rows, len(summaries), done=True))

    @on(RowsLoaded)
    def rows_loaded(self, message: RowsLoaded) -> None:
        self.rows, self.total, self.loaded = message.rows, message.total, message.done
        table = self.query_one(DataTable)
        if not message.done or not self._shown or self._query():
            self._refill()
        else:  # the first page is on screen: add the rest below it, keeping the cursor
            shown = set(self._shown)
            rest = [r for r in self.rows if r.id not in shown]
            for row in rest:
                table.add_row(*self._cells(row), key=row.id)
            self._shown += [r.id for r in rest]
        self._update_status()

    @work(thread=True, exclusive=True, group="history-notes")
    def load_notes(self) -> None:
        records = self.app.repo.all_checkins()  # type: ignore[attr-defined]
        self.post_message(self.NotesLoaded({str(r.get("id")): record_search_text(r) for r in records}))

    @on(NotesLoaded)
    def notes_loaded(self, message: NotesLoaded) -> None:
        self.notes = message.text
        self._notes_loading = False
        self._refill()

    # -- showing -----------------------------------------------------------------------------

    def _cells(self, row: HistoryRow) -> tuple[str | Text, ...]:
        return (
            Text(row.when),
            Text(row.ago, style="dim"),
            Text(row.agenda.removesuffix(" check-in")),
            Text(row.length),
            self._closing_text(row),
            Text(str(row.actions) if row.actions else "-", justify="right"),
            Text(row.ended),
        )

    def _closing_text(self, row: HistoryRow) -> Text:
        """'Ana 7/8  Bo 6/6': names in their theme colours (and always written out)."""
        parts: list[str | tuple[str, str]] = []
        for partner, name, value in zip("ab", self._names, row.after, strict=True):
            colour = self.app.theme_variables.get(f"partner-{partner}")
            parts += [(name, f"bold {colour}" if colour else "bold"), f" {value}" + ("  " if partner == "a" else "")]
        return Text.assemble(*parts)

    def _query(self) -> str:
        field = self.query_one("#history-filter", Input)
        return field.value.strip() if field.display else ""

    def _visible(self) -> list[HistoryRow]:
        query = self._query()
        if not query:
            return self.rows
        notes = self.notes or {}
        return [r for r in self.rows if matches(r.search + "\n" + notes.get(r.id, ""), query)]

    def _refill(self) -> None:
        table = self.query_one(DataTable)
        keep = self.selected_id
        rows = self._visible()
        table.clear()
        for row in rows:
            table.add_row(*self._cells(row), key=row.id)
        self._shown = [r.id for r in rows]
        if keep in self._shown:
            table.move_cursor(row=self._shown.index(keep), animate=False)
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
            found = len(self._shown)
            more = " (searching notes too…)" if self.notes is None else ""
            status.update(f"{found} of {count} mention “{query}”{more}. Escape clears the filter.")
        elif not self.loaded:
            status.update(f"Showing the newest of {count}…")
        else:
            status.update("Enter opens a check-in. / filters by words in notes and topics.")

    @property
    def selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not self._shown or table.cursor_row < 0 or table.cursor_row >= len(self._shown):
            return None
        return self._shown[table.cursor_row]

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
            self.query_one(DataTable).focus()
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
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected, "#history-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_checkin(str(event.row_key.value))

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
        table = self.query_one(DataTable)
        if deleted in self._shown:
            table.remove_row(deleted)
            self._shown.remove(deleted)
        self._update_status()
