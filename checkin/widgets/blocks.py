"""What each kind of block asks of the couple: ratings, last week's items, new items, the floor.

Panels are thin: they read the session's state and call its commands. A command the session
refuses comes back as a Refusal (a ValueError) whose message is shown as a gentle notice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import arrow
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Select, Static

from .attempt import attempt
from .partner import partner_markup
from .steady import SteadyInput

if TYPE_CHECKING:
    from ..core.session import CheckinSession

Names = dict[str, str]


def takes(field: Input, character: str) -> bool:
    """Would this field keep the character (a rating field takes digits only)?"""
    return field.restrict is None or re.fullmatch(field.restrict, field.value + character) is not None


class DigitsInput(SteadyInput):
    """A digits-only field (a rating, a date): a letter typed into it is not dropped, it goes on
    to the talk screen, which starts a note with it."""

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            # Not typed here but by the talk screen, which types it into whatever has the focus
            # once the keys ahead of it have acted: in a burst ("7", Tab, "8") the 8 waits in
            # this field's queue while the Tab is still on its way to the screen, and typed here
            # it would land in the field the Tab leaves. A letter goes on to start a note.
            event.prevent_default()  # Input's own handler would type it now
            return
        await super()._on_key(event)


class BlockPanel(Vertical):
    """Base: knows the session, the names, and how to report a refused command."""

    DEFAULT_CSS = """
    BlockPanel { height: auto; }
    BlockPanel Horizontal { height: auto; }
    BlockPanel .row-label { width: 16; padding: 0 1 0 0; }
    BlockPanel .rating-row { margin-bottom: 0; }
    BlockPanel .rating-row-2 { padding-left: 2; margin-bottom: 1; }
    BlockPanel Input { width: 6; background: $boost; border-bottom: none; }
    BlockPanel .rating-row Input { width: 7; background: $boost; color: $foreground; }
    BlockPanel .rating-row Input:focus { background: $primary 30%; }
    BlockPanel Checkbox { margin: 0 1; }
    BlockPanel Button { margin: 0 1 0 0; width: auto; min-width: 6; }
    """

    def __init__(self, session: CheckinSession, names: Names, changed: Callable[[], None]) -> None:
        super().__init__()
        self.session = session
        self.names = names
        self.changed = changed

    @property
    def runner(self) -> CheckinSession:
        """Old name of ``session`` (panels not yet moved read the record and clock through it)."""
        return self.session

    def run(self, command: Callable[..., Any], *args: Any) -> bool:
        if not attempt(self, command, *args):
            return False
        self.changed()
        return True


class RatingPanel(BlockPanel):
    """Each partner rates mood and connection 0-10 (and, before, whether a hard topic is OK)."""

    def compose(self) -> ComposeResult:
        state = self.session.state
        before = state.block.stage != "after"
        saved = state.ratings.get(state.block_index, {})
        for p in "ab":
            r = saved.get(p)
            with Horizontal(classes="rating-row"):
                yield Static(partner_markup(self.names[p], p), classes="row-label")
                yield Static("mood", classes="mini-label")  # 0-10
                yield DigitsInput(
                    str(r.mood) if r else "", placeholder="0–10", max_length=2,
                    restrict=r"[0-9]*", id=f"mood-{p}", compact=True,
                )
                yield Static("connection", classes="mini-label")
                yield DigitsInput(
                    str(r.connection) if r else "", placeholder="0–10", max_length=2,
                    restrict=r"[0-9]*", id=f"conn-{p}", compact=True,
                )
            with Horizontal(classes="rating-row rating-row-2"):
                if before:
                    ok = bool(r and r.hard_topic_ok)
                    yield Checkbox(hard_topic_label(ok), ok, id=f"ok-{p}", compact=True)
                yield Button("Save", id=f"save-{p}", compact=True)
                yield Static("✓ saved" if r else "", id=f"done-{p}", classes="done-mark")

    def on_mount(self) -> None:
        """Digits typed at Arrive go to the first rating not yet given (it has the focus)."""
        state = self.session.state
        saved = state.ratings.get(state.block_index, {})
        for p in "ab":
            if p not in saved:
                self.call_later(self._focus_if_free, self.query_one(f"#mood-{p}", Input))
                return

    def _focus_if_free(self, field: Input) -> None:
        """Checked when it runs, not when asked: never take the focus from a note being typed."""
        if self.is_attached and self.screen.focused is None:
            self.screen.set_focus(field)

    @on(Checkbox.Changed)
    def hard_topic(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = hard_topic_label(event.value)  # not told by colour alone

    @on(Button.Pressed)
    @on(Input.Submitted)
    def save(self, event: Button.Pressed | Input.Submitted) -> None:
        widget = event.button if isinstance(event, Button.Pressed) else event.input
        partner = (widget.id or "")[-1:]
        if partner not in ("a", "b"):
            return
        event.stop()
        mood = self.query_one(f"#mood-{partner}", Input).value
        conn = self.query_one(f"#conn-{partner}", Input).value
        if not (mood.isdigit() and conn.isdigit()):
            self.notify("Please give both numbers, from 0 to 10.", severity="warning")
            return
        switches = self.query(f"#ok-{partner}")
        ok = switches.first(Checkbox).value if switches else None
        if self.run(self.session.set_rating, partner, int(mood), int(conn), ok):
            self.query_one(f"#done-{partner}", Static).update("✓ saved")
            if partner == "a" and not self.session.state.ratings.get(self.session.state.block_index, {}).get("b"):
                self.query_one("#mood-b", Input).focus()  # on to the other partner
            else:
                self.screen.set_focus(None)


def hard_topic_label(ok: bool) -> str:
    return "☑ Hard topic: yes" if ok else "☐ Hard topic: no"


STATUS_WORDS = {"done": "done", "carried": "carried over", "dropped": "dropped"}


class ReviewPanel(BlockPanel):
    """Last week's action items: done, carry over, or drop."""

    def compose(self) -> ComposeResult:
        items = self.session.record.get("previous_actions") or []
        if not items:
            yield Static("No open items from last time. A fresh start.", classes="hint")
            return
        review = self.session.state.review
        for n, item in enumerate(items):
            owner = item.get("owner", "both")
            who = "both" if owner == "both" else partner_markup(self.names.get(owner, owner), owner)
            status = STATUS_WORDS.get(review.get(str(item.get("id"))) or "", "open")
            yield Static(
                f"• {_escape(item.get('text', ''))} [dim]({who})[/] — [i]{status}[/]",
                id=f"item-{n}", classes="review-text",
            )
            with Horizontal(classes="review-row"):
                for status_id, label in (("done", "Done"), ("carried", "Carry over"), ("dropped", "Drop")):
                    yield Button(label, id=f"{status_id}-{n}", compact=True)

    @on(Button.Pressed)
    def mark(self, event: Button.Pressed) -> None:
        status, _, n = (event.button.id or "").partition("-")
        if status not in STATUS_WORDS or not n.isdigit():
            return
        event.stop()
        item = (self.session.record.get("previous_actions") or [])[int(n)]
        if self.run(self.session.review_item, str(item.get("id")), status):
            self.refresh(recompose=True)


