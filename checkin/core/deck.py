"""Drawing cards from the prompt library without repeats, with favourites and "not for us".

Plain Python, no Textual. A :class:`DeckState` is what a couple keeps between check-ins (in the
data folder, see :mod:`checkin.store.prompt_state`): for each category the cards drawn in the
current round, the favourites, and the cards hidden for good. :class:`Deck` puts it together with
a :class:`~checkin.core.prompts.PromptLibrary` and a random generator (injected, so tests choose
the seed):

- a card is never drawn twice in a category until every card of that category still shown has
  been drawn (the category is used up); then a new round starts, and its first card is never the
  one just seen;
- a hidden card ("not for us") is never drawn or listed again;
- every change is handed to ``on_change`` at once, so it can be saved.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from checkin.core.prompts import Prompt, PromptLibrary

STATE_VERSION = 1
MAX_IDS = 100_000  # far more than any library: a larger stored list is cut, never trusted whole


def _ids(value: Any) -> list[str]:
    """A list of prompt ids from stored data: anything that is not text is dropped."""
    if not isinstance(value, list):
        return []
    seen: dict[str, None] = {}
    for item in value[:MAX_IDS]:
        if isinstance(item, str) and len(item) <= 200:
            seen.setdefault(item, None)
    return list(seen)


@dataclass
class DeckState:
    """What a couple's deck remembers: per category the ids drawn this round (in order), the
    favourites and the hidden ids (newest last)."""

    seen: dict[str, list[str]] = field(default_factory=dict)
    favourites: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    rounds: dict[str, int] = field(default_factory=dict)  # how many times a category was used up

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "seen": {cat: list(ids) for cat, ids in self.seen.items() if ids},
            "favourites": list(self.favourites),
            "hidden": list(self.hidden),
            "rounds": {cat: n for cat, n in self.rounds.items() if n},
        }

    @classmethod
    def from_dict(cls, data: Any) -> DeckState:
        """Build from stored data, keeping every well-formed part (a bad entry is dropped)."""
        if not isinstance(data, dict):
            return cls()
        seen_raw = data.get("seen")
        seen = {}
        if isinstance(seen_raw, dict):
            seen = {cat: _ids(ids) for cat, ids in seen_raw.items() if isinstance(cat, str)}
        rounds_raw = data.get("rounds")
        rounds = {}
        if isinstance(rounds_raw, dict):
            rounds = {
                cat: n for cat, n in rounds_raw.items()
                if isinstance(cat, str) and isinstance(n, int) and not isinstance(n, bool) and n >= 0
            }  # fmt: skip
        return cls(
            seen={cat: ids for cat, ids in seen.items() if ids},
            favourites=_ids(data.get("favourites")),
            hidden=_ids(data.get("hidden")),
            rounds=rounds,
        )


class Deck:
    """The couple's cards: draw, browse, favourite, hide."""

    def __init__(
        self,
        library: PromptLibrary,
        state: DeckState | None = None,
        *,
        rng: random.Random | None = None,
        on_change: Callable[[DeckState], None] | None = None,
    ) -> None:
        self.library = library
        self.state = state or DeckState()
        self.rng = rng or random.Random()
        self.on_change = on_change

    # -- what can be shown -------------------------------------------------------------

    def is_hidden(self, prompt_id: str) -> bool:
        return prompt_id in self.state.hidden

    def is_favourite(self, prompt_id: str) -> bool:
        return prompt_id in self.state.favourites

    def visible(self, category: str) -> list[Prompt]:
        """The category's cards still shown (not hidden), favourites first, else in library order."""
        hidden = set(self.state.hidden)
        cards = [p for p in self.library.in_category(category) if p.id not in hidden]
        favourites = set(self.state.favourites)
        return sorted(cards, key=lambda p: p.id not in favourites)

    def favourites(self) -> list[Prompt]:
        found = (self.library.get(pid) for pid in self.state.favourites)
        return [p for p in found if p is not None and not self.is_hidden(p.id)]

    def remaining(self, category: str) -> int:
        """Cards not yet drawn in this round."""
        seen = set(self.state.seen.get(category, ()))
        return sum(1 for p in self.visible(category) if p.id not in seen)

    # -- drawing ---------------------------------------------------------------------

    def draw(self, category: str) -> Prompt | None:
        """A card of ``category`` not drawn this round; None when every card there is hidden.

        When the round is used up a new one starts (the card just seen is not first again)."""
        cards = self.visible(category)
        if not cards:
            return None
        cards.sort(key=lambda p: p.id)  # the draw depends on the seed only, not on favourites
        seen = self.state.seen.get(category, [])
        seen_set = set(seen)
        fresh = [p for p in cards if p.id not in seen_set]
        if not fresh:
            last = seen[-1] if seen else None
            self.state.rounds[category] = self.state.rounds.get(category, 0) + 1
            seen = []
            fresh = [p for p in cards if p.id != last] or cards
        card = self.rng.choice(fresh)
        self.state.seen[category] = [*seen, card.id]
        self._changed()
        return card

    # -- the couple's choices ------------------------------------------------------------

    def toggle_favourite(self, prompt_id: str) -> bool:
        """Make a card a favourite or stop; returns True when it is one now."""
        if prompt_id in self.state.favourites:
            self.state.favourites.remove(prompt_id)
            now = False
        else:
            self.state.favourites.append(prompt_id)
            now = True
        self._changed()
        return now

    def hide(self, prompt_id: str) -> None:
        """"Not for us": the card is never drawn or listed again (and stops being a favourite)."""
        if prompt_id not in self.state.hidden:
            self.state.hidden.append(prompt_id)
        if prompt_id in self.state.favourites:
            self.state.favourites.remove(prompt_id)
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.state)
