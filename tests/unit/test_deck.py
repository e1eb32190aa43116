"""The deck: no card twice before its category is used up, favourites, "not for us" for good."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from checkin.core.deck import Deck, DeckState
from checkin.core.prompts import Category, Prompt, PromptLibrary, load_library, prompt_id


def small_library(sizes: dict[str, int]) -> PromptLibrary:
    library = PromptLibrary()
    for cat, n in sizes.items():
        library.categories[cat] = Category(cat, cat.title())
        for i in range(n):
            p = Prompt(prompt_id(cat, f"card {i}"), cat, f"card {i}")
            library.prompts[p.id] = p
    return library


def test_a_whole_category_is_drawn_before_any_card_comes_back():
    library, _ = load_library()
    deck = Deck(library, rng=random.Random(7))
    size = len(library.in_category("reconnect"))
    first_round = [deck.draw("reconnect").id for _ in range(size)]
    assert len(set(first_round)) == size
    assert deck.remaining("reconnect") == 0
    nxt = deck.draw("reconnect")
    assert nxt.id != first_round[-1]  # a new round never starts with the card just seen
    assert deck.state.rounds["reconnect"] == 1
    assert deck.remaining("reconnect") == size - 1


def test_categories_keep_their_own_rounds():
    deck = Deck(small_library({"a": 3, "b": 3}), rng=random.Random(1))
    a = [deck.draw("a").id for _ in range(2)]
    b = [deck.draw("b").id for _ in range(3)]
    assert deck.remaining("a") == 1 and deck.remaining("b") == 0
    assert deck.draw("a").id not in a
    assert len(set(b)) == 3


def test_hidden_cards_never_come_back_and_leave_the_favourites():
    deck = Deck(small_library({"a": 3}), rng=random.Random(2))
    ids = [p.id for p in deck.visible("a")]
    deck.toggle_favourite(ids[0])
    deck.hide(ids[0])
    assert not deck.is_favourite(ids[0]) and deck.favourites() == []
    drawn = {deck.draw("a").id for _ in range(30)}
    assert drawn == set(ids[1:])
    assert ids[0] not in [p.id for p in deck.visible("a")]


def test_every_card_hidden_draws_nothing():
    deck = Deck(small_library({"a": 2}))
    for p in deck.visible("a"):
        deck.hide(p.id)
    assert deck.draw("a") is None
    assert deck.draw("no-such-category") is None


def test_favourites_list_first_and_toggle():
    deck = Deck(small_library({"a": 4}))
    last = deck.visible("a")[-1]
    assert deck.toggle_favourite(last.id) is True
    assert deck.visible("a")[0] == last
    assert [p.id for p in deck.favourites()] == [last.id]
    assert deck.toggle_favourite(last.id) is False
    assert deck.favourites() == []


def test_every_change_is_handed_on_to_be_saved():
    saved: list[dict] = []
    deck = Deck(small_library({"a": 2}), on_change=lambda s: saved.append(s.to_dict()))
    card = deck.draw("a")
    deck.toggle_favourite(card.id)
    deck.hide(card.id)
    assert len(saved) == 3
    assert saved[0]["seen"] == {"a": [card.id]}
    assert saved[1]["favourites"] == [card.id]
    assert saved[2]["hidden"] == [card.id] and saved[2]["favourites"] == []


def test_state_from_damaged_data_keeps_what_is_well_formed():
    state = DeckState.from_dict(
        {"seen": {"a": ["x", 3, "x", "y"], 5: ["z"], "b": "nope"}, "favourites": "nope", "hidden": ["h", None],
         "rounds": {"a": 2, "b": -1, "c": True}}
    )  # fmt: skip
    assert state.seen == {"a": ["x", "y"]}
    assert state.favourites == [] and state.hidden == ["h"]
    assert state.rounds == {"a": 2}
    assert DeckState.from_dict("garbage") == DeckState()


def test_new_cards_join_the_round_and_removed_ones_are_ignored():
    state = DeckState(seen={"a": [prompt_id("a", "card 0"), prompt_id("a", "gone")]})
    deck = Deck(small_library({"a": 3}), state, rng=random.Random(3))
    assert deck.remaining("a") == 2
    drawn = {deck.draw("a").id for _ in range(2)}
    assert drawn == {prompt_id("a", "card 1"), prompt_id("a", "card 2")}


# An action: draw from a category, hide the n-th visible card, or save and load (a new check-in).
actions = st.lists(
    st.one_of(
        st.tuples(st.just("draw"), st.sampled_from(["a", "b", "c"])),
        st.tuples(st.just("hide"), st.sampled_from(["a", "b", "c"]), st.integers(0, 9)),
        st.tuples(st.just("reopen")),
    ),
    max_size=120,
)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), sizes=st.tuples(*[st.integers(1, 8)] * 3), plan=actions)
def test_no_card_repeats_before_its_category_is_used_up(seed, sizes, plan):
    library = small_library(dict(zip("abc", sizes, strict=True)))
    deck = Deck(library, rng=random.Random(seed))
    since: dict[str, set[str]] = {c: set() for c in "abc"}  # drawn since the category was last used up
    hidden: set[str] = set()
    for action in plan:
        if action[0] == "reopen":  # the state goes to disk and comes back in another check-in
            deck = Deck(library, DeckState.from_dict(deck.state.to_dict()), rng=random.Random(seed + 1))
            continue
        cat = action[1]
        visible = {p.id for p in deck.visible(cat)}
        if action[0] == "hide":
            if visible:
                target = sorted(visible)[action[2] % len(visible)]
                deck.hide(target)
                hidden.add(target)
            continue
        card = deck.draw(cat)
        if not visible:
            assert card is None
            continue
        assert card is not None and card.category == cat
        assert card.id not in hidden
        if card.id in since[cat]:
            # a repeat: only allowed once every card still shown had been drawn
            assert visible <= since[cat], "a card came back before its category was used up"
            since[cat] = {card.id}
        else:
            since[cat].add(card.id)
