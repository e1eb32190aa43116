"""Questions: browse a deck of cards or draw one at random, for a quiet evening without an agenda.

The deck (:mod:`checkin.core.deck`) does the drawing and remembers, per couple and across
check-ins, what was seen, what is a favourite and what is "not for us"; every change is saved at
once by the app (``CheckinApp.prompt_deck``).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ..core.deck import Deck
from ..core.prompts import Prompt
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.prompt_card import PromptCard
from ..widgets.title_bar import TitleBar
from .base import CheckinScreen


class QuestionsScreen(CheckinScreen[None]):
    """The couple's question cards, one deck at a time."""

    BINDINGS = [
        Binding("d", "draw", "Draw a card", tooltip="A card from this deck you have not seen yet", id="cards.draw"),
        Binding("f", "favourite", "Favourite", tooltip="Keep this card at the top of its deck", id="cards.favourite"),
        Binding("x", "not_for_us", "Not for us", tooltip="Hide this card for good (asks first)", id="cards.not_for_us"),
        Binding("escape", "back", "Back", tooltip="Back home (all is saved)", id="cards.back"),
    ]

    def __init__(self, category: str | None = None) -> None:
        super().__init__()
        self.deck: Deck = None  # type: ignore[assignment]  # set in compose, from the app
        self.category = category or ""

    def compose(self) -> ComposeResult:
        self.deck = self.app.prompt_deck()
        library = self.deck.library
        if self.category not in library.categories:
            self.category = next(iter(library.categories), "")
        yield TitleBar()
        with Horizontal(id="questions"):
            with Vertical(id="decks-side"):
                yield Static("Decks", classes="field-label")
                yield OptionList(*self._deck_options(), id="decks")
            with Vertical(id="cards-side"):
                yield PromptCard("Draw a card (d), or browse the deck below.", id="card")
                yield Static("", id="deck-about", classes="hint")
                yield OptionList(id="cards")
                with Horizontal(classes="buttons", id="cards-buttons"):
                    yield Button(
                        "Draw a card", variant="primary", id="draw", compact=True, tooltip="A card not seen yet (d)",
                        action="screen.draw",
                    )
                    yield Button("Favourite", id="favourite", compact=True, tooltip="Keep it at the top (f)",
                                 action="screen.favourite")
                    yield Button("Not for us", id="hide", compact=True, tooltip="Hide it for good (x)",
                                 action="screen.not_for_us")
                    yield Button("Back", id="back", compact=True, tooltip="Back home (esc)", action="screen.back")
        yield KeysFooter()

    def on_mount(self) -> None:
        decks = self.query_one("#decks", OptionList)
        ids = list(self.deck.library.categories)
        if self.category in ids:
            decks.highlighted = ids.index(self.category)
        self._fill_cards()
        decks.focus()

    # -- what is shown -------------------------------------------------------------------

    def _deck_options(self) -> list[Option]:
        counts = {cid: len(self.deck.visible(cid)) for cid in self.deck.library.categories}
        return [
            Option(f"{escape(cat.title)} [dim]{counts[cid]}[/]", id=cid)
            for cid, cat in self.deck.library.categories.items()
        ]

    def _fill_cards(self, keep: str | None = None) -> None:
        cards = self.query_one("#cards", OptionList)
        cards.clear_options()
        visible = self.deck.visible(self.category)
        cards.add_options(
            Option(("♥ " if self.deck.is_favourite(p.id) else "  ") + escape(p.text), id=p.id) for p in visible
        )
        ids = [p.id for p in visible]
        if keep in ids:
            cards.highlighted = ids.index(keep)
        category = self.deck.library.categories.get(self.category)
        left = self.deck.remaining(self.category)
        about = escape(category.about) if category else ""
        round_words = f"{left} of {len(visible)} not drawn yet in this round."
        self.query_one("#deck-about", Static).update(f"{about}\n{round_words}" if about else round_words)
        card = self.query_one("#card", PromptCard)
        if card.prompt is not None and card.prompt.id not in ids:
            self._show(None)
        self.refresh_bindings()

    def _show(self, prompt: Prompt | None) -> None:
        title = self.deck.library.categories[prompt.category].title if prompt else ""
        self.query_one("#card", PromptCard).show(
            prompt, deck_title=title, favourite=bool(prompt and self.deck.is_favourite(prompt.id))
        )
        self.refresh_bindings()

    @property
    def shown(self) -> Prompt | None:
        return self.query_one("#card", PromptCard).prompt

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("favourite", "not_for_us"):
            return self.shown is not None or None  # None: shown greyed out in the footer
        return True

    # -- choosing a deck and a card --------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#decks")
    def deck_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.category:
            self.category = event.option.id
            self._show(None)
            self._fill_cards()

    @on(OptionList.OptionHighlighted, "#cards")
    def card_browsed(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and (self.shown is None or self.shown.id != event.option.id):
            self._show(self.deck.library.get(event.option.id))

    def action_draw(self) -> None:
        card = self.deck.draw(self.category)
        if card is None:
            self.notify("Every card in this deck is marked 'not for us'.", markup=False)
            return
        self._show(card)
        self._fill_cards(keep=card.id)

    def action_favourite(self) -> None:
        card = self.shown
        if card is None:
            return
        now = self.deck.toggle_favourite(card.id)
        self._show(card)
        self._fill_cards(keep=card.id)
        self.notify("A favourite now: it is listed first." if now else "No longer a favourite.", markup=False)

    def action_not_for_us(self) -> None:
        card = self.shown
        if card is None:
            return
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.deck.hide(card.id)
            self._show(None)
            self._fill_cards()
            decks = self.query_one("#decks", OptionList)
            for cid, option in zip(self.deck.library.categories, self._deck_options(), strict=True):
                decks.replace_option_prompt(cid, option.prompt)
            self.notify("Hidden for good: this card will not come up again.", markup=False)

        self.app.push_screen(
            ConfirmScreen(f"Hide this card for good?\n\n{escape(card.text)}", yes="Not for us", no="Keep it"),
            answered,
        )

    def action_back(self) -> None:
        self.dismiss(None)
