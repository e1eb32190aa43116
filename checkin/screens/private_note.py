"""A private note during a couple check-in: into its author's own sealed journal, then locked again.

Either partner opens it from the talk (a key in the footer and a button). It asks who is
writing, opens that partner's journal with their passphrase (or sets one the first time,
with the same warning and recovery code as solo mode), takes the note, seals it, and locks
the journal again at once: the other partner is sitting right there.

What is typed is sealed into the journal as a draft every second (a kill loses at most a
second, as everywhere in checkin) and never reaches current.json, history, the summary, an
export, crash.log or a rescue file (``PRIVATE``: the app skips this screen when it keeps
unsaved text). The talk's timers go on meanwhile: a private note is not a pause, which both
partners would have to agree on and which the shared record would show. The dialog says so.
"""

from __future__ import annotations

import contextlib
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static, TextArea

from ..core.solo import IdleLock, people, private_note_entry, unfinished_private_note
from ..errors import Refusal, StoreError
from ..widgets.countdown import clock_text
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import with_descriptions
from .base import CheckinModal
from .new_passphrase import SetsUpPassphrase
from .solo_unlock import NO_RECOVERY, RECOVERY_ONCE

SEAL_EVERY = 1.0  # seconds: what is typed is sealed into the journal within about a second
STEPS = ("who", "set", "code", "unlock", "write")
STILL_RUNNING = "The talk's timer keeps running while you write (this is not a pause)."


