"""Settings: every change is saved at once; a value that is not valid yet is explained."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static, Switch

from ..core.model import Couple
from ..core.names import MAX_NAME, clean_name, names_problem
from ..core.schedule import parse_time
from .welcome import time_problem, weekday_options


def agenda_options(folder) -> list[tuple[str, str]]:
    from ..core.agenda import load_agendas
    from ..locations import user_agendas_dir

    agendas, _problems = load_agendas(user_agendas_dir(folder))
    from ..widgets.markup import escape

    return [(f"{escape(a.title)} ({a.minutes:g} min)", a.id) for a in agendas]


class SettingsScreen(Screen[None]):
    """Names, the weekly day and time, theme, default agenda, and gentle options."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to home (all changes are saved)", id="back"),
    ]

    def compose(self) -> ComposeResult:
        app = self.app
        couple: Couple = app.couple  # type: ignore[attr-defined]
        settings = app.settings  # type: ignore[attr-defined]
        themes = [(label, name) for name, label in app.theme_labels.items()]  # type: ignore[attr-defined]
        theme_value = settings.theme if settings.theme in dict(themes).values() else Select.NULL
        agendas = agenda_options(app.repo.folder)  # type: ignore[attr-defined]
        agenda_ids = {v for _, v in agendas}
        yield Header(show_clock=False, icon="♥")
        with VerticalScroll(id="settings"), Center():
            with Vertical(classes="card", id="settings-card"):
                yield Static("Settings", classes="title")
                yield Static("Changes are saved as you make them.", classes="lead")
                yield Static("", id="problem", classes="problem")
                with Grid(id="settings-grid"):
                    yield Label("First name")
                    yield Input(couple.name_a, max_length=MAX_NAME, id="name-a")
                    yield Label("Second name")
                    yield Input(couple.name_b, max_length=MAX_NAME, id="name-b")
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
                    yield Button("Back", variant="primary", id="back")
                    yield Button("Add to calendar", id="calendar",
                                 tooltip="Save the weekly time as an .ics file for your calendar app")
        yield Footer()

    def on_mount(self) -> None:
        self._problem("")

    def _problem(self, text: str) -> None:
        """Shown just under the title, where it is seen at any terminal size."""
        problem = self.query_one("#problem", Static)
        problem.update(text)
        problem.display = bool(text)

    def _save(self, **changes: object) -> None:
        settings = self.app.settings  # type: ignore[attr-defined]
        for key, value in changes.items():
            setattr(settings, key, value)
        self.app.repo.save_settings(settings)  # type: ignore[attr-defined]
        self._problem("")

    @on(Input.Changed, "#name-a, #name-b")
    def names_changed(self) -> None:
        self.save_names()

    def save_names(self) -> bool:
        a = clean_name(self.query_one("#name-a", Input).value)
        b = clean_name(self.query_one("#name-b", Input).value)
        problem = names_problem(a, b)
        if problem:
            self._problem(problem)
            return False
        couple = self.app.couple  # type: ignore[attr-defined]
        if (couple.name_a, couple.name_b) != (a, b):
            couple.name_a, couple.name_b = a, b
            self.app.repo.save_couple(couple)  # type: ignore[attr-defined]
        self._problem("")
        return True

    @on(Input.Changed, "#time")
    def time_changed(self, event: Input.Changed) -> None:
        problem = time_problem(event.value)
        if problem:
            self._problem(problem)
            return
        hour, minute = parse_time(event.value) or (19, 0)
        self._save(time=f"{hour:02d}:{minute:02d}")

    @on(Select.Changed, "#weekday")
    def weekday_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self._save(weekday=event.value)

    @on(Select.Changed, "#theme")
    def theme_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.apply_theme(event.value)  # type: ignore[attr-defined]
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

    @on(Button.Pressed, "#calendar")
    def add_to_calendar(self) -> None:
        from ..core.calendar import CalendarProblem, write_app_reminder

        try:
            written = write_app_reminder(self.app.repo)  # type: ignore[attr-defined]
        except (CalendarProblem, OSError) as err:
            self.notify(f"Could not save the calendar file: {err}", severity="error", markup=False)
            return
        self.notify(f"Saved {written.path} ({written.when}). Open it with your calendar app.",
                    title="Calendar", markup=False, timeout=12)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()
