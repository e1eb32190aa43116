"""Cards at the right moment: the facilitator's panel, a drawn card (repair phrases), the word picker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import OptionList, Static

from checkin.core.clock import FakeClock
from checkin.core.facilitator import Facilitator, friend_agenda
from checkin.core.runner import CheckinRunner, new_checkin
from checkin.screens.base import CheckinScreen
from checkin.screens.word_picker import WordPickerScreen
from checkin.widgets.facilitator_panel import FacilitatorPanel, panel_lines
from checkin.widgets.prompt_card import DrawnCard

MIRA = Facilitator("Mira", "sage")
NAMES = {"a": "Ana", "b": "Bo"}


def runner_in(block_id: str) -> CheckinRunner:
    clock = FakeClock()
    runner = CheckinRunner(new_checkin(friend_agenda(), "a", clock), clock)
    while runner.state.block.id != block_id:
        runner.next_block()
    return runner


def test_the_panel_says_whose_turn_the_rule_and_prompts_by_name():
    runner = runner_in("one-issue")
    lines = panel_lines(runner.state, MIRA, NAMES)
    assert "Ana" in lines["turn"] and "has the floor" in lines["turn"] and "left in this turn" in lines["turn"]
    assert "Ana has the floor. Bo listens" in lines["rule"]
    assert "Mira" in lines["who"] and "facilitator" in lines["who"]
    assert lines["heat"] == ""
    runner.pass_floor()  # Bo paraphrases
    lines = panel_lines(runner.state, MIRA, NAMES)
    assert "Bo, what did you hear Ana say?" in lines["prompts"]
    runner.pause()
    lines = panel_lines(runner.state, MIRA, NAMES)
    assert "Paused" in lines["turn"] and lines["prompts"] == ""


def test_the_panel_suggests_stopping_and_a_professional_after_two_breaks():
    runner = runner_in("one-issue")
    for _ in range(2):
        runner.walk_away(20, caller="facilitator")
        runner.clock.advance(20 * 60 + 1)
        runner.ready("a")
        runner.ready("b")
    lines = panel_lines(runner.state, MIRA, NAMES)
    assert "2 breaks" in lines["heat"] and "stop here for today" in lines["heat"]
    assert "counsellor or therapist" in lines["heat"]


class Harness(CheckinScreen[None]):
    def __init__(self, runner: CheckinRunner) -> None:
        super().__init__()
        self.runner = runner

    def compose(self) -> ComposeResult:
        yield FacilitatorPanel(MIRA, NAMES, id="panel")
        yield DrawnCard("repair", id="repair")


async def test_panel_and_drawn_card_on_screen(make_app):
    app = make_app()
    runner = runner_in("one-issue")
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(Harness(runner))
        await pilot.pause()
        panel = app.screen.query_one(FacilitatorPanel)
        panel.show(runner.state)
        await pilot.pause()
        assert "has the floor" in str(panel.query_one("#fac-turn", Static).content)
        assert not panel.query_one("#fac-heat", Static).display
        card = app.screen.query_one(DrawnCard)
        seen = {card.prompt.text}
        for _ in range(9):
            card.draw()
            seen.add(card.prompt.text)
        assert len(seen) == 10  # a new repair phrase each time
        assert all(p.category == "repair" for p in [card.prompt])


async def test_the_word_picker_returns_a_feelings_word_and_switches_to_needs(make_app):
    app = make_app()
    results: list = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(WordPickerScreen(), results.append)
        await pilot.pause()
        words = app.screen.query_one("#words", OptionList)
        first = words.get_option_at_index(0).id
        assert first == "happy"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert results == ["relieved"]
        app.push_screen(WordPickerScreen(), results.append)
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.query_one("#words", OptionList).get_option_at_index(0).id == "closeness"
        await pilot.press("escape")
        await pilot.pause()
        assert results == ["relieved", None]


def _paused_or_on_break(make_app, ui_clock, *, walk: bool):
    from checkin.core.agenda import load_agendas

    app = make_app()
    record = new_checkin({a.id: a for a in load_agendas()[0]}["weekly"], "a", ui_clock)
    runner = CheckinRunner(record, ui_clock, on_change=app.repo.save_current)
    ui_clock.advance(100)
    runner.next_block()
    if walk:
        runner.walk_away(20)
    else:
        runner.pause()
    ui_clock.advance(60)
    return app


async def test_pause_and_break_offer_repair_phrases_and_another_on_a(make_app, ui_clock):
    for walk, selector in ((False, "#pause-repair"), (True, "#break-repair")):
        app = _paused_or_on_break(make_app, ui_clock, walk=walk)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("r")
            await pilot.pause()
            await pilot.pause()
            card = app.screen.query_one(selector, DrawnCard)
            first = card.prompt
            assert first is not None and first.category == "repair"
            await pilot.press("a")
            await pilot.pause()
            assert card.prompt is not None and card.prompt.id != first.id
            assert card.prompt.text in str(card.content)
