"""Time on screen: a large countdown that turns into calm overtime, and clock text."""

from __future__ import annotations

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
    minutes = round(abs(seconds) / 60)
    return f"{minutes} min"


class Countdown(Digits):
    """The big timer. Shows overtime as +m:ss with the ``-overtime`` class (no alarm colours)."""

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
    """

    def show(self, seconds: float, *, frozen: bool = False) -> None:
        text = clock_text(seconds)
        if text != self.value:
            self.update(text)
        self.set_class(seconds < 0, "-overtime")
        self.set_class(frozen, "-frozen")
