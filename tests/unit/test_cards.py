"""Which deck of cards each part of a check-in draws from (core.cards), and that the draw goes
through the couple's deck (never twice, "not for us" for good) across check-ins."""

from __future__ import annotations

import random

import pytest

from checkin.core.agenda import Block, load_agendas
from checkin.core.cards import BY_KIND, block_category, lead
from checkin.core.deck import Deck, DeckState
from checkin.core.facilitator import friend_agenda
from checkin.core.model import BLOCK_KINDS
from checkin.core.prompts import load_library

LIBRARY, _ = load_library()
KNOWN = set(LIBRARY.categories)


def agenda_decks(agenda) -> dict[str, str | None]:
    return {b.id: block_category(b, KNOWN) for b in agenda.blocks}


def shipped() -> dict[str, object]:
    return {a.id: a for a in load_agendas()[0]}


def test_the_friend_agenda_draws_the_right_deck_in_each_part():
    assert agenda_decks(friend_agenda()) == {
        "arrive": None,
        "appreciations": "appreciation",
        "one-issue": "gentle-start",
        "actions": None,
        "reconnect": "reconnect",
        "closing": None,
    }


def test_the_weekly_agenda_draws_the_right_deck_in_each_part():
    assert agenda_decks(shipped()["weekly"]) == {
        "arrive": None,
        "appreciations": "appreciation",
        "went-right": "appreciation",
        "review": "appreciation",
        "good-times": "good-times",
        "one-issue": "gentle-start",
        "actions": None,
        "reconnect": "reconnect",
        "closing": None,
    }


def test_same_kind_different_decks_by_what_the_part_is_about():
    sotu = agenda_decks(shipped()["state-of-the-union"])
    assert sotu["appreciations"] == "appreciation" and sotu["feel-loved"] == "reconnect"  # both "turns"
    aftermath = agenda_decks(shipped()["aftermath"])
    assert {aftermath[b] for b in ("feelings", "realities", "triggers", "responsibility")} == {"repair"}
    assert aftermath["plan"] is None  # new action items: a form, no card
    radar = agenda_decks(shipped()["radar"])
    assert radar["discuss"] == "gentle-start" and radar["reconnect"] == "reconnect"
    assert radar["review-calendar"] == "love-map"


def test_every_deck_chosen_for_a_shipped_agenda_exists_and_has_cards():
    for agenda in shipped().values():
        for block in agenda.blocks:
            deck = block_category(block, KNOWN)
            if deck is not None:
                assert LIBRARY.in_category(deck), (agenda.id, block.id, deck)


@pytest.mark.parametrize("kind", BLOCK_KINDS)
def test_a_couples_own_part_gets_a_deck_by_its_kind(kind):
    extra = {"rounds": 1, "turn_minutes": 2.0} if kind in ("turns", "floor") else {}
    block = Block(id="our-own-part", kind=kind, title="Our own part", prompt="", minutes=5, **extra)
    assert block_category(block, KNOWN) == BY_KIND[kind]
    # a title word beats the kind, but a form never gets a card
    named = Block(id="x", kind=kind, title="Appreciations, our way", prompt="", minutes=5, **extra)
    assert block_category(named) == (None if kind in ("rating", "actions") else "appreciation")


def test_a_deck_the_library_does_not_have_gives_no_card():
    block = Block(id="one-issue", kind="floor", title="One issue", prompt="", minutes=5, turn_minutes=2.0)
    assert block_category(block, {"appreciation"}) is None
    assert block_category(block) == "gentle-start"


def test_every_deck_has_a_short_lead():
    for deck in set(BY_KIND.values()) - {None}:
        assert lead(deck).endswith(":") and len(lead(deck)) <= 12
    assert lead("our-own-deck") == "Card:"


def test_cards_of_a_part_never_repeat_across_check_ins_and_hidden_ones_stay_hidden():
    """Each check-in opens the deck again from what was saved: the round goes on."""
    saved: dict = {}
    block = friend_agenda().blocks[1]  # appreciations
    deck_id = block_category(block, KNOWN)
    assert deck_id == "appreciation"
    size = len(LIBRARY.in_category(deck_id))
    drawn: list[str] = []
    hidden = None
    for check_in in range(size):  # one card a week, a new Deck each week (a new app run)
        deck = Deck(LIBRARY, DeckState.from_dict(saved.get("state")), rng=random.Random(check_in),
                    on_change=lambda s: saved.__setitem__("state", s.to_dict()))
        card = deck.draw(deck_id)
        if card is None:
            break
        drawn.append(card.id)
        if check_in == 0:
            hidden = card.id
            deck.hide(card.id)  # "not for us"
    assert hidden is not None
    assert len(drawn) == len(set(drawn))  # not one card twice in the round
    after = Deck(LIBRARY, DeckState.from_dict(saved["state"]), rng=random.Random(99))
    again = [after.draw(deck_id).id for _ in range(3 * size)]
    assert hidden not in again
