"""The head of the talk, fixed at the top at every size: whose turn it is, and the time.

The floor banner (name and colour), the big countdown, what it counts, the meeting clock and a
short hint beside them (a toast would cover the countdown and outstay the move). It draws from a
:class:`CheckinState`; it never changes the check-in. Redrawn every second, so it touches a
widget only when what it shows changed, and without a layout when the text keeps its room.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Static

from ..core.state import CheckinState
from .countdown import Countdown, clock_text, minutes_text
from .steady import Steady
from .talk_text import caption_text, floor_text


def plan_text(ahead: float) -> str:
    """'on plan', or how far ahead of or behind the agenda the talk is."""
    if abs(ahead) < 60:
        return "on plan"
    return f"{minutes_text(ahead)} {'ahead' if ahead > 0 else 'behind'}"


class TalkHead(Vertical):
    """Whose turn and the countdown: ``show_floor`` and ``show_time`` redraw them, ``hint``
    says a short word."""

    def __init__(self) -> None:
        super().__init__(id="talk-head")
        self.steady = Steady(self)
        self._hint_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="floor-banner")
        with Horizontal(id="timer-row"):
            yield Countdown("0:00", id="countdown")
            with Vertical(id="timer-side"):
                yield Static("", id="timer-caption")
                yield Static("", id="meeting-clock")
                yield Static("", id="talk-hint")

    def set_size(self, size: str) -> None:
        """"big" (a five-row font), "normal" or "compact" (one bold line)."""
        self.steady.one("#countdown", Countdown).set_size(size)

    def show_floor(self, state: CheckinState, names: dict[str, str]) -> None:
        """The banner: the name of whoever holds the floor, in their colour."""
        banner = self.steady.one("#floor-banner", Static)
        for p in "ab":
            banner.set_class(state.turn_of == p, f"-turn-{p}")
        banner.update(floor_text(state, names))

    def show_time(self, state: CheckinState, names: dict[str, str]) -> None:
        """The countdown, what it counts, and the meeting clock; once a second."""
        self.steady.set_text("#meeting-clock", f"{clock_text(state.meeting_used)} in  ·  "
                      f"{clock_text(state.meeting_remaining)} left  ·  {plan_text(state.ahead_behind)}")
        self.steady.one("#countdown", Countdown).show(state.countdown, frozen=state.paused)
        caption = caption_text(state, names)
        if state.overtime:
            caption = f"{caption} · over time, no rush: finish your thought"
        self.steady.set_text("#timer-caption", caption)

    def hint(self, text: str, seconds: float = 3.0) -> None:
        """A short word beside the countdown, gone after ``seconds``."""
        self.steady.set_text("#talk-hint", text)
        if self._hint_timer is not None:
            self._hint_timer.stop()
        self._hint_timer = self.set_timer(seconds, self.clear_hint)

    def clear_hint(self) -> None:
        self.steady.set_text("#talk-hint", "")
