"""First run: both names, and when to check in each week. Nothing is saved until Begin."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from ..core.model import WEEKDAYS, Couple, Settings
from ..core.names import MAX_NAME, clean_name, name_problem, names_problem
from ..core.schedule import parse_time
from ..widgets.footer import KeysFooter
from ..widgets.partner import partner_markup
from .base import CheckinScreen


def weekday_options() -> list[tuple[str, int]]:
    return [(day, i) for i, day in enumerate(WEEKDAYS)]


# Room for more than a name, so a long one is never cut short without a word: it shows
# "Please keep names to 40 characters" and Begin waits until it is shorter.
NAME_ROOM = MAX_NAME * 5


def long_name_problem(name: str) -> str | None:
    """A name over the limit, said as soon as it is typed or pasted (cleaned ``name``)."""
    if len(name) > MAX_NAME:
        return f"Please keep names to {MAX_NAME} characters (this one has {len(name)})."
    return None


def time_problem(text: str) -> str | None:
    if parse_time(text) is None:
        return "Please give a time like 19:00 (24-hour clock)."
    return None


WHEN_LABEL = "When would you like to check in each week? (and a look you like)"
WHEN_LABEL_NARROW = "When would you like to check in each week?"
NARROW_WIDTH = 76  # below this the theme choice leaves the welcome screen (Settings has it)


class WelcomeScreen(CheckinScreen[None]):
    """A calm welcome that asks for the two names and the weekly time."""

    STYLED_AT_START = True

    BINDINGS = [
        Binding("escape", "leave", "Leave", tooltip="Leave (asks first if you typed something)", id="welcome.leave"),
        Binding(
            "ctrl+q", "quit", "Quit", tooltip="Close checkin (asks first if you typed something)", id="welcome.quit"
        ),
    ]
    HELP_INTRO = (
        "Type both names and when you would like to talk each week; Begin saves them. "
        "Nothing is saved before that."
    )

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome"), Center():
            with Vertical(classes="card", id="welcome-card"):
                yield Static("Welcome to checkin", classes="title")
                yield Static(
                    "A calm, timed talk each week, just for the two of you. "
                    "Take turns, take breaks, and look back on how you are doing.",
                    classes="lead",
                )
                yield Label("Your names", classes="field-label")
                with Horizontal(classes="name-row"):
                    yield Input(
                        placeholder="First name",
                        max_length=NAME_ROOM,
                        id="name-a",
                        classes="partner-a-input",
                    )
                    yield Static("", id="preview-a", classes="preview")
                with Horizontal(classes="name-row"):
                    yield Input(
                        placeholder="Second name",
                        max_length=NAME_ROOM,
                        id="name-b",
                        classes="partner-b-input",
                    )
                    yield Static("", id="preview-b", classes="preview")
                yield Label(WHEN_LABEL, classes="field-label", id="when-label")
                with Horizontal(classes="when-row"):
                    yield Select(
                        weekday_options(), value=6, allow_blank=False, id="weekday"
                    )
                    yield Static("at", classes="at")
                    yield Input(
                        value="19:00",
                        max_length=5,
                        restrict=r"[0-9:]*",
                        id="time",
                    )
                    themes = [(label, name) for name, label in self.app.theme_labels.items()]
                    yield Select(
                        themes,
                        value=self.app.theme if self.app.theme in dict(themes).values() else Select.NULL,
                        allow_blank=not themes,
                        prompt="Theme",
                        id="theme",
                        tooltip="How checkin looks; change it any time in Settings",
                    )
                yield Static("", id="problem", classes="problem")
                with Horizontal(classes="buttons"):
                    yield Button("Begin", variant="primary", id="begin")
                    yield Button(
                        "Just me for now", id="just-me", action="screen.just_me",
                        tooltip="Start on your own; add your partner's name later in Settings",
                    )
                    yield Button("Leave", id="leave", action="screen.leave")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#name-a", Input).focus()
        self.fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width)

    def fit(self, width: int) -> None:
        """Narrower than the day, time and theme side by side: the theme gives way (it is in
        Settings too), so the day and time keep their room and nothing is cut."""
        narrow = width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        self.query_one("#when-label", Label).update(WHEN_LABEL_NARROW if narrow else WHEN_LABEL)

    @on(Input.Changed, "#name-a, #name-b")
    def show_preview(self, event: Input.Changed) -> None:
        partner = "a" if event.input.id == "name-a" else "b"
        name = clean_name(event.value)
        preview = self.query_one(f"#preview-{partner}", Static)
        preview.update(f"● {partner_markup(name[:MAX_NAME], partner)}" if name else "")
        names = (clean_name(self.query_one(f"#name-{p}", Input).value) for p in "ab")
        problems = [p for p in map(long_name_problem, names) if p]
        self.query_one("#problem", Static).update(problems[0] if problems else "")

    @on(Select.Changed, "#theme")
    def theme_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value  # shown at once; saved with the names on Begin

    @on(Input.Submitted, "#name-a")
    def next_name(self) -> None:
        self.query_one("#name-b", Input).focus()

    @on(Input.Submitted, "#name-b")
    def to_time(self) -> None:
        self.query_one("#weekday", Select).focus()

    def action_just_me(self) -> None:
        """One name is enough; a second one (optional here) opens the couple features later."""
        self.save_and_go(alone=True)

    @on(Input.Submitted, "#time")
    @on(Button.Pressed, "#begin")
    def begin(self) -> None:
        self.save_and_go(alone=False)

    def save_and_go(self, *, alone: bool) -> None:
        name_a = clean_name(self.query_one("#name-a", Input).value)
        name_b = clean_name(self.query_one("#name-b", Input).value)
        time_text = self.query_one("#time", Input).value.strip()
        pair = name_problem(name_a) if alone and not name_b else names_problem(name_a, name_b)
        problem = pair or time_problem(time_text)
        if problem:
            self.query_one("#problem", Static).update(problem)
            return
        hour, minute = parse_time(time_text) or (19, 0)
        weekday = self.query_one("#weekday", Select).value
        settings = Settings(
            weekday=weekday if isinstance(weekday, int) else 6,
            time=f"{hour:02d}:{minute:02d}",
            theme=self.app.theme if self.app.theme in self.app.available_themes else "checkin-warm",
        )
        self.app.repo.save_first_run(Couple(name_a, name_b), settings)
        from .solo_home import home_screen_for

        self.app.switch_screen(home_screen_for(self.app))

    def typed_something(self) -> bool:
        """Whether leaving now would throw away something the couple typed."""
        names = (self.query_one(f"#name-{p}", Input).value.strip() for p in "ab")
        return any(names) or self.query_one("#time", Input).value.strip() not in ("", "19:00")

    def action_quit(self) -> None:
        self.action_leave()

    def action_leave(self) -> None:
        """Leave at once when nothing was typed; otherwise ask, with "Stay" as the safe choice."""
        if not self.typed_something():
            self.app.exit(0)
            return
        from .confirm import ConfirmScreen

        focused = self.focused

        def answered(leave: bool | None) -> None:
            if leave:
                self.app.exit(0)
            elif focused is not None and focused.is_attached:
                focused.focus()

        self.app.push_screen(
            ConfirmScreen(
                "Leave without saving? The names you typed are not kept until you press Begin.",
                yes="Leave without saving",
                no="Stay",
            ),
            answered,
        )
