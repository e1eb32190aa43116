"""Home: who you are, when the next check-in is, and the way into everything else."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..core.clock import now_datetime
from ..core.schedule import describe_ago, describe_due, weeks_in_a_row
from ..errors import DamagedFileError
from ..widgets.footer import KeysFooter
from ..widgets.partner import couple_markup
from ..widgets.title_bar import TitleBar
from .base import CheckinScreen


def plan_text(app) -> str | None:
    """The next planned activity, or a gentle "did you do it?", from the hobby picker's data."""
    hobbies = app.repo.section("hobbies")
    if not hobbies.get("plans"):
        return None
    from ..core.catalogue import load_catalogue
    from ..core.hobbies import local_today
    from ..widgets.plan_banner import home_plan_text

    catalogue, _problems = load_catalogue(hobbies.get("custom"))
    return home_plan_text(hobbies, local_today(app.clock), catalogue)


def resume_text(current: dict, now) -> str:
    """What the resume banner says: which agenda, which part, since when."""
    from ..core.runner import replay

    try:
        state = replay(current)
    except (ValueError, KeyError, TypeError):
        return "A check-in is in progress. You can pick it up where you left off."
    from ..widgets.markup import escape

    title = escape(state.agenda.title)
    part = f"part {state.block_index + 1} of {len(state.agenda.blocks)}, {escape(state.block.title)}"
    started = describe_ago(current.get("started_at"), now)
    if state.suspended:
        # "End for today": put aside on purpose, whether or not a break was running
        during = " during a break" if state.on_break else ""
        return (
            f"You ended {title} for today{during} ({part}, started {started}). "
            "Resume it when you are both ready; everything so far is kept."
        )
    if state.on_break:
        return f"You are taking a break in {title} ({part}). Resume when you are both ready."
    return f"{title} is in progress ({part}, started {started}). Resume where you left off?"