class ActionsPanel(BlockPanel):
    """New action items, each with an owner and a due date."""

    def compose(self) -> ComposeResult:
        due = arrow.get(self.session.clock.now()).to("local").shift(days=7).date().isoformat()
        yield SteadyInput(placeholder="What will happen? (concrete, then Enter)", id="action-text", compact=True)
        with Horizontal(classes="action-row"):
            yield Static("who", classes="mini-label")
            yield Select(
                [(_escape(self.names["a"]), "a"), (_escape(self.names["b"]), "b"), ("Both", "both")],
                value="both", allow_blank=False, id="action-owner", compact=True,
            )
            yield Static("by", classes="mini-label")
            yield DigitsInput(due, max_length=10, restrict=r"[0-9-]*", id="action-due", compact=True)
            yield Button("Add", id="action-add", compact=True)
        for action in self.session.state.actions:
            who = "both" if action.owner == "both" else partner_markup(self.names[action.owner], action.owner)
            yield Static(f"• {_escape(action.text)} — {who}, by {action.due}", classes="action-item")

    @on(Button.Pressed, "#action-add")
    @on(Input.Submitted, "#action-text, #action-due")
    def add(self, event: Button.Pressed | Input.Submitted) -> None:
        event.stop()
        text = self.query_one("#action-text", Input).value
        due = self.query_one("#action-due", Input).value.strip()
        owner = self.query_one("#action-owner", Select).value
        try:
            day = arrow.get(due, "YYYY-MM-DD").date()
        except (ValueError, arrow.parser.ParserError):
            self.notify(f"{_escape(due)} is not a day in the calendar; please give one like 2026-12-03.",
                        severity="warning", markup=False)
            return
        today = arrow.get(self.session.clock.now()).to("local").date()
        if day < today:
            self.notify("That day has passed; please pick today or a later day.", severity="warning")
            return
        if self.run(self.session.add_action, text, str(owner), due):
            self.refresh(recompose=True)


