"""A card in each part of the talk (ctrl+b or the button draws another, never one seen before its
deck is used up, across check-ins), and the feelings word picker while speaking in "One issue"
(ctrl+l or the button), whose word goes into the note at the cursor."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Static, TextArea

from checkin.core.agenda import load_agendas
from checkin.core.runner import new_checkin
from checkin.core.session import CheckinSession
from checkin.screens.talk import TalkScreen
from checkin.screens.word_picker import WordPickerScreen
from checkin.widgets.block_card import BlockCard

SIZES = [(80, 24), (120, 40)]


def weekly_at(make_app, ui_clock, block_id: str):
    app = make_app()
    record = new_checkin({a.id: a for a in load_agendas()[0]}["weekly"], "a", ui_clock)
    session = CheckinSession(record, app.repo, ui_clock)
    while session.state.block.id != block_id:
        session.next_block()
    return app


async def wait_for(pilot, condition, what: str, tries: int = 50) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def resume(app, pilot) -> TalkScreen:
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, TalkScreen), "the talk")
    await pilot.pause()
    app.screen.set_focus(None)
    return app.screen


def card_text(screen) -> str:
    return str(screen.query_one("#card-text", Static).content)


def footer_keys(screen) -> set[str]:
    return {b.binding.key for b in screen.active_bindings.values() if b.enabled and b.binding.show}


@pytest.mark.parametrize("size", SIZES)
async def test_an_appreciation_card_and_another_on_ctrl_b_or_the_button(make_app, ui_clock, size):
    app = weekly_at(make_app, ui_clock, "appreciations")
    async with app.run_test(size=size) as pilot:
        screen = await resume(app, pilot)
        card = screen.query_one(BlockCard)
        assert card.display and card.category == "appreciation"
        first = card.prompt
        assert first is not None and first.category == "appreciation" and first.text in card_text(screen)
        assert "ctrl+b" in footer_keys(screen)
        await pilot.press("ctrl+b")
        await pilot.pause()
        second = card.prompt
        assert second is not None and second.id != first.id and second.text in card_text(screen)
        await pilot.click("#card-another")
        await pilot.pause()
        assert card.prompt.id not in (first.id, second.id)
        assert screen.note_box.text == ""  # ctrl+b never types
        saved = json.loads((app.repo.folder / "prompt-state.json").read_text())
        assert saved["seen"]["appreciation"][-3:] == [first.id, second.id, card.prompt.id]  # saved at once
        # whose turn it is and the time never leave the screen
        for selector in ("#floor-banner", "#countdown"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= size[1] - 2, selector


async def test_each_part_draws_from_its_own_deck_and_a_rating_has_no_card(make_app, ui_clock):
    app = weekly_at(make_app, ui_clock, "arrive")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await resume(app, pilot)
        card = screen.query_one(BlockCard)
        assert not card.display and "ctrl+b" not in footer_keys(screen)
        seen = []
        for block_id, deck in (("appreciations", "appreciation"), ("went-right", "appreciation"),
                               ("review", "appreciation"), ("good-times", "good-times"),
                               ("one-issue", "gentle-start"), ("actions", None), ("reconnect", "reconnect")):
            screen.go_next()
            await pilot.pause()
            assert screen.session.state.block.id == block_id
            assert card.category == deck, block_id
            assert card.display == (deck is not None)
            if deck is not None:
                assert card.prompt is not None and card.prompt.category == deck
                seen.append(card.prompt.id)
        assert len(seen) == len(set(seen))  # three appreciation cards, none twice


async def test_cards_seen_in_one_check_in_do_not_come_back_in_the_next(make_app, ui_clock, tmp_path):
    """The deck is the couple's, saved in the data folder: a new app on the same folder goes on."""
    app = weekly_at(make_app, ui_clock, "reconnect")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await resume(app, pilot)
        card = screen.query_one(BlockCard)
        first_run = [card.prompt.id]
        for _ in range(4):
            await pilot.press("ctrl+b")
            await pilot.pause()
            first_run.append(card.prompt.id)
        hidden = first_run[0]
        app.prompt_deck().hide(hidden)  # "not for us", from the Questions screen
    again = make_app()  # the same folder, a new run (the check-in is still in progress)
    async with again.run_test(size=(120, 40)) as pilot:
        screen = await resume(again, pilot)
        card = screen.query_one(BlockCard)
        second_run = [card.prompt.id]
        for _ in range(10):
            await pilot.press("ctrl+b")
            await pilot.pause()
            second_run.append(card.prompt.id)
        assert not set(first_run) & set(second_run)
        assert hidden not in second_run


@pytest.mark.parametrize("size, lines", [((80, 24), 3), ((60, 20), 1)])
async def test_on_a_small_terminal_the_card_is_short_and_the_timer_stays(make_app, ui_clock, size, lines):
    app = weekly_at(make_app, ui_clock, "one-issue")
    async with app.run_test(size=size) as pilot:
        screen = await resume(app, pilot)
        card = screen.query_one(BlockCard)
        assert card.has_class("-compact") and card.has_class("-one-line") == (lines == 1)
        assert card_text(screen).startswith("[dim]Start with:[/]")
        assert 1 <= card.query_one("#card-text").region.height <= lines
        for selector in ("#floor-banner", "#countdown", "#timer-caption"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.y >= 1 and region.bottom <= size[1] - 2, selector


@pytest.mark.parametrize("size", SIZES)
async def test_a_feelings_word_goes_into_the_note_at_the_cursor(make_app, ui_clock, size):
    app = weekly_at(make_app, ui_clock, "one-issue")
    async with app.run_test(size=size) as pilot:
        screen = await resume(app, pilot)
        assert "ctrl+l" in footer_keys(screen)
        await pilot.press(*"I feel when you are late")
        area = screen.query_one("#note-text", TextArea)
        area.move_cursor((0, len("I feel")))
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, WordPickerScreen), "the word picker")
        await pilot.press("down", "enter")  # the second feelings word: "relieved"
        await wait_for(pilot, lambda: app.screen is screen, "back in the talk")
        assert screen.note_box.text == "I feel relieved when you are late"
        assert app.screen.focused is area
        await pilot.press(*" and")  # the typing goes on after the word
        assert screen.note_box.text == "I feel relieved and when you are late"
        screen.query_one("#card-word").scroll_visible(animate=False)  # the part scrolls under the timer
        await pilot.pause()
        await pilot.click("#card-word")  # the button opens it too; escape adds nothing
        await wait_for(pilot, lambda: isinstance(app.screen, WordPickerScreen), "the word picker")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "back in the talk")
        assert screen.note_box.text == "I feel relieved and when you are late"


async def test_the_word_picker_is_offered_only_in_a_speaker_listener_part(make_app, ui_clock):
    app = weekly_at(make_app, ui_clock, "appreciations")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await resume(app, pilot)
        assert "ctrl+l" not in footer_keys(screen)
        assert not screen.query_one("#card-word").display
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.screen is screen
