"""Looking back: every finished check-in, newest first, with a filter over notes and topics.

The rows come from the small index, read in a worker after the first frame: a first page is
shown at once, then the rest. The list draws only the lines on screen (a ScrollView with the
line API), so 5000 check-ins scroll and filter as smoothly as 50. The words of notes live in the
big history file, so they are read only when the couple first filters.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Input, Static

from ..core.model import partner_names
from ..core.stats import HistoryRow, history_row, matches
from ..errors import StoreError
from ..widgets.footer import KeysFooter
from ..widgets.history_list import HistoryList
from ..widgets.markup import escape
from ..widgets.title_bar import TitleBar
from .base import CheckinScreen

FIRST_PAGE = 60
class HistoryScreen(CheckinScreen[None]):
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
        yield TitleBar()
        with Vertical(id="history"):
            with Horizontal(id="history-top"):
                yield Static("Looking back", id="history-title", classes="title")
                yield Button("Trends", id="trends", tooltip="How things have changed over time", action="screen.trends")
            yield Input(placeholder="Words from notes, topics or action items", id="history-filter")
            yield HistoryList(id="history-list")
            yield Static("Reading your check-ins…", id="history-status", classes="hint")
        yield KeysFooter()

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
        names = partner_names(app.couple)
        now = app.clock.now()
        summaries = app.repo.summaries()
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
        try:
            # from search.json, made with the history: the big file is not read and kept for this
            texts = self.app.repo.search_texts()
        except StoreError as err:  # history.json damaged: name it and the way out, keep running
            self.app.call_from_thread(self.app.say_damaged, err)
            texts = {}  # the filter still works on what the list shows
        self.post_message(self.NotesLoaded(texts))

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