class HomeScreen(CheckinScreen[None]):
    """The couple's home screen."""

    STYLED_AT_START = True
    # Nothing focused at first: every action has its key. Textual would focus the scrolling
    # card, then restyle its 22 widgets (13 ms before the first frame) for no visible change.
    AUTO_FOCUS = ""

    BINDINGS = [
        Binding("s", "start", "Start check-in", tooltip="Begin this week's talk", id="home.start"),
        Binding("r", "resume", "Resume", tooltip="Pick up the check-in in progress", id="home.resume"),
        Binding("a", "activities", "Activities", tooltip="Pick something you both enjoy", id="home.activities"),
        Binding("h", "history", "Look back", tooltip="Past check-ins and trends", id="home.history"),
        Binding("q", "questions", "Questions", tooltip="Question cards for a quiet evening", id="home.questions"),
        Binding("comma", "settings", "Settings", tooltip="Names, weekly time, theme", id="home.settings"),
        Binding("o", "solo", "On my own", tooltip="Reflect privately, on your own", id="home.solo"),
        # Nothing is focused at first, so the card scrolls from the screen in a small terminal.
        Binding("down", "scroll_card('down')", "Scroll down", show=False, id="home.scroll_down"),
        Binding("up", "scroll_card('up')", "Scroll up", show=False, id="home.scroll_up"),
        Binding("pagedown", "scroll_card('page_down')", "Page down", show=False, id="home.page_down"),
        Binding("pageup", "scroll_card('page_up')", "Page up", show=False, id="home.page_up"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        card = VerticalScroll(id="home")
        card.can_focus = False  # Tab goes straight to the buttons; the screen's keys scroll it
        with card, Center(), Vertical(classes="card", id="home-card"):
            yield Static("", id="couple", classes="title")
            with Grid(id="facts"):
                yield Static("Next check-in", classes="fact-label")
                yield Static("", id="next-due", classes="fact")
                yield Static("Last check-in", classes="fact-label")
                yield Static("", id="last", classes="fact")
                yield Static("Weeks in a row", classes="fact-label")
                yield Static("", id="streak", classes="fact")
            yield Static("", id="resume-banner", classes="banner")
            yield Static("", id="plan-banner", classes="banner")
            with Horizontal(classes="buttons", id="home-buttons"):
                yield Button("Start check-in", variant="primary", id="start", tooltip="Begin this week's talk (s)")
                yield Button("Resume", variant="primary", id="resume", tooltip="Pick up where you left off (r)")
                yield Button("Activities", id="go-activities", tooltip="Pick something you both enjoy (a)")
                yield Button("Look back", id="go-history", tooltip="Past check-ins and trends (h)")
                yield Button("Questions", id="go-questions", tooltip="Question cards for a quiet evening (q)")
                yield Button("Settings", id="settings", tooltip="Names, weekly time, theme (,)")
                yield Button("Quit", id="quit", tooltip="Close checkin (everything is saved)")
            with Horizontal(classes="buttons", id="home-solo-row"):
                yield Button("On my own", id="go-solo", tooltip="Reflect privately, on your own (o)")
        yield KeysFooter()

    def action_scroll_card(self, how: str) -> None:
        getattr(self.query_one("#home", VerticalScroll), f"scroll_{how}")()

    def on_mount(self) -> None:
        self.refresh_facts()
        self._just_mounted = True  # the ScreenResume that follows the first push: no second refresh
        if self._break_running():
            # Started again during a break (closed, killed, or the machine restarted): go
            # straight back to the break view and its countdown.
            self.call_after_refresh(self.action_resume)

    def _break_running(self) -> bool:
        current = self.app.repo.current()
        if not current or current.get("status") not in (None, "in_progress"):
            return False
        from ..core.runner import replay

        try:
            state = replay(current)
        except (ValueError, KeyError, TypeError):
            return False
        return state.on_break and not state.suspended

    def on_screen_resume(self) -> None:
        if getattr(self, "_just_mounted", False):
            self._just_mounted = False
            return
        self.refresh_facts()

    def refresh_facts(self) -> None:
        app = self.app
        couple = app.couple
        if couple is None:
            return
        settings = app.settings
        now = now_datetime(app.clock)  # no arrow before the first frame
        unfinished = app.repo.current()
        if unfinished and unfinished.get("status") not in (None, "in_progress"):
            # finished, but the move into history was cut short: complete it now
            app.repo.recover_finished_current()
        try:
            started = app.repo.started_stamps()  # not the whole index
        except DamagedFileError as damage:
            # index.json damaged in its middle (the quick look at start-up sees only its ends):
            # home still shows, the notice names the file and the way out (checkin doctor).
            self.app.say_damaged(damage)
            started = []
        self.query_one("#couple", Static).update(couple_markup(couple.name_a, couple.name_b))
        self.query_one("#next-due", Static).update(describe_due(settings, now))
        last = started[0] if started else None
        self.query_one("#last", Static).update(describe_ago(last, now) if last else "not yet")
        run = weeks_in_a_row(started, now)
        self.query_one("#streak", Static).update(
            f"{run} {'week' if run == 1 else 'weeks'}" if run else "this week could be the first"
        )
        banner = self.query_one("#resume-banner", Static)
        current = app.repo.current()
        banner.display = bool(current)
        if current:
            banner.update(resume_text(current, now))
        plan = self.query_one("#plan-banner", Static)
        text = plan_text(app)
        plan.display = bool(text)
        plan.update(text or "")
        self.query_one("#start", Button).display = not current
        self.query_one("#resume", Button).display = bool(current)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_progress = self.app.repo.current() is not None
        if action == "start":
            return not in_progress
        if action == "resume":
            return in_progress
        return True

    def action_start(self) -> None:
        if self.app.repo.current() is not None:
            self.action_resume()
            return
        from .start import StartScreen

        self.app.push_screen(StartScreen())

    def action_resume(self) -> None:
        from ..core.model import partner_names
        from ..core.session import CheckinSession
        from ..errors import Refusal
        from .talk import TalkScreen

        app = self.app
        try:
            session = CheckinSession.reopen(app.repo, app.clock, partner_names(app.couple))
        except Refusal as refused:
            self.notify(str(refused), severity="error", markup=False)
            return
        if session is None:  # finished after all (its move into history is now complete)
            self.refresh_facts()
            return
        app.push_screen(TalkScreen(session))

    def action_activities(self) -> None:
        from .activities import ActivitiesScreen

        self.app.push_screen(ActivitiesScreen())

    def action_history(self) -> None:
        from .history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_questions(self) -> None:
        from .questions import QuestionsScreen

        self.app.push_screen(QuestionsScreen())

    @on(Button.Pressed, "#go-questions")
    def questions_pressed(self) -> None:
        self.action_questions()

    @on(Button.Pressed, "#go-activities")
    def activities_pressed(self) -> None:
        self.action_activities()

    @on(Button.Pressed, "#go-solo")
    def action_solo(self) -> None:
        from .solo_unlock import WhoScreen

        self.app.push_screen(WhoScreen())

    @on(Button.Pressed, "#go-history")
    def history_pressed(self) -> None:
        self.action_history()

    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#resume")
    def resume_pressed(self) -> None:
        self.action_resume()

    def action_settings(self) -> None:
        self.app.open_settings()

    @on(Button.Pressed, "#settings")
    def settings_pressed(self) -> None:
        self.action_settings()

    @on(Button.Pressed, "#quit")
    async def quit_pressed(self) -> None:
        await self.app.action_quit()
