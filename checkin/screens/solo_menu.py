"""The solo space's first screen: the reflections to choose from, and one's own past ones."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..core.agenda import Agenda, load_agendas
from ..core.runner import CheckinRunner, new_checkin, replay
from ..core.schedule import describe_ago
from ..core.solo import SAFETY_NOTE, reflection_entry
from ..errors import Refusal
from ..locations import user_agendas_dir
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import partner_markup
from .solo_space import SoloScreen


def solo_agendas(app) -> list[Agenda]:
    return load_agendas(user_agendas_dir(app.repo.folder), people=1)[0]


class SoloMenuScreen(SoloScreen[None]):
    """Choose a reflection; see how many you have written; lock and leave."""

    BINDINGS = [
        Binding("escape", "leave", "Lock and leave", tooltip="Lock my private notes and go back", id="solo.leave"),
        Binding("c", "continue_last", "Continue", tooltip="Go on with the unfinished one", id="solo.continue"),
        Binding("n", "my_notes", "What I wrote", tooltip="Read your private notes again", id="solo.notes"),
        Binding("p", "change_passphrase", "New passphrase", tooltip="Change the passphrase of your notes",
                id="solo.passphrase"),
    ]
    HELP_INTRO = "Pick a reflection with its number key or button. Everything you write is private to you."

    def compose(self) -> ComposeResult:
        agendas = solo_agendas(self.app)
        self._agendas = agendas
        with VerticalScroll(classes="solo-page"), Center(), Vertical(classes="card", id="solo-card"):
            yield Static(f"On my own: {partner_markup(self.space.name, self.space.author)}", classes="title")
            yield Static(
                "Only you can open what you write here. Choose what fits this moment.",
                classes="lead",
            )
            yield Static("", id="solo-past", classes="hint")
            with Vertical(id="solo-list"):
                for n, agenda in enumerate(agendas, 1):
                    yield Button(
                        f"{n}  {agenda.title} · {agenda.minutes:.0f} min",
                        id=f"solo-{agenda.id}",
                        classes="solo-choice",
                        tooltip=agenda.description,
                    )
            with Horizontal(classes="buttons"):
                yield Button("Continue", id="continue", variant="primary", tooltip="c")
                yield Button("Lock and leave", id="leave", tooltip="esc")
            with Horizontal(classes="buttons", id="solo-more"):
                yield Button("What I wrote (n)", id="my-notes", action="screen.my_notes", compact=True)
                yield Button("New passphrase (p)", id="new-passphrase", action="screen.change_passphrase",
                             compact=True)
            yield Static(SAFETY_NOTE, classes="hint", id="safety")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_past()

    def on_screen_resume(self) -> None:
        self.refresh_past()

    def _unfinished(self) -> dict | None:
        if not self.space.journal.unlocked:
            return None
        for entry in reversed(self.space.journal.entries()):
            record = entry.get("record")
            if entry.get("kind") == "reflection" and isinstance(record, dict) and record.get("status") == "in_progress":
                return entry
        return None

    def refresh_past(self) -> None:
        if not self.space.journal.unlocked:
            return
        entries = [e for e in self.space.journal.entries() if e.get("kind") == "reflection"]
        if entries:
            last = entries[-1].get("record", {}).get("started_at")
            ago = describe_ago(last, self.app.clock.now()) if last else ""
            words = "reflection" if len(entries) == 1 else "reflections"
            self.query_one("#solo-past", Static).update(f"You have {len(entries)} {words} here; the last {ago}.")
        else:
            self.query_one("#solo-past", Static).update("Nothing written yet. Take your time.")
        unfinished = self._unfinished()
        self.query_one("#continue", Button).display = unfinished is not None
        if unfinished is not None:
            title = unfinished["record"].get("agenda", {}).get("title", "")
            self.query_one("#continue", Button).label = f"Continue {title}"
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue_last":
            return self._unfinished() is not None
        return True

    def on_key(self, event) -> None:
        super().on_key(event)
        if event.character and event.character.isdigit() and event.character != "0":
            n = int(event.character)
            if n <= len(self._agendas):
                event.stop()
                self.start(self._agendas[n - 1])

    @on(Button.Pressed, ".solo-choice")
    def choice_pressed(self, event: Button.Pressed) -> None:
        wanted = (event.button.id or "").removeprefix("solo-")
        for agenda in self._agendas:
            if agenda.id == wanted:
                self.start(agenda)

    def start(self, agenda: Agenda) -> None:
        record = new_checkin(agenda, self.space.author, self.app.clock)
        record["solo"] = True
        self._open(record)

    def _open(self, record: dict) -> None:
        from .solo_reflection import SoloReflectionScreen

        journal = self.space.journal
        author = self.space.author

        def seal(changed: dict) -> None:
            journal.put(reflection_entry(changed, author))

        try:
            runner = CheckinRunner(record, self.app.clock, on_change=seal)
        except (ValueError, KeyError, TypeError, Refusal) as problem:
            self.notify(f"That reflection could not be opened: {escape(str(problem))}", severity="error")
            return
        self.app.push_screen(SoloReflectionScreen(self.space, runner))

    @on(Button.Pressed, "#continue")
    def action_continue_last(self) -> None:
        entry = self._unfinished()
        if entry is None:
            return
        record = entry["record"]
        try:
            state = replay(record)
        except (ValueError, KeyError, TypeError):
            self.notify("That reflection could not be read; it is kept as it is.", severity="error")
            return
        if state.finished:
            return
        self._open(record)

    def action_my_notes(self) -> None:
        from .solo_notes import SoloNotesScreen

        self.app.push_screen(SoloNotesScreen(self.space))

    def action_change_passphrase(self) -> None:
        from .solo_passphrase import ChangePassphraseScreen

        self.app.push_screen(ChangePassphraseScreen(self.space))

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        self.lock_now("Your private notes are locked.")
