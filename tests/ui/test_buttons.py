"""Buttons call the screen's actions directly (Button(action=...)), the same ones the keys run."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from checkin.screens.activities import ActivitiesScreen
from checkin.screens.help import HelpScreen
from checkin.screens.history import HistoryScreen
from checkin.screens.settings import SettingsScreen
from checkin.screens.trends import TrendsScreen
from checkin.screens.welcome import WelcomeScreen

# Buttons that do more than one action of the screen keep a handler of their own.
OWN_HANDLER = {"begin"}


@pytest.mark.parametrize("screen", [WelcomeScreen, SettingsScreen, HistoryScreen, ActivitiesScreen, HelpScreen])
async def test_every_button_runs_an_action_of_its_screen(make_app, screen):
    app = make_app(couple=None) if screen is WelcomeScreen else make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, screen):
            app.push_screen(screen())
            await pilot.pause()
            await app.workers.wait_for_complete()
        buttons = list(app.screen.query(Button))
        assert buttons
        for button in buttons:
            if button.id in OWN_HANDLER:
                continue
            assert button.action and button.action.startswith("screen."), button
            name = button.action.removeprefix("screen.").split("(")[0]
            assert callable(getattr(app.screen, f"action_{name}", None)), button.action


async def test_clicking_buttons_does_what_their_keys_do(make_app):
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        app.push_screen(HistoryScreen())
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.click("#trends")
        await pilot.pause()
        assert isinstance(app.screen, TrendsScreen)
        app.pop_screen()
        app.push_screen(SettingsScreen())
        await pilot.pause()
        await pilot.click("#back")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        app.push_screen(HelpScreen())
        await pilot.pause()
        await pilot.click("#close")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
