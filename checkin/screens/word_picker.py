"""A word picker: a feelings (or needs) word to put into the note while speaking.

A modal over the talk; it returns the chosen word (or None). The words come from the prompt
library's word decks, grouped by family, favourites first, without the ones marked "not for us".
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import with_descriptions
from .base import CheckinModal


class WordPickerScreen(CheckinModal[str | None]):
    """Pick one word; Enter puts it into the note."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Back to the note, no word added", id="words.cancel"),
        Binding("tab", "other_deck", "Needs words", tooltip="Switch between feelings and needs words",
                id="words.switch", show=True),
    ]

    def __init__(self, category: str = "feelings") -> None:
        super().__init__(classes="modal")
        self.category = category

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="words-dialog"):
            yield Static("", id="words-title", classes="dialog-text")
            yield OptionList(id="words")
            with Horizontal(classes="buttons"):
                yield Button("Use this word", variant="primary", id="words-use", compact=True, action="screen.use")
                yield Button("Cancel", id="words-cancel-button", compact=True, action="screen.cancel")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        deck = self.app.prompt_deck()
        category = deck.library.categories.get(self.category)
        title = category.title if category else self.category
        self.query_one("#words-title", Static).update(
            f"[b]{escape(title)}[/]: pick the word that fits best (enter puts it into your note)."
        )
        words = self.query_one("#words", OptionList)
        words.clear_options()
        words.add_options(
            Option(f"{escape(p.text)}  [dim]{escape(p.family or '')}[/]", id=p.text)
            for p in deck.visible(self.category)
        )
        words.highlighted = 0 if words.option_count else None
        words.focus()

    def action_other_deck(self) -> None:
        self.category = "needs" if self.category == "feelings" else "feelings"
        self._fill()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # the footer says which deck tab goes to
        other = "Needs words" if self.category == "feelings" else "Feelings words"
        return with_descriptions(super().active_bindings, {"tab": other})

    @on(OptionList.OptionSelected, "#words")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_use(self) -> None:
        words = self.query_one("#words", OptionList)
        if words.highlighted is not None:
            self.dismiss(words.get_option_at_index(words.highlighted).id)

    def action_cancel(self) -> None:
        self.dismiss(None)