class FloorPanel(BlockPanel):
    """The one issue: its topic, and where the speaker-listener exchange is."""

    def compose(self) -> ComposeResult:
        state = self.session.state
        topic = state.topics.get(state.block_index, "")
        with Horizontal(classes="topic-row"):
            yield Static("Topic", classes="row-label")
            yield SteadyInput(
                topic, placeholder="The one issue for today, in a few words", id="topic", compact=True,
                select_on_focus=False,
            )
        yield Static("", id="floor-guide", classes="floor-guide")
        with Horizontal(classes="floor-buttons"):
            yield Button("Yes, there is more", id="more", compact=True)
            yield Button("I feel understood", id="understood", compact=True)

    def on_mount(self) -> None:
        self.sync()

    def sync(self) -> None:
        if not self.query("#floor-guide"):
            return  # not composed yet; on_mount syncs
        state = self.session.state
        speaker, listener = state.speaker, state.listener
        s = partner_markup(self.names[speaker], speaker) if speaker else ""
        li = partner_markup(self.names[listener], listener) if listener else ""
        guide = {
            "speak": f"{s}: speak about your own feelings, a sentence or two (\"I feel ... about ... "
            f"I need ...\"). {li}: listen; no rebuttal. Then pass the floor.",
            "paraphrase": f"{li}: say back what you heard, in your own words. {s}: listen.",
            "check": f"{s}: is there more? If yes, go on; if you feel understood, say so and the "
            "floor passes.",
            "solve": "You both feel understood. Now, and only now, look for a way forward together.",
        }.get(state.phase, "")
        not_ok = [p for p, r in state.ratings_before.items() if r.hard_topic_ok is False]
        if not_ok and state.phase != "solve":
            # said without naming who: nobody is singled out for not being up to it
            guide = (
                "At Arrive, today did not feel like the day for a hard topic: choose something "
                "light, or park it for next week.\n" + guide
            )
        self.query_one("#floor-guide", Static).update(guide)
        check = state.phase == "check"
        self.query_one("#more", Button).display = check
        understood = self.query_one("#understood", Button)
        understood.display = check
        if speaker:
            understood.label = f"{_escape(self.names[speaker])} feels understood"

    @on(Input.Submitted, "#topic")
    def set_topic(self, event: Input.Submitted) -> None:
        event.stop()
        if self.save_topic():
            self.notify("Topic saved.")
        self.screen.set_focus(None)  # back to the talk keys (space passes the floor)

    @on(Input.Blurred, "#topic")
    def topic_left(self) -> None:
        self.save_topic()

    def save_topic(self) -> bool:
        """Save the topic if it changed (also called by the screen's heartbeat)."""
        inputs = self.query("#topic")
        if not inputs:
            return False
        text = inputs.first(Input).value.strip()
        state = self.session.state
        if not text or text == state.topics.get(state.block_index):
            return False
        return self.run(self.session.set_topic, text)

    @on(Button.Pressed, "#more")
    def more(self, event: Button.Pressed) -> None:
        event.stop()
        self.run(self.session.there_is_more)

    @on(Button.Pressed, "#understood")
    def understood(self, event: Button.Pressed) -> None:
        event.stop()
        speaker = self.session.state.speaker
        if speaker:
            self.run(self.session.confirm_understood, speaker)


def _escape(text: str) -> str:
    from .markup import escape

    return escape(text)


PANELS: dict[str, type[BlockPanel]] = {
    "rating": RatingPanel,
    "review": ReviewPanel,
    "actions": ActionsPanel,
    "floor": FloorPanel,
}
