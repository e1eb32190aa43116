"""Which deck of cards fits which part of a check-in.

Plain Python, no Textual. The talk screen shows one card from the couple's deck in each part; this
module decides the deck (a prompt category, see :mod:`checkin.core.prompts`) from the part itself:

- its id or title first, since the kind alone cannot tell an appreciation round from a reconnect
  round (both are ``turns``): "Appreciations" -> appreciation starters, "Reconnect" or "Feeling
  loved" -> reconnect questions, "Plan good times" -> ideas for good times, a part about a dream ->
  the dream behind a conflict, the parts of "After a fight" -> repair phrases;
- else its kind: a speaker-listener part (``floor``, "One issue") -> gentle start-up helpers, a
  plan-good-times part (``activity``) -> ideas for good times, a round of turns or a part together
  -> getting to know each other now (love-map questions), last week's action items -> appreciation
  starters (a thank-you for what got done);
- the ratings (Arrive, Closing) and the new action items are forms, not a conversation: no card
  there (None), so the form keeps the room it needs on a small terminal.

The card itself is drawn through :class:`checkin.core.deck.Deck`, so the never-twice rule and "not
for us" hold across check-ins.
"""

from __future__ import annotations

import re
from typing import Any

#: Words in a block's id or title, in the order they are tried, and the deck they choose.
BY_WORDS: tuple[tuple[str, str], ...] = (
    ("appreciat", "appreciation"),
    ("went-right", "appreciation"),
    ("reconnect", "reconnect"),
    ("loved", "reconnect"),
    ("good-times", "good-times"),
    ("dream", "dream"),
    ("feelings", "repair"),
    ("triggers", "repair"),
    ("responsibility", "repair"),
    ("realities", "repair"),
)

#: The deck for a block kind when its id and title say nothing more (None: no card).
BY_KIND: dict[str, str | None] = {
    "floor": "gentle-start",
    "activity": "good-times",
    "turns": "love-map",
    "together": "love-map",
    "review": "appreciation",
    "rating": None,
    "actions": None,
}

#: What the card's one-line lead says, by deck (at small sizes the card is one line).
LEADS: dict[str, str] = {
    "appreciation": "Try:",
    "love-map": "Ask:",
    "reconnect": "Ask:",
    "good-times": "An idea:",
    "gentle-start": "Start with:",
    "repair": "Say:",
    "dream": "Ask:",
}


def _words(text: str) -> str:
    """A block's id or title as lowercase words joined by dashes ("Plan good times" -> "plan-good-times")."""
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold()))


def block_category(block: Any, known: set[str] | None = None) -> str | None:
    """The deck for one block of an agenda (an :class:`~checkin.core.agenda.Block`), or None when
    the part gets no card. ``known`` (the library's category ids) turns a deck the library does
    not have into None."""
    if getattr(block, "kind", None) in ("rating", "actions"):
        return None  # a form: no card, whatever the title says
    names = f"{_words(str(getattr(block, 'id', '')))} {_words(str(getattr(block, 'title', '')))}"
    found = next((deck for word, deck in BY_WORDS if word in names), None)
    if found is None:
        found = BY_KIND.get(str(getattr(block, "kind", "")))
    if found is not None and known is not None and found not in known:
        return None
    return found


def lead(category: str) -> str:
    """The word before a card's text when it is shown on one line."""
    return LEADS.get(category, "Card:")


__all__ = ["BY_KIND", "BY_WORDS", "LEADS", "block_category", "lead"]
