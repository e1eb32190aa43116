"""Home: who you are, when the next check-in is, and the way into everything else."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from ..core.schedule import describe_ago, describe_due, weeks_in_a_row
from ..widgets.partner import couple_markup


class HomeScreen(Screen[None]):
    """The couple's home screen."""

    BINDINGS = [
        Binding("comma", "settings", "Settings", tooltip="Names, weekly time, theme", id="settings"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="♥")
        with VerticalScroll(id="home"), Center(), Vertical(classes="card", id="home-card"):
            yield Static("", id="couple", classes="title")
            with Grid(id="facts"):
                yield Static("Next check-in", classes="fact-label")
                yield Static("", id="next-due", classes="fact")
                yield Static("Last check-in", classes="fact-label")
                yield Static("", id="last", classes="fact")
                yield Static("Weeks in a row", classes="fact-label")
                yield Static("", id="streak", classes="fact")
            yield Static("", id="resume-banner", classes="banner")
            with Horizontal(classes="buttons", id="home-buttons"):
                yield Button("Settings", id="settings", tooltip="Names, weekly time, theme")
                yield Button("Quit", id="quit", tooltip="Close checkin (everything is saved)")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_facts()

    def on_screen_resume(self) -> None:
        self.refresh_facts()

    def refresh_facts(self) -> None:
        app = self.app
        couple = app.couple  # type: ignore[attr-defined]
        if couple is None:
            return
        settings = app.settings  # type: ignore[attr-defined]
        now = app.clock.now()  # type: ignore[attr-defined]
        rows = app.repo.summaries()  # type: ignore[attr-defined]
        self.query_one("#couple", Static).update(couple_markup(couple.name_a, couple.name_b))
        self.query_one("#next-due", Static).update(describe_due(settings, now))
        last = rows[0]["started_at"] if rows else None
        self.query_one("#last", Static).update(describe_ago(last, now) if last else "not yet")
        run = weeks_in_a_row((r["started_at"] for r in rows if r.get("started_at")), now)
        self.query_one("#streak", Static).update(
            f"{run} {'week' if run == 1 else 'weeks'}" if run else "this week could be the first"
        )
        banner = self.query_one("#resume-banner", Static)
        draft = app.repo.draft()  # type: ignore[attr-defined]
        banner.display = bool(draft)
        if draft:
            banner.update("A check-in is in progress. You can pick it up where you left off.")

    def action_settings(self) -> None:
        self.app.open_settings()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#settings")
    def settings_pressed(self) -> None:
        self.action_settings()

    @on(Button.Pressed, "#quit")
    async def quit_pressed(self) -> None:
        await self.app.action_quit()
