"""The talk share bar: each partner's share of talking time, with names and percentages."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from .partner import partner_markup

BAR = "█"


class TalkBalance(Widget):
    """``Ana 52% ██████████░░░░░░░░░ 48% Bo`` in the partners' colours.

    Colour is never the only cue: names and percentages are always written out.
    """

    DEFAULT_CSS = """
    TalkBalance {
        height: 1;
        width: 1fr;
    }
    """

    shares: reactive[tuple[int, int] | None] = reactive(None)
    names: reactive[tuple[str, str]] = reactive(("A", "B"))

    def __init__(
        self,
        names: tuple[str, str] = ("A", "B"),
        shares: tuple[int, int] | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(TalkBalance.names, names)
        self.set_reactive(TalkBalance.shares, shares)

    def render(self) -> RenderResult:
        name_a, name_b = self.names
        if self.shares is None or sum(self.shares) <= 0:
            return Content.from_markup("[dim]No talking time was recorded.[/]")
        a, b = self.shares
        left = f"{partner_markup(name_a, 'a')} {a}% "
        right = f" {b}% {partner_markup(name_b, 'b')}"
        label_width = len(f"{name_a} {a}% ") + len(f" {b}% {name_b}")
        width = max(4, self.size.width - label_width)
        filled = round(width * a / 100)
        bar = f"[$partner-a]{BAR * filled}[/][$partner-b]{BAR * (width - filled)}[/]"
        return Content.from_markup(left + bar + right)
