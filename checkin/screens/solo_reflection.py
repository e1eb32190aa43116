"""A solo reflection: one author, the same runner as a couple's check-in, everything sealed.

The runner's record lives only inside the author's private journal: every event, and the
text being typed (saved as the runner's draft within a second), is sealed and written
atomically to ``private/<partner>.bin``. Nothing goes to current.json or any other file.
At the end the author may bring chosen notes to the next couple check-in (the bridge).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Static, TextArea

from ..core.runner import CheckinRunner, split_note
from ..core.solo import BRIDGE_SECTION, DREAM_AGENDA, bridge_candidates, bring, topics_coming_back
from ..errors import StoreError
from ..widgets.countdown import clock_text
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from .solo_space import SoloScreen, SoloSpace

SAVE_EVERY = 1.0  # seconds: typing reaches the disk (sealed) within about a second


class SoloReflectionScreen(SoloScreen[None]):
    """One part at a time: the prompt, a timer, a box to write in, the notes so far."""

    BINDINGS = [
        Binding("ctrl+s", "save_note", "Save note", tooltip="Keep what you wrote as a note", id="reflection.save"),
        Binding("ctrl+n", "next_part", "Next part", tooltip="Go on (what you wrote is kept)", id="reflection.next"),
        Binding("ctrl+t", "pause", "Pause", tooltip="Freeze the timer; take your time", id="reflection.pause"),
        Binding("ctrl+f", "finish", "Finish", tooltip="End this reflection", id="reflection.finish"),
        Binding("escape", "back", "Back", tooltip="Back to the list (everything is kept)", id="reflection.back"),
    ]
    HELP_INTRO = "Write in your own words. Everything is private and saved as you type."

    def __init__(self, space: SoloSpace, runner: CheckinRunner) -> None:
        super().__init__(space)
        self.runner = runner
        self._dirty = False
        self._quiet = 0.0
        self.coming_back = ""  # for "the dream": the topics that came back in the couple's history

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="solo-page", id="solo-reflection"), Center(), Vertical(classes="card"):
            yield Static("", id="solo-title", classes="title")
            yield Static("", id="solo-part", classes="field-label")
            yield Static("", id="solo-prompt", classes="lead")
            yield Static("", id="solo-timer", classes="hint")
            yield TextArea("", id="solo-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="solo-notes")
            with Horizontal(classes="buttons"):
                yield Button("Save note", id="save", tooltip="ctrl+s")
                yield Button("Next part", id="next", variant="primary", tooltip="ctrl+n")
                yield Button("Pause", id="pause", tooltip="ctrl+t")
                yield Button("Finish", id="finish", tooltip="ctrl+f")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        draft = self.runner.draft
        if draft and draft.get("text"):
            self.query_one("#solo-text", TextArea).load_text(draft["text"])
        self.query_one("#solo-text", TextArea).focus()
        if self.runner.state.agenda.id == DREAM_AGENDA:
            self.coming_back = topics_coming_back(self.app.repo.summaries())
        self.set_interval(SAVE_EVERY, self.tick)
        self.show()

    # -- showing -------------------------------------------------------------------------
    def show(self) -> None:
        state = self.runner.state
        agenda = state.agenda
        block = state.block
        self.query_one("#solo-title", Static).update(escape(agenda.title))
        self.query_one("#solo-part", Static).update(
            f"Part {state.block_index + 1} of {len(agenda.blocks)}: {escape(block.title)}"
        )
        prompt = block.prompt
        if agenda.id == DREAM_AGENDA and state.block_index == 0 and self.coming_back:
            prompt += "\n" + self.coming_back
        self.query_one("#solo-prompt", Static).update(escape(prompt))
        left = state.countdown
        timer = f"{clock_text(abs(left))} {'left' if left >= 0 else 'over, no hurry'} of {block.minutes:g} min"
        if state.paused:
            timer = f"Paused: the timer waits for you. {timer}"
        self.query_one("#solo-timer", Static).update(timer)
        notes = state.notes_for(state.block_index)
        self.query_one("#solo-notes", Static).update(
            "\n".join(f"• {escape(n.text)}" for n in notes) if notes else ""
        )
        self.query_one("#pause", Button).label = "Resume" if state.paused else "Pause"
        self.query_one("#next", Button).label = "Finish" if state.is_last_block else "Next part"

    # -- saving --------------------------------------------------------------------------
    @on(TextArea.Changed, "#solo-text")
    def typed(self) -> None:
        self.space.idle.touch()
        self.runner.save_draft(self.space.author, self.query_one("#solo-text", TextArea).text)
        self._dirty = True

    def tick(self) -> None:
        if self.runner.state.finished or not self.space.journal.unlocked:
            return
        self._quiet += SAVE_EVERY
        if self._dirty or self._quiet >= 10:
            self._write()
        self.show()

    def _write(self) -> bool:
        """The heartbeat seals the record, draft included, into the journal."""
        try:
            self.runner.heartbeat()
        except (StoreError, OSError) as problem:
            self.notify(
                f"Your private notes could not be saved just now; checkin tries again. ({type(problem).__name__})",
                severity="error",
            )
            return False
        self._dirty = False
        self._quiet = 0.0
        return True

    def before_lock(self) -> None:
        if self.space.journal.unlocked and not self.runner.state.finished:
            self._write()

    def _keep_typed(self) -> None:
        area = self.query_one("#solo-text", TextArea)
        text = area.text.strip()
        if text:
            for part in split_note(text):
                self.runner.add_note(self.space.author, part)
            area.load_text("")
            self._dirty = False

    def _do(self, command) -> bool:
        try:
            command()
        except ValueError as problem:
            self.notify(str(problem), markup=False)
            return False
        except (StoreError, OSError) as problem:
            self.notify(f"Your private notes could not be saved ({type(problem).__name__}).", severity="error")
            return False
        self.show()
        return True

    # -- actions -------------------------------------------------------------------------
    @on(Button.Pressed, "#save")
    def action_save_note(self) -> None:
        self._do(self._keep_typed)

    @on(Button.Pressed, "#next")
    def action_next_part(self) -> None:
        state = self.runner.state
        if state.paused:
            self._do(self.runner.resume)
        if not self._do(self._keep_typed):
            return
        if self.runner.state.is_last_block:
            self.action_finish()
        else:
            self._do(self.runner.next_block)

    @on(Button.Pressed, "#pause")
    def action_pause(self) -> None:
        self._do(self.runner.resume if self.runner.state.paused else self.runner.pause)

    @on(Button.Pressed, "#finish")
    def action_finish(self) -> None:
        if self.runner.state.paused:
            self._do(self.runner.resume)
        if not self._do(self._keep_typed) or not self._do(self.runner.finish):
            return
        record = self.runner.record
        self.app.switch_screen(BridgeScreen(self.space, record))

    def action_back(self) -> None:
        self._write()
        self.app.pop_screen()


class BridgeScreen(SoloScreen[None]):
    """At the end: choose notes to bring to the next couple check-in (nothing else is shared)."""

    BINDINGS = [
        Binding("ctrl+b", "bring", "Bring chosen", tooltip="Share only what is ticked", id="bridge.bring"),
        Binding("escape", "keep", "Keep all private", tooltip="Share nothing", id="bridge.keep"),
    ]
    HELP_INTRO = "Tick what you would like to bring to your next check-in together; the rest stays private."

    def __init__(self, space: SoloSpace, record: dict) -> None:
        super().__init__(space)
        self.record = record
        self.candidates = bridge_candidates(record)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="solo-page"), Center(), Vertical(classes="card"):
            yield Static("Thank you for taking this time", classes="title")
            if self.candidates:
                yield Static(
                    "Would you like to bring something to your next check-in together? Only what you "
                    "tick is shared, marked as brought by you. Topics go to \"one issue\", "
                    "appreciations to the appreciation part.",
                    classes="lead",
                )
                for n, item in enumerate(self.candidates):
                    where = "appreciation" if item["kind"] == "appreciation" else "topic"
                    yield Checkbox(f"{escape(item['text'][:200])}  ({where})", id=f"bring-{n}", classes="bring")
            else:
                yield Static("Nothing was written down this time, and that is fine.", classes="lead")
            with Horizontal(classes="buttons"):
                if self.candidates:
                    yield Button("Bring chosen", id="bring", variant="primary", tooltip="ctrl+b")
                yield Button("Keep all private", id="keep", tooltip="esc")
        yield KeysFooter()

    def chosen(self) -> list[dict]:
        return [item for n, item in enumerate(self.candidates) if self.query_one(f"#bring-{n}", Checkbox).value]

    @on(Button.Pressed, "#bring")
    def action_bring(self) -> None:
        chosen = self.chosen()
        if chosen:
            repo = self.app.repo
            section = bring(repo.section(BRIDGE_SECTION), self.space.author, chosen, self.app.clock.now().isoformat())
            repo.save_section(BRIDGE_SECTION, section)
            words = "item" if len(chosen) == 1 else "items"
            self.notify(f"{len(chosen)} {words} will be waiting at your next check-in together.", markup=False)
        self.app.pop_screen()

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.app.pop_screen()
