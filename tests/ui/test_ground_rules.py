"""The ground-rules screen: the facilitator reads them aloud, each partner agrees with their own key."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Static

from checkin.core.facilitator import Facilitator, load_guide
from checkin.screens.ground_rules import GroundRulesScreen

SIZES = [(80, 24), (120, 40)]
MIRA = Facilitator("Mira", "sage")


async def open_rules(app, pilot, results):
    app.push_screen(GroundRulesScreen(MIRA), results.append)
    await pilot.pause()
    return app.screen


async def test_both_partners_agree_each_with_their_own_key(make_app):
    app = make_app()
    results: list = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_rules(app, pilot, results)
        text = str(screen.query_one("#rules-list", Static).content)
        for rule in load_guide().ground_rules:
            assert rule in text
        assert "Mira" in str(screen.query_one("#rules-intro", Static).content)
        await pilot.press("1")
        await pilot.pause()
        agreed = screen.query_one("#agree-a", Button)
        assert agreed.disabled and str(agreed.label) == "✓ Ana agreed"
        assert not screen.query_one("#agree-b", Button).disabled
        await pilot.press("1")  # the same partner again does not count for the other
        await pilot.pause()
        assert results == [] and app.screen is screen
        await pilot.press("2")
        await pilot.pause()
        assert results == [True]
        assert not isinstance(app.screen, GroundRulesScreen)


async def test_buttons_agree_too_and_the_footer_names_the_partners(make_app):
    app = make_app()
    results: list = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_rules(app, pilot, results)
        descriptions = {b.binding.description for b in screen.active_bindings.values()}
        assert {"Ana agrees", "Bo agrees"} <= descriptions
        await pilot.click("#agree-b")
        await pilot.click("#agree-a")
        await pilot.pause()
        assert results == [True]


async def test_back_starts_nothing(make_app):
    app = make_app()
    results: list = []
    async with app.run_test(size=(100, 30)) as pilot:
        await open_rules(app, pilot, results)
        await pilot.press("1", "escape")
        await pilot.pause()
        assert results == [None]


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_ground_rules(snap_compare, make_app, size):
    app = make_app()

    async def setup(pilot):
        app.push_screen(GroundRulesScreen(MIRA))
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=setup)


async def test_adding_a_facilitator_checks_the_name_and_keeps_a_neutral_colour(make_app):
    from textual.widgets import Input

    from checkin.screens.facilitator_setup import FacilitatorSetupScreen

    app = make_app()
    results: list = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(FacilitatorSetupScreen(), results.append)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "type the facilitator's name" in str(app.screen.query_one("#friend-problem", Static).content)
        app.screen.query_one("#friend-name", Input).value = "ana"
        await pilot.press("enter")
        await pilot.pause()
        assert "not one of yours" in str(app.screen.query_one("#friend-problem", Static).content)
        app.screen.query_one("#friend-name", Input).value = "Mira"
        await pilot.press("enter")
        await pilot.pause()
        assert results == [Facilitator("Mira", "slate")]
        app.push_screen(FacilitatorSetupScreen(), results.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert results[-1] is None


async def test_a_facilitated_check_in_from_start_through_ground_rules_to_the_talk(make_app):
    from textual.widgets import Input

    from checkin.screens.talk import TalkScreen
    from checkin.widgets.facilitator_panel import FacilitatorPanel

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#friend-name", Input).value = "Mira"
        await pilot.press("enter")
        await pilot.pause()
        assert "Mira" in str(app.screen.query_one("#start-friend", Static).content)
        await pilot.press("enter")  # the friend's agenda is offered first
        await pilot.pause()
        assert isinstance(app.screen, GroundRulesScreen)
        await pilot.press("1", "2")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TalkScreen)
        record = app.repo.current()
        assert record["facilitator"]["name"] == "Mira" and record["facilitator"]["role"] == "facilitator"
        assert record["agenda"]["id"] == "with-a-friend"
        panel = app.screen.query_one(FacilitatorPanel)
        for _ in range(50):  # bounded: the talk draws the panel when it mounts
            if "Mira" in str(panel.query_one("#fac-who", Static).content):
                break
            await pilot.pause()
        assert "Mira" in str(panel.query_one("#fac-who", Static).content)
        assert "Rule:" in str(panel.query_one("#fac-rule", Static).content)
