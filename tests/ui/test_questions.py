"""The Questions screen: browse a deck, draw cards without repeats, favourites, "not for us"."""

from __future__ import annotations

import json
import random

import pytest
from textual.widgets import OptionList, Static

from checkin.core.prompts import load_library
from checkin.screens.questions import QuestionsScreen
from checkin.store.prompt_state import STATE_FILE
from checkin.widgets.prompt_card import PromptCard

SIZES = [(80, 24), (120, 40)]


def seeded(app, seed: int = 3):
    app.prompt_rng = random.Random(seed)
    return app


async def open_questions(pilot):
    await pilot.press("q")
    await pilot.pause()
    assert isinstance(pilot.app.screen, QuestionsScreen)
    return pilot.app.screen


def card_text(screen) -> str | None:
    prompt = screen.query_one("#card", PromptCard).prompt
    return prompt.text if prompt else None


async def test_home_opens_questions_and_draws_a_whole_deck_without_repeats(make_app, tmp_path):
    app = seeded(make_app())
    library, _ = load_library()
    reconnect = {p.text for p in library.in_category("reconnect")}
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_questions(pilot)
        assert card_text(screen) is None  # nothing is drawn just by looking
        decks = screen.query_one("#decks", OptionList)
        decks.highlighted = list(library.categories).index("reconnect")
        await pilot.pause()
        drawn = []
        for _ in range(len(reconnect)):
            await pilot.press("d")
            drawn.append(card_text(screen))
        assert set(drawn) == reconnect  # every card once before any comes back
        assert "0 of 22 not drawn yet" in str(screen.query_one("#deck-about", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, QuestionsScreen)
    saved = json.loads((tmp_path / "data" / STATE_FILE).read_text())
    assert len(saved["seen"]["reconnect"]) == len(reconnect)


@pytest.mark.slow  # a long journey (seconds of CPU); its steps have quicker tests; CI runs it
async def test_seen_cards_are_remembered_in_the_next_session(make_app, tmp_path):
    app = seeded(make_app())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_questions(pilot)
        await pilot.press("d")
        first = card_text(screen)
    library, _ = load_library()
    size = len(library.in_category("appreciation"))
    again = seeded(make_app(), seed=3)  # the same seed: only the stored state keeps it from repeating
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await open_questions(pilot)
        seen = []
        for _ in range(size - 1):
            await pilot.press("d")
            seen.append(card_text(screen))
        assert first not in seen
        assert len(set(seen)) == size - 1


@pytest.mark.slow  # a long journey (seconds of CPU); its steps have quicker tests; CI runs it
async def test_favourite_goes_first_and_not_for_us_hides_for_good(make_app, tmp_path):
    app = seeded(make_app())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_questions(pilot)
        await pilot.press("d")
        liked = card_text(screen)
        await pilot.press("f")
        await pilot.pause()
        cards = screen.query_one("#cards", OptionList)
        assert str(cards.get_option_at_index(0).prompt) == f"♥ {liked}"
        assert "♥ favourite" in str(screen.query_one("#card", PromptCard).content)
        await pilot.press("d")
        unwanted = card_text(screen)
        count = cards.option_count
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")  # the question: Esc keeps the card
        await pilot.pause()
        assert card_text(screen) == unwanted and cards.option_count == count
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert card_text(screen) is None
        assert cards.option_count == count - 1
        assert unwanted not in [str(cards.get_option_at_index(i).prompt).strip("♥ ") for i in range(count - 1)]
    state = json.loads((tmp_path / "data" / STATE_FILE).read_text())
    assert len(state["hidden"]) == 1 and len(state["favourites"]) == 1
    again = seeded(make_app(), seed=11)
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await open_questions(pilot)
        for _ in range(40):  # past a whole round of the first deck (36): the hidden card never comes back
            await pilot.press("d")
            assert card_text(screen) != unwanted


async def test_favourite_and_hide_wait_for_a_card(make_app):
    app = seeded(make_app())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_questions(pilot)
        await pilot.press("f", "x")
        await pilot.pause()
        assert app.screen is screen  # no question asked about no card
        assert screen.deck.state.favourites == [] and screen.deck.state.hidden == []


async def test_a_broken_prompt_file_is_named_in_a_notice(make_app, tmp_path):
    folder = tmp_path / "data" / "prompts"
    app = seeded(make_app())
    folder.mkdir(parents=True)
    (folder / "ours.toml").write_text('category = "love-map"\n[[group]]\ndepth = "deep"\nprompts = ["x"]\n')
    (folder / "good.toml").write_text('category = "ours"\ntitle = "Our own"\n[[group]]\nprompts = ["Our question?"]\n')
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_questions(pilot)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("prompts/ours.toml") and "depth" in m for m in messages)
        assert "ours" in screen.deck.library.categories


async def test_a_damaged_state_file_is_named_and_the_cards_still_work(make_app, tmp_path):
    app = seeded(make_app())
    (tmp_path / "data" / STATE_FILE).write_bytes(b"\x00garbage")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_questions(pilot)
        assert any("damaged" in n.message for n in app._notifications)
        await pilot.press("d")
        assert card_text(screen) is not None
    assert (tmp_path / "data" / "damaged").is_dir()


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_questions(snap_compare, make_app, size):
    app = seeded(make_app())

    async def setup(pilot):
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("down", "d", "f")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=setup)
