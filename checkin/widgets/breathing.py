"""A slow breathing guide: in for 4 seconds, out for 6. Calm, wordless, no conversation text."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget

CYCLE = 10.0
INHALE = 4.0


def breath_fraction(t: float) -> tuple[float, str]:
    """How full the breath is (0..1) at time ``t`` seconds, and the word to show."""
    phase = t % CYCLE
    if phase < INHALE:
        return phase / INHALE, "breathe in"
    return 1.0 - (phase - INHALE) / (CYCLE - INHALE), "breathe out"


class BreathingGuide(Widget):
    """A bar that slowly grows and shrinks."""

    DEFAULT_CSS = """
    BreathingGuide {
        height: 3;
        width: 100%;
        content-align: center middle;
        color: $primary;
    }
    """

    t: reactive[float] = reactive(0.0)

    def render(self) -> str:
        fraction, word = breath_fraction(self.t)
        width = max(10, self.size.width - 4)
        filled = max(1, round(fraction * width))
        pad = (width - filled) // 2
        bar = " " * pad + "━" * filled
        word_pad = (width - len(word)) // 2
        return f"{bar}\n\n{' ' * word_pad}{word}"
