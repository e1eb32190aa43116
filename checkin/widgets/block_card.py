"""A card for the part of the talk in progress: one prompt from the deck that fits the part
(:func:`checkin.core.cards.block_category`), and a button to draw another.

Cards are drawn through the couple's deck (``app.prompt_deck()``), so a card is never drawn twice
before its deck is used up, across check-ins, and a card marked "not for us" never comes. One card
is drawn when a part begins (:meth:`BlockCard.show_block`), another only when asked
(:meth:`BlockCard.another`): a repaint never draws.

Three sizes: a framed card (the deck's title above the text) where there is room; at 80x24 the
text without a frame, after a short lead (``-compact``: "Try: “I appreciated it when you ...”", at
most three lines); one line cut short on a tiny terminal (``-one-line``). The card is in the part's
scrolling area, below the floor banner and the countdown, so it never moves them.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ..core.cards import block_category, lead
from ..core.prompts import Prompt
from .markup import escape


class BlockCard(Vertical):
    """The talk's card: ``#card-text``, and below it the ``#card-another`` button (``screen.another_card``)
    and ``#card-word`` (``screen.feelings_word``, shown by the screen where it works)."""

    DEFAULT_CSS = """
    BlockCard {
        height: auto;
        margin-top: 1;
    }
    BlockCard #card-text {
        width: 100%;
        height: auto;
        padding: 0 1;
        background: $boost;
        border: round $accent 50%;
    }
    BlockCard #card-buttons {
        height: 1;
        align-horizontal: right;
    }
    BlockCard Button {
        width: auto;
        min-width: 8;
        margin-left: 1;
    }
    BlockCard.-compact {
        margin-top: 0;
    }
    BlockCard.-compact #card-text {
        padding: 0;
        border: none;
        background: transparent;
        max-height: 3;
    }
    BlockCard.-one-line #card-text {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        max-height: 1;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.category: str | None = None
        self.prompt: Prompt | None = None
        self.display = False  # until a part with a deck begins

    def compose(self) -> ComposeResult:
        yield Static("", id="card-text")
        another = Button("Another card", id="card-another", compact=True, action="screen.another_card")
        word = Button("Feelings word", id="card-word", compact=True, action="screen.feelings_word")
        with Horizontal(id="card-buttons"):
            for button in (another, word):
                button.can_focus = False  # keys stay with the talk (typing always writes)
                yield button

    def _deck(self) -> Any:
        return self.app.prompt_deck()  # type: ignore[attr-defined]

    def show_block(self, block: Any) -> None:
        """A new part began: its deck, and one card from it (none for a form part)."""
        deck = self._deck()
        self.category = block_category(block, set(deck.library.categories))
        self.prompt = None
        self.display = self.category is not None
        if self.category is not None:
            self.another()

    def another(self) -> bool:
        """Draw the next card of this part's deck; False when the part has none to draw."""
        if self.category is None:
            return False
        self.prompt = self._deck().draw(self.category)
        self._paint()
        return self.prompt is not None

    def compact(self, on: bool, one_line: bool = False) -> None:
        """A framed card, or without its frame in at most three lines (small terminals), or in
        one line cut with an ellipsis (tiny ones)."""
        if self.has_class("-compact") != on:
            self.set_class(on, "-compact")
            self._paint()
        self.set_class(on and one_line, "-one-line")

    def _paint(self) -> None:
        if not self.is_mounted:
            return
        text = self.query_one("#card-text", Static)
        card, category = self.prompt, self.category
        if category is None:
            return
        if card is None:
            text.update("[dim]No cards left in this deck (all marked 'not for us').[/]")
            return
        if self.has_class("-compact"):
            text.update(f"[dim]{escape(lead(category))}[/] [b]“{escape(card.text)}”[/]")
            return
        deck = self._deck()
        title = deck.library.categories[category].title if category in deck.library.categories else category
        heart = "  [b $accent]♥[/]" if deck.is_favourite(card.id) else ""
        text.update(f"[dim]{escape(title)} · {card.depth}[/]{heart}\n[b]{escape(card.text)}[/]")

    def on_mount(self) -> None:
        self._paint()
