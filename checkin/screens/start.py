"""Choose the agenda for today's check-in; the couple's usual one is offered first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ..core.agenda import load_agendas
from ..core.facilitator import Facilitator
from ..core.model import partner_names
from ..core.runner import first_speaker_for
from ..core.session import CheckinSession
from ..errors import DamagedFileError
from ..locations import user_agendas_dir
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import partner_markup
from ..widgets.title_bar import TitleBar
from .base import CheckinScreen


class StartScreen(CheckinScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to home", id="start.back"),
        Binding("enter", "start", "Start", tooltip="Start with the chosen agenda", id="start.start", show=False),
        Binding("f", "friend", "With a friend", tooltip="Add a facilitator: a friend in the room", id="start.friend"),
    ]

    facilitator: Facilitator | None = None

    def compose(self) -> ComposeResult:
        app = self.app
        agendas, problems = load_agendas(user_agendas_dir(app.repo.folder))
        self.agendas = agendas
        for problem in problems:
            self.notify(problem, title="Agenda skipped", severity="error", timeout=10, markup=False)
        names = partner_names(app.couple)
        self.first = first_speaker_for(self._last_first())
        yield TitleBar()
        with VerticalScroll(id="start"):
            with Center():
                with Vertical(classes="card", id="start-card"):
                    yield Static("Today's check-in", classes="title")
                    yield Static(
                        f"This week {partner_markup(names[self.first], self.first)} speaks first.",
                        classes="lead",
                    )
                    options = [
                        Option(f"[b]{escape(a.title)}[/]  ({a.minutes:g} min)\n  {escape(a.description)}", id=a.id)
                        for a in agendas
                    ]
                    yield Static("", id="start-friend", classes="lead")
                    yield OptionList(*options, id="agendas")
                    with Horizontal(classes="buttons"):
                        yield Button("Start", variant="primary", id="start-button")
                        yield Button("With a friend", id="friend-button", tooltip="Add a facilitator (f)")
                        yield Button("Back", id="back")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#start-friend", Static).display = False
        preferred = self.app.settings.default_agenda
        options = self.query_one("#agendas", OptionList)
        ids = [a.id for a in self.agendas]
        options.highlighted = ids.index(preferred) if preferred in ids else 0
        options.focus()

    def _last(self) -> dict:
        try:
            rows = self.app.repo.summaries()
        except DamagedFileError as damage:
            # a damaged index.json: the check-in can still be held (it is kept in current.json);
            # only who spoke first last time and last week's actions are not known
            self.app.say_damaged(damage)
            return {}
        return rows[0] if rows else {}

    def _last_first(self) -> str | None:
        return self._last().get("first_speaker")

    def _previous_actions(self) -> list[dict]:
        return list(self._last().get("open_actions") or [])

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#start-button")
    def action_start(self) -> None:
        index = self.query_one("#agendas", OptionList).highlighted
        if index is None or not self.agendas:
            self.notify("Please choose an agenda.", severity="warning")
            return
        if self.facilitator is not None:
            from .ground_rules import GroundRulesScreen

            def agreed(yes: bool | None) -> None:
                if yes:
                    self._begin(index)

            self.app.push_screen(GroundRulesScreen(self.facilitator), agreed)
            return
        self._begin(index)

    def _begin(self, index: int) -> None:
        app = self.app
        try:
            session = CheckinSession.begin(
                app.repo, app.clock, self.agendas[index], self.first, self._previous_actions(),
                names=partner_names(app.couple),
                facilitator=self.facilitator.to_dict() if self.facilitator else None,
            )
        except ValueError as refused:
            self.notify(str(refused), severity="warning", markup=False)
            return
        from ..core.solo import BRIDGE_SECTION, take_waiting

        brought, bridge = take_waiting(app.repo.section(BRIDGE_SECTION))
        if brought:  # what a partner chose to bring from a solo reflection, shown in its block
            session.record["brought"] = brought
            session.runner.heartbeat()  # saved with the check-in at once
            app.repo.save_section(BRIDGE_SECTION, bridge)
        from .talk import TalkScreen

        app.switch_screen(TalkScreen(session))

    @on(Button.Pressed, "#friend-button")
    def action_friend(self) -> None:
        from .facilitator_setup import FacilitatorSetupScreen

        self.app.push_screen(FacilitatorSetupScreen(), self._friend_added)

    def _friend_added(self, facilitator: Facilitator | None) -> None:
        """A friend is in the room: the ground rules come first, and their agenda is offered first."""
        if facilitator is None:
            return
        from ..core.facilitator import friend_agenda
        from ..widgets.facilitator import facilitator_markup

        self.facilitator = facilitator
        agenda = friend_agenda()
        if all(a.id != agenda.id for a in self.agendas):
            self.agendas.insert(0, agenda)
        options = self.query_one("#agendas", OptionList)
        options.clear_options()
        options.add_options(
            Option(f"[b]{escape(a.title)}[/]  ({a.minutes:g} min)\n  {escape(a.description)}", id=a.id)
            for a in self.agendas
        )
        options.highlighted = 0
        friend = self.query_one("#start-friend", Static)
        friend.update(f"With {facilitator_markup(facilitator)} present: the ground rules come first.")
        friend.display = True
        options.focus()

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()
