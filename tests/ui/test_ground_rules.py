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