class PrivateNoteScreen(SetsUpPassphrase, CheckinModal[bool]):
    """Who is writing, their passphrase, the note; saved sealed and locked again."""

    PRIVATE = True  # never copied into a rescue file (see checkin.leaving._unsaved)

    BINDINGS = [
        Binding("1", "pick('a')", "First", tooltip="The first of you is writing", id="private_note.first"),
        Binding("2", "pick('b')", "Second", tooltip="The second of you is writing", id="private_note.second"),
        Binding("ctrl+s", "save", "Save and lock", tooltip="Seal the note in my private journal",
                id="private_note.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close (asks first if something is written)",
                id="private_note.cancel"),
    ]
    HELP_INTRO = "A note only its author can open, sealed in their private journal; it locks again at once."

    def __init__(self, session: Any | None = None) -> None:
        super().__init__(classes="modal")
        self.session = session  # the talk's session, for the line about its timer (read only)
        self.step = "who"
        self.journal: Any = None
        self.author = ""
        self.author_name = ""
        self.busy = False
        self.code = ""
        self.entry_id = ""
        self.sealed_text = ""  # what the journal holds of this note now
        self.idle: IdleLock | None = None

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        couple = self.app.couple
        with Vertical(classes="dialog", id="pn-dialog") as dialog:
            dialog.border_title = "A private note"
            yield Static("", classes="dialog-text", id="pn-lead")
            with Horizontal(classes="buttons", id="pn-who"):
                for n, partner in enumerate(people(couple), 1):
                    name = couple.name(partner) if couple else partner
                    yield Button(f"{n}  {name}", id=f"pn-who-{partner}", action=f"screen.pick('{partner}')",
                                 tooltip=f"I am {name} ({n})", compact=True)
            yield Input(placeholder="Passphrase (at least 8 characters)", password=True, id="pn-pass-1")
            yield Input(placeholder="The same again", password=True, id="pn-pass-2")
            yield Input(placeholder="Passphrase", password=True, id="pn-passphrase")
            yield Static("", id="pn-code", classes="title")
            yield TextArea("", id="pn-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="pn-problem", classes="problem")
            yield Static(STILL_RUNNING, id="pn-talk", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Set passphrase", variant="primary", id="pn-set", action="screen.set_passphrase",
                             tooltip="enter", compact=True)
                yield Button("Unlock", variant="primary", id="pn-unlock", action="screen.unlock",
                             tooltip="enter", compact=True)
                yield Button("I wrote it down", variant="primary", id="pn-code-done", action="screen.code_done",
                             tooltip="enter", compact=True)
                yield Button("Save and lock", variant="primary", id="pn-save", action="screen.save",
                             tooltip="ctrl+s", compact=True)
                yield Button("Cancel", id="pn-cancel", action="screen.cancel", tooltip="esc", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show_step("who")
        self.set_interval(SEAL_EVERY, self.tick)
        self.show_talk()

    def show_step(self, step: str) -> None:
        self.step = step
        shown = {
            "who": ("#pn-who",),
            "set": ("#pn-pass-1", "#pn-pass-2", "#pn-set"),
            "code": ("#pn-code", "#pn-code-done"),
            "unlock": ("#pn-passphrase", "#pn-unlock"),
            "write": ("#pn-text", "#pn-save"),
        }
        for wanted in shown.values():
            for selector in wanted:
                self.query_one(selector).display = selector in shown[step]
        whose = f"{escape(self.author_name)}'s" if self.author_name else "your"
        lead = {
            "who": "Only its author can open it later, with their own passphrase. Who is writing? "
                   "(1 or 2, or the first letter of your name)",
            "set": f"{escape(self.author_name)}, choose a passphrase for your private notes. {NO_RECOVERY}",
            "code": f"Your recovery code, {escape(self.author_name)}. {RECOVERY_ONCE}",
            "unlock": f"{escape(self.author_name)}, your passphrase opens your private notes.",
            "write": f"Into {whose} private notes. Saving seals it and locks them again.",
        }[step]
        self.query_one("#pn-lead", Static).update(lead)
        self.query_one("#pn-code", Static).update(self.code if step == "code" else "")
        self.say("")
        focus = {"set": "#pn-pass-1", "unlock": "#pn-passphrase", "write": "#pn-text", "code": "#pn-code-done"}
        if step in focus:
            self.query_one(focus[step]).focus()
        elif step == "who":
            buttons = list(self.query("#pn-who Button"))
            if buttons:
                buttons[0].focus()
        self.refresh_bindings()

    def say(self, text: str) -> None:
        self.query_one("#pn-problem", Static).update(escape(text))

    def show_talk(self) -> None:
        """One line on the talk going on underneath (its timer keeps counting)."""
        state = getattr(self.session, "state", None)
        if state is None or state.finished:
            return
        left = state.countdown
        words = f"{clock_text(abs(left))} {'left' if left >= 0 else 'over'} in this part"
        self.query_one("#pn-talk", Static).update(f"{STILL_RUNNING} {words}.")

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        couple = self.app.couple  # the footer names the partners rather than "first" and "second"
        names = {str(n): couple.name(p) for n, p in enumerate(people(couple), 1)} if couple else {}
        return with_descriptions(super().active_bindings, names)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return self.step == "who" and not self.busy
        if action == "save":
            return self.step == "write"
        return True

    # -- who, and the passphrase -------------------------------------------------------------

    def action_pick(self, partner: str) -> None:
        couple = self.app.couple
        if self.step != "who" or self.busy or partner not in people(couple):
            return
        assert couple is not None
        self.author = partner
        self.author_name = couple.name(partner)
        self.journal = self.app.private_journal(partner)
        self.show_step("unlock" if self.journal.exists else "set")

    @on(Input.Submitted, "#pn-pass-1")
    def _to_second(self) -> None:
        self.query_one("#pn-pass-2", Input).focus()

    @on(Input.Submitted, "#pn-pass-2")
    def action_set_passphrase(self) -> None:
        if self.step == "set":
            self.set_up_passphrase("#pn-pass-1", "#pn-pass-2")

    def _set_up_done(self, code: str) -> None:
        self.busy = False
        self.code = code
        for selector in ("#pn-pass-1", "#pn-pass-2"):
            self.query_one(selector, Input).value = ""
        self.idle = IdleLock(self.app.clock)
        self.show_step("code")

    def action_code_done(self) -> None:
        if self.step == "code":
            self.code = ""
            self._begin_writing()

    @on(Input.Submitted, "#pn-passphrase")
    def action_unlock(self) -> None:
        if self.step != "unlock" or self.busy:
            return
        self.busy = True
        self.say("Opening...")
        self._open(self.query_one("#pn-passphrase", Input).value)

    @work(thread=True, exclusive=True)
    def _open(self, passphrase: str) -> None:
        journal = self.journal
        try:
            journal.unlock(passphrase)
        except (Refusal, StoreError) as problem:
            self.app.call_from_thread(self._failed, str(problem))
            return
        except OSError as problem:
            self.app.call_from_thread(self._failed, f"{journal.path} could not be read ({problem.strerror}).")
            return
        self.app.call_from_thread(self._opened)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.say(message)
        if self.step == "unlock":
            field = self.query_one("#pn-passphrase", Input)
            field.value = ""
            field.focus()

    def _opened(self) -> None:
        self.busy = False
        self.query_one("#pn-passphrase", Input).value = ""
        self.idle = IdleLock(self.app.clock)
        self._begin_writing()

    # -- writing -----------------------------------------------------------------------------

    def _begin_writing(self) -> None:
        entries = self.journal.entries()
        left = unfinished_private_note(entries)
        area = self.query_one("#pn-text", TextArea)
        self.show_step("write")
        if left is not None:
            self.entry_id = left["id"]
            self.sealed_text = str(left.get("text", ""))
            area.load_text(self.sealed_text)
            area.move_cursor(area.document.end)
            self.say("The note you had not saved last time is back.")
        else:
            self.entry_id = self.journal.next_id("pn")
            self.sealed_text = ""

    @property
    def text(self) -> str:
        return self.query_one("#pn-text", TextArea).text

    def on_key(self, event: events.Key) -> None:
        if self.idle is not None:
            self.idle.touch()
        if self.step == "who" and event.character and event.character.isalpha():
            # Or the first letter of one's name, when only one name starts with it.
            couple = self.app.couple
            letter = event.character.casefold()
            fits = [p for p in people(couple) if couple and couple.name(p)[:1].casefold() == letter]
            if len(fits) == 1:
                event.stop()
                self.action_pick(fits[0])

    def on_click(self, event: events.Click) -> None:
        if self.idle is not None:
            self.idle.touch()

    @on(TextArea.Changed, "#pn-text")
    def _typed(self) -> None:
        if self.idle is not None:
            self.idle.touch()

    def tick(self) -> None:
        """Each second: the talk's line, the sealed draft, and the ten-minute lock."""
        self.show_talk()
        if self.journal is None or not self.journal.unlocked:
            return
        if self.step == "write":
            self._seal(draft=True)
        if self.idle is not None and self.idle.due():
            self._close("Your private notes locked after ten quiet minutes; what you wrote is kept, sealed.")

    def _entry(self, text: str, draft: bool) -> dict[str, Any]:
        checkin_id = None
        record = getattr(self.session, "record", None)
        if isinstance(record, dict):
            checkin_id = record.get("id")
        return private_note_entry(self.entry_id, self.author, text, self.app.clock.now().isoformat(),
                                  checkin_id, draft)

    def _seal(self, draft: bool) -> bool:
        """Put the note (or its draft) into the journal, sealed; False if it could not be saved."""
        text = self.text
        if draft and text == self.sealed_text:
            return True
        try:
            if draft and not text.strip():
                self.journal.remove(self.entry_id)
            else:
                self.journal.put(self._entry(text.rstrip() if not draft else text, draft))
        except (StoreError, OSError) as problem:
            self.say(f"Your private note could not be saved just now ({type(problem).__name__}); it is still here.")
            return False
        self.sealed_text = text
        return True

    def action_save(self) -> None:
        if self.step != "write":
            return
        if not self.text.strip():
            self.say("Write something first.")
            return
        if not self._seal(draft=False):
            return
        self._close(f"Saved in {self.author_name}'s private notes, locked again.", saved=True)

    def action_cancel(self) -> None:
        if self.busy:
            return
        if self.step == "write" and self.text.strip():
            from .confirm import ConfirmScreen

            def answer(drop: bool | None) -> None:
                if drop:
                    self._drop()
                else:
                    self.query_one("#pn-text", TextArea).focus()

            self.app.push_screen(
                ConfirmScreen("Drop this private note? What you wrote here will not be kept.",
                              "Drop it", "Keep writing"),
                answer,
            )
            return
        self._drop()

    def _drop(self) -> None:
        """Close without keeping the note (a draft sealed a moment ago goes too)."""
        if self.step == "write" and self.journal is not None and self.journal.unlocked:
            with contextlib.suppress(StoreError, OSError):  # if it stays, it stays sealed
                self.journal.remove(self.entry_id)
        self._close("")

    def _close(self, message: str, saved: bool = False) -> None:
        if self.journal is not None:
            self.journal.lock()
        self.code = ""
        area = self.query_one("#pn-text", TextArea)
        area.load_text("")
        self.sealed_text = ""
        if message:
            self.app.notify(message, title="Private note", markup=False)
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()  # help or "drop it?" on top when ten quiet minutes lock it
        self.dismiss(saved)

    def flush(self) -> None:
        """Leaving the app: seal what is typed (never anywhere in plain text), then lock."""
        if self.journal is not None and self.journal.unlocked:
            if self.step == "write" and self.is_mounted:
                self._seal(draft=True)
            self.journal.lock()


def open_private_note(screen: Any) -> None:
    """From the talk: open the dialog over it (the talk's session only feeds the timer line)."""
    screen.app.push_screen(PrivateNoteScreen(getattr(screen, "session", None)))
