"""The break: a slow breathing guide, the time until the agreed return, short advice, and none
of the conversation's text. Both partners say they are ready to come back.

It only repaints: the talk screen underneath runs the session's one heartbeat (before, this
screen ran a second one, and a break saved twice a second)."""

from __future__ import annotations

from collections.abc import Callable

import arrow
from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Static

from ..core.session import CheckinSession
from ..core.state import MIN_BREAK_MINUTES
from ..widgets.attempt import attempt
from ..widgets.breathing import BreathingGuide
from ..widgets.countdown import clock_text
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import with_descriptions
from .base import CheckinScreen

ADVICE = (
    "Spend this time apart, doing something soothing: a walk, music, tea.\n"
    "Try not to rehearse the argument. Nobody is to blame for a break.\n"
    "Not calm yet when the time comes? Come back anyway, and ask for more."
)


def day_words(end: arrow.Arrow, now: arrow.Arrow) -> str:
    """'' for today, 'tomorrow ' or 'on Friday ' otherwise (with a trailing space)."""
    days = (end.date() - now.to("local").date()).days
    if days <= 0:
        return ""
    return "tomorrow " if days == 1 else f"on {end.format('dddd')} "


PHRASE_MIN_HEIGHT = 24  # rows below which the repair phrase gives way to the buttons


class BreakScreen(CheckinScreen[str | None]):
    """Dismisses with "home" when put aside for today, None when the talk resumes."""

    BINDINGS = [
        Binding("1", "ready('a')", "Ready (1st)", tooltip="The first partner is ready", id="break.ready_a"),
        Binding("2", "ready('b')", "Ready (2nd)", tooltip="The second partner is ready", id="break.ready_b"),
        Binding("m", "more_time(10)", "+10 min", tooltip="Ask for ten more minutes", id="break.more_time"),
        Binding("e", "end_for_today", "End for today", tooltip="Stop now; resume another day",
                id="break.end_for_today"),
        Binding("k", "park", "Park topic", tooltip="Keep this topic for next week and go on",
                id="break.park"),
        Binding("a", "another_phrase", "Another phrase", tooltip="Another repair phrase for coming back",
                id="break.another_phrase"),
    ]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        names = self.names
        return with_descriptions(
            super().active_bindings, {"1": f"{names['a']} is ready", "2": f"{names['b']} is ready"}
        )

    def __init__(self, session: CheckinSession, names: dict[str, str] | None = None) -> None:
        super().__init__()
        self.session = session
        self.names = names or session.names or {"a": "A", "b": "B"}

    def compose(self) -> ComposeResult:
        with Center(id="break"):
            with Vertical(id="break-card"):
                yield Static("Taking a break", classes="title")
                yield BreathingGuide()
                yield Static("", id="break-when", classes="break-when")
                yield Static(ADVICE, classes="lead", id="break-advice")
                from ..widgets.prompt_card import DrawnCard

                yield DrawnCard("repair", id="break-repair", lead="For coming back (a: another):")
                with Horizontal(classes="buttons", id="ready-buttons"):
                    yield Button("", id="ready-a", classes="ready-a")
                    yield Button("", id="ready-b", classes="ready-b")
                with Horizontal(classes="buttons", id="more-buttons"):
                    for minutes in (10, 20, 30):
                        yield Button(f"+{minutes} min", id=f"more-{minutes}", compact=True)
                    yield Button("Park topic", id="park", compact=True)
                    yield Button("End for today", id="end", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._ticker = self.set_interval(0.5, self.tick)  # a repaint (the breathing guide); no save
        self.tick()

    def tick(self) -> None:
        if not self.is_active:
            return  # dismiss() pops whatever is on top: only the break view may close itself
        state = self.session.state
        if not state.on_break:
            self._ticker.stop()
            self.dismiss(None)
            return
        self.query_one(BreathingGuide).t = self.app.clock.monotonic()
        end = arrow.get(state.break_end).to("local") if state.break_end else None
        left = state.break_left
        if left > 0 and end is not None:
            now = self.app.clock.now()
            when = f"Back {day_words(end, now)}at {end.format('HH:mm')}, in {clock_text(left)}"
        elif left > 0:
            when = clock_text(left)
        else:
            when = "It is time to come back. Say when you are ready."
        self.query_one("#break-when", Static).update(when)
        can = state.can_return
        for p in "ab":
            button = self.query_one(f"#ready-{p}", Button)
            ready = state.ready.get(p)
            key = "1" if p == "a" else "2"
            name = escape(self.names[p])
            button.label = f"[b $partner-{p}]{name} is ready{' ✓' if ready else ''}[/] [dim]({key})[/]"
            button.disabled = not can or bool(ready)
        if not can and left > 0:
            wait = MIN_BREAK_MINUTES * 60 - state.break_elapsed
            if abs(wait - left) > 1:
                when += f"\nYou can say you are ready in {clock_text(wait)} (at least {MIN_BREAK_MINUTES} min)."
                self.query_one("#break-when", Static).update(when)

    def run(self, command: Callable[..., object], *args: object) -> bool:
        if not attempt(self, command, *args):
            return False
        self.tick()
        return True

    def action_ready(self, partner: str) -> None:
        self.run(self.session.ready, partner)

    def action_more_time(self, minutes: int) -> None:
        if self.run(self.session.more_time, minutes):
            self.notify(f"{minutes} more minutes.", timeout=3, markup=False)

    def action_end_for_today(self) -> None:
        if self.run(self.session.end_for_today) and self.is_active:
            self._ticker.stop()
            self.notify("Put aside for today. Home will offer to resume it.", timeout=5)
            self.dismiss("home")

    def action_park(self) -> None:
        from .confirm import ConfirmScreen

        state = self.session.state
        text = state.topics.get(state.block_index) or state.block.title
        if not state.can_return:
            self.notify("Give the break at least 20 minutes first; then you can park the topic "
                        "together.", severity="warning", markup=False)
            return

        def answer(yes: bool | None) -> None:
            if yes and self.run(self.session.park_topic, text):
                self.notify("Parked for next week.", timeout=3)

        self.app.push_screen(
            ConfirmScreen(
                f"Park \"{escape(text)}\" for next week and go on with the next part? "
                "Do this together, when you are both back.",
                "Park it and go on",
                "Not yet",
            ),
            answer,
        )

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        ident = event.button.id or ""
        if ident.startswith("ready-"):
            self.action_ready(ident[-1])
        elif ident.startswith("more-"):
            self.action_more_time(int(ident.split("-")[1]))
        elif ident == "end":
            self.action_end_for_today()
        elif ident == "park":
            self.action_park()

    def action_another_phrase(self) -> None:
        from ..widgets.prompt_card import DrawnCard

        self.query_one("#break-repair", DrawnCard).draw()

    def on_resize(self) -> None:
        # a small terminal keeps its rows for the ready buttons: the phrase comes back when there is room
        self.query_one("#break-repair").display = self.size.height >= PHRASE_MIN_HEIGHT
