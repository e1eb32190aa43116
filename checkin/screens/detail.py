"""One check-in in detail: blocks, notes, floor turns, talking time, pauses and breaks, ratings,
action items and the activity planned. Deleting asks first and says what will be lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Static

from ..core.dates import date_words, exact_date, minutes_words
from ..core.detail import CheckinDetail, checkin_detail, stop_words
from ..core.model import partner_names
from ..core.trends import action_histories
from ..errors import StoreError
from ..widgets.balance import TalkBalance
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import partner_markup
from ..widgets.title_bar import TitleBar
from .base import CheckinScreen
from .confirm import ConfirmScreen

TIMELINE = 48
STATUS_WORDS = {"done": "done", "carried": "carried over", "dropped": "dropped", "open": "open"}


def clock_words(seconds: float) -> str:
    """'2:05' (minutes:seconds)."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class CheckinDetailScreen(CheckinScreen[str | None]):
    """A finished check-in; dismisses with its id when it was deleted (else None)."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the list", id="detail.back"),
        Binding("d", "delete", "Delete", tooltip="Delete this check-in (asks first)", id="detail.delete"),
    ]

    @dataclass
    class Loaded(Message):
        detail: CheckinDetail | None
        statuses: dict[str, str] = field(default_factory=dict)
        plans: list[str] = field(default_factory=list)
        breaks: int = 0

    @dataclass
    class Deleted(Message):
        checkin_id: str

    def __init__(self, checkin_id: str) -> None:
        super().__init__()
        self.checkin_id = checkin_id
        self.detail: CheckinDetail | None = None
        self._deleted: str | None = None  # deleted while another screen was on top

    @property
    def names(self) -> dict[str, str]:
        return partner_names(self.app.couple)

    def who(self, partner: str) -> str:
        if partner in ("a", "b"):
            return partner_markup(self.names[partner], partner)
        return "[b]Agreed[/]" if partner == "agreement" else "[b]Both[/]"

    def compose(self) -> ComposeResult:
        names = self.names
        yield TitleBar()
        with VerticalScroll(id="detail"), Center(), Vertical(id="detail-card", classes="card"):
            yield Static("Reading this check-in…", id="detail-title", classes="title")
            yield Static("", id="detail-facts", classes="lead")
            yield Static("Talking time", classes="section-label")
            yield TalkBalance((names["a"], names["b"]), id="detail-balance")
            yield Static("Ratings", classes="section-label")
            yield Static("", id="detail-ratings")
            yield Static("Pauses and breaks", classes="section-label")
            yield Static("", id="detail-stops")
            yield Static("Blocks", classes="section-label")
            yield Vertical(id="detail-blocks")
            yield Static("Action items", classes="section-label")
            yield Static("", id="detail-actions")
            yield Static("Good times planned", classes="section-label")
            yield Static("", id="detail-activity")
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back", tooltip="Back to the list", action="screen.back")
                yield Button("Delete…", id="delete", variant="error", tooltip="Asks first", action="screen.delete")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        repo = self.app.repo
        try:
            record = repo.checkin(self.checkin_id)
        except StoreError as err:  # history.json damaged: name it and the way out, keep running
            self.app.call_from_thread(self.app.say_damaged, err)
            return
        if record is None:
            self.post_message(self.Loaded(None))
            return
        detail = checkin_detail(record)
        statuses = {k: v.status for k, v in action_histories(repo.summaries()).items()}
        breaks = int(((record.get("summary") or {}).get("breaks") or {}).get("count") or 0)
        self.post_message(self.Loaded(detail, statuses, self._plans(repo), breaks))

    def _plans(self, repo: Any) -> list[str]:
        """The hobby picker's plans made during this check-in, and how they went."""
        from ..core.export import planned_activities

        return planned_activities(repo.section("hobbies"), self.checkin_id)

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        if message.detail is None:
            self.query_one("#detail-title", Static).update("This check-in is no longer here.")
            return
        self.detail = d = message.detail
        now = self.app.clock.now()
        with_friend = f", {d.facilitator}" if d.facilitator else ""
        self.query_one("#detail-title", Static).update(
            escape(f"{date_words(d.started_at, now)}: {d.agenda}{with_friend}")
        )
        status = {"completed": "Completed", "ended_early": "Ended early"}.get(d.status, d.status)
        planned = sum(b.planned for b in d.blocks)
        facts = [status, f"{minutes_words(d.elapsed)} in all ({minutes_words(planned)} planned)"]
        facts.append(f"{d.notes} note{'s' if d.notes != 1 else ''}")
        self.query_one("#detail-facts", Static).update(" · ".join(facts))
        total = sum(d.talk.values())
        self.query_one(TalkBalance).shares = (d.share["a"], d.share["b"]) if total > 0 else None
        self.query_one("#detail-ratings", Static).update(self._ratings(d))
        self.query_one("#detail-stops", Static).update(self._stops(d))
        blocks = self.query_one("#detail-blocks", Vertical)
        blocks.remove_children()
        shown = [b for b in d.blocks if b.kind != "rating" or b.notes]  # ratings are shown above
        blocks.mount_all([Static(self._block(b), classes="detail-block") for b in shown])
        self.query_one("#detail-actions", Static).update(self._actions(d, message.statuses))
        activity = [escape(line) for line in message.plans]
        for block in d.blocks:
            if block.kind == "activity":
                activity += [f"{self.who(p)}: {escape(t)}" for p, t in block.notes]
        self.query_one("#detail-activity", Static).update(
            "\n".join(activity) or "[dim]Nothing was planned this time.[/]"
        )

    def _ratings(self, d: CheckinDetail) -> str:
        lines = [f"{'':12}{'mood':<18}connection"]
        for p in ("a", "b"):
            before, after = d.ratings_before.get(p) or {}, d.ratings_after.get(p) or {}
            cells = []
            for what in ("mood", "connection"):
                b, a = before.get(what), after.get(what)
                if b is not None and a is not None:
                    change = a - b
                    sign = f" ({change:+d})" if change else ""
                    cells.append(f"{b} → {a}{sign}")
                elif a is not None or b is not None:
                    cells.append(f"{'-' if b is None else b} → {'-' if a is None else a}")
                else:
                    cells.append("not rated")
            name = self.names[p][:11]
            pad = " " * (12 - len(name))
            lines.append(f"{partner_markup(name, p)}{pad}{cells[0]:<18}{cells[1]}")
        return "\n".join(lines)

    def _stops(self, d: CheckinDetail) -> str:
        if not d.stops:
            return "[dim]No pauses or breaks: you went straight through.[/]"
        length = max(d.elapsed, 1.0)
        cells = ["─"] * TIMELINE
        for s in d.stops:
            start = min(TIMELINE - 1, int(TIMELINE * s.at / length))
            end = max(start + 1, min(TIMELINE, round(TIMELINE * (s.at + s.seconds) / length)))
            for i in range(start, end):
                cells[i] = "▒" if s.kind == "pause" else "█"
        bar = "".join(cells).replace("▒", "[$warning]▒[/]").replace("█", "[$accent]█[/]")
        lines = [f"start {bar} end", "[$warning]▒[/] pause   [$accent]█[/] break"]
        names = {p: self.who(p) for p in ("a", "b")}  # partner names in their colours
        for s in d.stops:  # "14 min in: the facilitator called a break of 20 min" (no blame)
            lines.append(f"• {minutes_words(s.at)} in: {stop_words(s, names)}")
        return "\n".join(lines)

    def _block(self, b: Any) -> str:
        title = f"[b]{escape(b.title)}[/b]"
        if b.topic:
            title += f": {escape(b.topic)}"
        used, planned = round(b.used / 60), round(b.planned / 60)
        lines = [f"{title}  [dim]{used} of {planned} min[/]"]
        if b.turns:
            turns = " · ".join(f"{self.who(t.speaker)} {clock_words(t.seconds)}" for t in b.turns)
            lines.append(f"  turns: {turns}")
        for partner, text in b.notes:
            lines.append(f"  {self.who(partner)}: {escape(text)}")
        return "\n".join(lines)

    def _actions(self, d: CheckinDetail, statuses: dict[str, str]) -> str:
        lines = []
        for a in d.actions:
            owner = "both of you" if a["owner"] == "both" else self.who(a["owner"])
            due = f", by {exact_date(a['due'])}" if a.get("due") else ""
            state = STATUS_WORDS.get(statuses.get(a["id"], "open"), "open")
            mark = "✓" if state == "done" else "•"
            lines.append(f"{mark} {escape(a['text'])}: {owner}{due} [dim]({state})[/]")
        if d.reviewed:
            if not lines:
                lines.append("[dim]No new action items this time.[/]")
            lines.append("[dim]From last time:[/]")
            for item in d.reviewed:
                state = STATUS_WORDS.get(item["status"], item["status"])
                mark = "✓" if state == "done" else "•"
                lines.append(f"{mark} {escape(str(item.get('text', '')))} [dim]({state})[/]")
        return "\n".join(lines) or "[dim]No action items this time.[/]"

    # -- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_delete(self) -> None:
        d = self.detail
        if d is None:
            return
        lost = [
            f"{d.notes} note{'s' if d.notes != 1 else ''}",
            f"{len(d.actions)} action item{'s' if len(d.actions) != 1 else ''}",
            "the ratings before and after",
            "the talking times, pauses and breaks",
        ]
        now = self.app.clock.now()
        screen = ConfirmScreen(
            f"The check-in of {escape(date_words(d.started_at, now))} will be gone for good:",
            yes="Delete", no="Keep it", title="Delete this check-in?", danger=True,
            detail=", ".join(lost) + ".",
            note="Exports you made earlier keep their copy, and a copy stays in the data folder's "
            "backups/ until ten more check-ins are finished.",
        )
        self.app.push_screen(screen, self._confirmed)

    def _confirmed(self, sure: bool | None) -> None:
        if sure:
            self.delete_checkin()

    @work(thread=True, exclusive=True)
    def delete_checkin(self) -> None:
        self.app.repo.delete_checkin(self.checkin_id)
        self.post_message(self.Deleted(self.checkin_id))

    @on(Deleted)
    def deleted(self, message: Deleted) -> None:
        self.notify("The check-in was deleted.", title="Looking back")
        # dismiss() pops whatever screen is on top (Textual 8.2.8): if something was opened over
        # this one meanwhile, leave when we are back on top instead. `is_active` (top of the
        # stack), not `is_current`: a screen under a modal still counts as current.
        if self.is_active:
            self.dismiss(message.checkin_id)
        else:
            self._deleted = message.checkin_id

    def on_screen_resume(self) -> None:
        if self._deleted is not None:
            self.dismiss(self._deleted)
