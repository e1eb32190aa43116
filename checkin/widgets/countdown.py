"""Time on screen: a large countdown that turns into calm overtime, and clock text."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widgets import Digits


def clock_text(seconds: float) -> str:
    """'3:05', '1:02:03'; negative values as overtime '+0:42'."""
    sign = "+" if seconds < 0 else ""
    total = int(abs(seconds) + (0.999 if seconds >= 0 else 0))  # a countdown shows 3:00 until it is below
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def minutes_text(seconds: float) -> str:
    """'4 min'; less than half a minute is 'under a minute' (never '0 min')."""
    minutes = round(abs(seconds) / 60)
    return f"{minutes} min" if minutes else "under a minute"


# A five-row font of full blocks, for when there is room: the calmest, largest thing on screen.
_BIG = {
    "0": ["████", "█  █", "█  █", "█  █", "████"],
    "1": ["  █ ", " ██ ", "  █ ", "  █ ", " ███"],
    "2": ["████", "   █", "████", "█   ", "████"],
    "3": ["████", "   █", " ███", "   █", "████"],
    "4": ["█  █", "█  █", "████", "   █", "   █"],
    "5": ["████", "█   ", "████", "   █", "████"],
    "6": ["████", "█   ", "████", "█  █", "████"],
    "7": ["████", "   █", "  █ ", " █  ", " █  "],
    "8": ["████", "█  █", "████", "█  █", "████"],
    "9": ["████", "█  █", "████", "   █", "████"],
    ":": [" ", "█", " ", "█", " "],
    "+": ["    ", " █  ", "███ ", " █  ", "    "],
}


def big_lines(text: str) -> list[str]:
    glyphs = [_BIG.get(ch, _BIG["0"]) for ch in text]
    return [" ".join(g[row] for g in glyphs) for row in range(5)]


class Countdown(Digits):
    """The big timer. Shows overtime as +m:ss with the ``-overtime`` class (no alarm colours).

    Three sizes, chosen by the screen from the room it has: ``-big`` (five rows of blocks),
    the usual three-row digits, and ``-compact`` (one bold line, for small terminals).
    """

    DEFAULT_CSS = """
    Countdown {
        width: auto;
        color: $foreground;
    }
    Countdown.-overtime {
        color: $warning;
    }
    Countdown.-frozen {
        color: $foreground 50%;
    }
    Countdown.-compact {
        text-style: bold;
    }
    """

    def show(self, seconds: float, *, frozen: bool = False) -> None:
        text = clock_text(seconds)
        if text != self.value:
            self.update(text)
        self.set_class(seconds < 0, "-overtime")
        self.set_class(frozen, "-frozen")

    def set_size(self, size: str) -> None:
        """'big', 'normal' or 'compact'."""
        for name in ("big", "compact"):
            self.set_class(size == name, f"-{name}")
        self.refresh(layout=True)

    def render(self):  # type: ignore[override]
        if self.has_class("-compact"):
            return Text(self.value)
        if self.has_class("-big"):
            return Text("\n".join(big_lines(self.value)))
        return DigitsRenderable(self.value, self.rich_style)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self.has_class("-compact"):
            return len(self.value)
        if self.has_class("-big"):
            return len(big_lines(self.value)[0])
        return DigitsRenderable.get_width(self.value)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.has_class("-compact"):
            return 1
        return 5 if self.has_class("-big") else 3
