"""Settings: a choice (day, theme, agenda, switches) is saved at once; a typed value (names,
time) when it is valid and you leave its box or press Enter, never half-typed. Leaving with a
typed change not saved yet asks what to do with it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, Switch

from ..core.model import Couple
from ..core.names import clean_name
from ..core.schedule import parse_time
from ..core.solo import pair_problem
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.title_bar import TitleBar
from .base import CheckinModal, CheckinScreen
from .welcome import NAME_ROOM, long_name_problem, time_problem, weekday_options

FIELD_WORDS = {"name-a": "the first name", "name-b": "the second name", "time": "the time"}


def agenda_options(folder) -> list[tuple[str, str]]:
    from ..core.agenda import load_agendas
    from ..locations import user_agendas_dir

    agendas, _problems = load_agendas(user_agendas_dir(folder))
    from ..widgets.markup import escape

    return [(f"{escape(a.title)} ({a.minutes:g} min)", a.id) for a in agendas]


class SettingsScreen(CheckinScreen[None]):
    """Names, the weekly day and time, theme, default agenda, and gentle options."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to home (asks about a typed change not saved yet)",
                id="settings.back"),
        Binding("ctrl+s", "save", "Save", tooltip="Save what you typed", id="settings.save"),
    ]
    HELP_INTRO = (
        "Choices are saved as you make them. Names and the time are saved when you leave "
        "their box or press Enter (or ctrl+s), and only when they are valid."
    )

    @property
    def couple(self) -> Couple:
        """The couple (settings open only after the welcome screen saved them)."""
        couple = self.app.couple
        if couple is None:
            raise RuntimeError("settings opened before the couple was set up")
        return couple

    def compose(self) -> ComposeResult:
        app = self.app
        couple = self.couple
        settings = app.settings
        themes = [(label, name) for name, label in app.theme_labels.items()]
        theme_value = settings.theme if settings.theme in dict(themes).values() else Select.NULL
        agendas = agenda_options(app.repo.folder)
        agenda_ids = {v for _, v in agendas}
        yield TitleBar()
        with VerticalScroll(id="settings"), Center():
            with Vertical(classes="card", id="settings-card"):
                yield Static("Settings", classes="title")
                yield Static(
                    "Choices are saved at once; names and time when you leave their box or press Enter.",
                    classes="lead",
                )
                yield Static("", id="problem", classes="problem")
                with Grid(id="settings-grid"):
                    yield Label("First name")
                    yield Input(couple.name_a, max_length=NAME_ROOM, id="name-a")
                    yield Label("Second name")
                    yield Input(
                        couple.name_b, max_length=NAME_ROOM, id="name-b", placeholder="Your partner's name, when ready"
                    )
                    yield Label("Weekly day")
                    yield Select(
                        weekday_options(), value=settings.weekday, allow_blank=False, id="weekday"
                    )
                    yield Label("Time")
                    yield Input(settings.time, max_length=5, restrict=r"[0-9:]*", id="time")
                    yield Label("Theme")
                    yield Select(themes, value=theme_value, allow_blank=False, id="theme")
                    yield Label("Usual agenda")
                    yield Select(
                        agendas,
                        value=settings.default_agenda
                        if settings.default_agenda in agenda_ids
                        else (agendas[0][1] if agendas else Select.NULL),
                        allow_blank=not agendas,
                        id="agenda",
                    )
                    yield Label("Bell on overtime")
                    yield Switch(settings.bell, id="bell")
                    yield Label("Note who asks for a break")
                    yield Switch(settings.record_break_caller, id="record-caller")
                yield Static(
                    "Off by default: a break is for both of you, and nobody is to blame.",
                    classes="hint",
                )
                with Horizontal(classes="buttons"):
                    yield Button("Back", variant="primary", id="back", action="screen.back")
                    yield Button("Add to calendar", id="calendar", action="screen.add_to_calendar",
                                 tooltip="Save the weekly time as an .ics file for your calendar app")
        yield KeysFooter()

    _asking = False  # the unsaved-changes question is open

    def on_mount(self) -> None:
        self._problem("")

    def _problem(self, text: str) -> None:
        """Shown just under the title, where it is seen at any terminal size."""
        problem = self.query_one("#problem", Static)
        problem.update(text)
        problem.display = bool(text)

    def _save(self, **changes: object) -> None:
        settings = self.app.settings
        for key, value in changes.items():
            setattr(settings, key, value)
        self.app.repo.save_settings(settings)
        self._problem("")

    # -- typed values: names and time ---------------------------------------------------------

    def _saved_text(self) -> dict[str, str]:
        couple = self.couple
        return {"name-a": couple.name_a, "name-b": couple.name_b, "time": self.app.settings.time}

    def unsaved(self) -> list[str]:
        """Ids of the typed boxes whose text differs from what is saved."""
        saved = self._saved_text()
        typed = {
            "name-a": clean_name(self.query_one("#name-a", Input).value),
            "name-b": clean_name(self.query_one("#name-b", Input).value),
            "time": self._typed_time(),
        }
        return [key for key, value in typed.items() if value != saved[key]]

    def _typed_time(self) -> str:
        text = self.query_one("#time", Input).value.strip()
        parsed = parse_time(text)
        return f"{parsed[0]:02d}:{parsed[1]:02d}" if parsed else text

    @on(Input.Changed, "#name-a, #name-b")
    def names_changed(self) -> None:
        """Only say at once what cannot work (a name too long); saving waits for leaving the box."""
        names = (clean_name(self.query_one(f"#name-{p}", Input).value) for p in "ab")
        problems = [p for p in map(long_name_problem, names) if p]
        self._problem(problems[0] if problems else "")

    @on(Input.Blurred, "#name-a, #name-b")
    @on(Input.Submitted, "#name-a, #name-b")
    def names_left(self) -> None:
        if not self._asking:  # the question below takes the focus; its answer decides
            self.save_names()

    def save_names(self) -> bool:
        a = clean_name(self.query_one("#name-a", Input).value)
        b = clean_name(self.query_one("#name-b", Input).value)
        problem = pair_problem(a, b, self.app.couple)  # type: ignore[attr-defined]
        if problem:
            self._problem(problem)
            return False
        couple = self.couple
        if (couple.name_a, couple.name_b) != (a, b):
            couple.name_a, couple.name_b = a, b
            self.app.repo.save_couple(couple)
        self._problem("")
        return True

    @on(Input.Changed, "#time")
    def time_changed(self) -> None:
        self._problem("")

    @on(Input.Blurred, "#time")
    @on(Input.Submitted, "#time")
    def time_left(self) -> None:
        if not self._asking:
            self.save_time()

    def save_time(self) -> bool:
        text = self.query_one("#time", Input).value
        problem = time_problem(text)
        if problem:
            self._problem(problem)
            return False
        hour, minute = parse_time(text) or (19, 0)
        if self.app.settings.time != f"{hour:02d}:{minute:02d}":
            self._save(time=f"{hour:02d}:{minute:02d}")
        return True

    def action_save(self) -> None:
        if self.save_names() and self.save_time():
            self.notify("Saved.", timeout=2)

    @on(Select.Changed, "#weekday")
    def weekday_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self._save(weekday=event.value)

    @on(Select.Changed, "#theme")
    def theme_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.apply_theme(event.value)
            self._save(theme=event.value)

    @on(Select.Changed, "#agenda")
    def agenda_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._save(default_agenda=event.value)

    @on(Switch.Changed, "#bell")
    def bell_changed(self, event: Switch.Changed) -> None:
        self._save(bell=event.value)

    @on(Switch.Changed, "#record-caller")
    def caller_changed(self, event: Switch.Changed) -> None:
        self._save(record_break_caller=event.value)

    def action_add_to_calendar(self) -> None:
        from ..core.calendar import CalendarProblem, write_app_reminder

        try:
            written = write_app_reminder(self.app.repo)
        except (CalendarProblem, OSError) as err:
            self.notify(f"Could not save the calendar file: {err}", severity="error", markup=False)
            return
        self.notify(f"Saved {written.path} ({written.when}). Open it with your calendar app.",
                    title="Calendar", markup=False, timeout=12)

    def action_back(self) -> None:
        """Back home. A typed change not saved yet is never kept or lost without asking."""
        changed = self.unsaved()
        if not changed:
            self.app.pop_screen()
            return
        saved = self._saved_text()
        typed = {
            "name-a": clean_name(self.query_one("#name-a", Input).value),
            "name-b": clean_name(self.query_one("#name-b", Input).value),
            "time": self._typed_time(),
        }
        couple = self.app.couple  # type: ignore[attr-defined]
        valid = not pair_problem(typed["name-a"], typed["name-b"], couple) and not time_problem(typed["time"])
        changes = "; ".join(
            f"{FIELD_WORDS[key]} from “{escape(saved[key])}” to “{escape(typed[key]) or 'nothing'}”"
            for key in changed
        )
        self._asking = True
        self.app.push_screen(UnsavedScreen(changes, can_save=valid), self._after_question)

    def _after_question(self, choice: str | None) -> None:
        self._asking = False
        if choice == "save":
            if self.save_names() and self.save_time():
                self.app.pop_screen()
        elif choice == "discard":
            self.app.pop_screen()


class UnsavedScreen(CheckinModal[str | None]):
    """Typed changes not saved yet: save them, leave them, or go on editing (the safe default)."""

    BINDINGS = [Binding("escape", "stay", "Keep editing", id="unsaved.stay")]

    def __init__(self, changes: str, *, can_save: bool) -> None:
        super().__init__(classes="modal")
        self.changes, self.can_save = changes, can_save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.can_save:
                words = f"You changed {self.changes}. Save it before going back?"
            else:
                words = (
                    f"You changed {self.changes}, which cannot be saved as it is. "
                    "Go back and keep what was saved?"
                )
            yield Static(words, classes="dialog-text", id="unsaved-text")
            with Horizontal(classes="buttons"):
                if self.can_save:
                    yield Button("Save", variant="primary", id="save", action="screen.dismiss('save')")
                yield Button("Don't save", id="discard", action="screen.dismiss('discard')")
                yield Button("Keep editing", id="stay", action="screen.stay")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()  # a stray Enter changes nothing

    def action_stay(self) -> None:
        self.dismiss(None)
