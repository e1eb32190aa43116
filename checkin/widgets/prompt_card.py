"""A question card: one prompt, its deck, light or deeper, and whether it is a favourite."""

from __future__ import annotations

from textual.widgets import Static

from ..core.prompts import Prompt
from .markup import escape


class PromptCard(Static):
    """Shows one prompt from the library, or a line of help when there is none yet."""

    DEFAULT_CSS = """
    PromptCard {
        height: auto;
        min-height: 3;
        padding: 0 1;
        background: $boost;
        border: round $accent 50%;
    }
    PromptCard.-compact {
        min-height: 1;
        padding: 0;
        border: none;
        background: transparent;
        text-align: center;
    }
    PromptCard.-empty {
        color: $foreground 60%;
        text-style: italic;
    }
    """

    def __init__(self, empty: str = "No card yet.", **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.empty = empty
        self.prompt: Prompt | None = None
        self.show(None)

    def show(self, prompt: Prompt | None, *, deck_title: str = "", favourite: bool = False) -> None:
        """Show ``prompt`` (None: the help line)."""
        self.prompt = prompt
        self.set_class(prompt is None, "-empty")
        if prompt is None:
            self.update(escape(self.empty))
            return
        where = [escape(deck_title)] if deck_title else []
        if prompt.family:
            where.append(escape(prompt.family))
        where.append(prompt.depth)
        heart = "  [b $accent]♥ favourite[/]" if favourite else ""
        self.update(f"[dim]{' · '.join(where)}[/]{heart}\n\n[b]{escape(prompt.text)}[/]")


class DrawnCard(PromptCard):
    """A card drawn from one deck of the couple's cards (e.g. repair phrases on the pause screen);
    :meth:`draw` shows another one, never one already seen before the deck is used up."""

    def __init__(self, category: str, *, lead: str = "", **kwargs: object) -> None:
        """``lead`` makes a one-line card without a frame: the lead, then the card's text."""
        super().__init__("", **kwargs)
        self.category = category
        self.lead = lead
        self.set_class(bool(lead), "-compact")

    def on_mount(self) -> None:
        self.draw()

    def draw(self) -> None:
        deck = self.app.prompt_deck()  # type: ignore[attr-defined]
        card = deck.draw(self.category)
        if self.lead:
            self.prompt = card
            self.set_class(False, "-empty")
            self.update(f"[dim]{escape(self.lead)}[/] [b]“{escape(card.text)}”[/]" if card else "")
            return
        title = deck.library.categories[card.category].title if card else ""
        self.show(card, deck_title=title, favourite=bool(card and deck.is_favourite(card.id)))
