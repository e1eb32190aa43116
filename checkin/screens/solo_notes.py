"""Reading one's own private notes back: every reflection's notes and the private notes written
during check-ins, newest first. Only inside solo mode, with the journal open; nothing here is
ever shown to the other partner or written anywhere else."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..core.schedule import describe_ago
from ..core.solo import journal_pages
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import partner_markup
from .solo_space import SoloScreen


class SoloNotesScreen(SoloScreen[None]):
    """What I wrote, to read again."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the reflections", id="solo_notes.back"),
    ]
    HELP_INTRO = "Everything you wrote in your private notes, newest first. Only you can open them."

    def compose(self) -> ComposeResult:
        pages = journal_pages(self.space.journal.entries()) if self.space.journal.unlocked else []
        now = self.app.clock.now()
        with VerticalScroll(classes="solo-page", id="solo-notes-page"), Center(), Vertical(classes="card"):
            yield Static(f"What I wrote: {partner_markup(self.space.name, self.space.author)}", classes="title")
            if not pages:
                yield Static("Nothing written yet. Take your time.", classes="lead", id="solo-notes-empty")
            for n, page in enumerate(pages):
                when = describe_ago(page["at"], now) if page.get("at") else ""
                mark = " · unfinished" if page.get("unfinished") else ""
                yield Static(f"{escape(page['title'])}  [dim]{escape(when)}{mark}[/]", classes="field-label")
                yield Static("\n".join(f"• {escape(line)}" for line in page["lines"]), id=f"solo-page-{n}")
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back", action="screen.back", tooltip="esc")
        yield KeysFooter()

    def action_back(self) -> None:
        self.app.pop_screen()
