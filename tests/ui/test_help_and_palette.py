"""`?` help on every screen, made from its bindings; Esc closes the Keys panel; the palette."""

from __future__ import annotations

import pytest
from textual.widgets import HelpPanel, Input

from checkin.screens.activities import ActivitiesScreen
from checkin.screens.help import HelpScreen
from checkin.screens.history import HistoryScreen
from checkin.screens.home import HomeScreen
from checkin.screens.settings import SettingsScreen
from checkin.screens.trends import TrendsScreen
from checkin.screens.welcome import WelcomeScreen

SIZES = [(80, 24), (100, 30)]


def help_text(app) -> str:
    assert isinstance(app.screen, HelpScreen)
    return "\n".join(str(w.render()) for w in app.screen.query("#help-intro, #help-text"))


async def open_help(pilot, key: str = "question_mark") -> str:
    await pilot.press(key)
    await pilot.pause()
    return help_text(pilot.app)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("screen", "words"),
    [
        (HomeScreen, ["Start check-in", "Look back", "Settings", "Quit", "Help"]),
        (SettingsScreen, ["Back", "Save: Save what you typed"]),
        (HistoryScreen, ["Filter", "Trends", "Back"]),
        (TrendsScreen, ["Back"]),
        (ActivitiesScreen, ["Ana rates", "Matches", "Surprise us"]),
    ],
)
async def test_every_screen_has_help_from_its_own_keys(make_app, size, screen, words):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if screen is not HomeScreen:
            app.push_screen(screen())
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        below = app.screen
        app.set_focus(None)  # `?` is a letter while typing in a box; F1 works there (below)
        text = await open_help(pilot)
        for word in words:
            assert word in text, (word, text)
        # generated: every described binding of the screen underneath is there
        for binding in type(below).BINDINGS:
            action = binding.action.split("(")[0]
            described = getattr(binding, "description", "") and screen is not ActivitiesScreen  # names
            if described and below.check_action(action, ()) is not False:
                assert binding.description in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is below


@pytest.mark.parametrize("size", SIZES)
async def test_help_on_welcome_while_typing_a_name(make_app, size):
    app = make_app(couple=None)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*"Ana?")
        assert app.screen.query_one("#name-a", Input).value == "Ana?"  # a letter in a name
        text = await open_help(pilot, "f1")
        assert "Nothing is saved before that" in text  # the screen's own sentence
        assert "Leave" in text and "Quit" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.screen.query_one("#name-a", Input).value == "Ana?"


@pytest.mark.parametrize("size", SIZES)
async def test_the_talk_screen_uses_the_same_generated_help(make_app, size):
    from checkin.screens.talk import TalkScreen

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        while not isinstance(app.screen, TalkScreen):  # through the start dialog
            await pilot.click("#begin") if app.screen.query("#begin") else await pilot.press("enter")
            await pilot.pause()
        app.set_focus(None)
        screen = app.screen
        text = await open_help(pilot)
        assert "Whoever holds the floor" in text
        for binding in TalkScreen.BINDINGS:
            # Help lists the keys that can be used now (greyed ones too); a key hidden in this
            # phase, e.g. "I feel understood" before "Is there more?", is left out.
            usable = screen.check_action(binding.action, ()) is not False
            if binding.description and binding.show and usable:
                assert binding.description in text


@pytest.mark.parametrize("size", SIZES)
async def test_escape_closes_the_palettes_keys_panel(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.action_show_help_panel()  # what the palette's "Keys" does
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)
        assert isinstance(app.screen, HomeScreen) and app.is_running
        app.push_screen(HistoryScreen())
        await pilot.pause()
        await pilot.press("escape")  # with no panel, Esc does what the screen says
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_palette_has_no_screenshot_and_offers_the_app(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles
        for title in ("Start check-in", "History", "Trends", "Activities", "Settings", "Help", "Quit"):
            assert title in titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Trends")
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, TrendsScreen)
        assert "Start check-in" not in [c.title for c in app.get_system_commands(app.screen)]


async def palette_titles(pilot) -> list[str]:
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    for _ in range(50):  # the providers answer in a worker
        await pilot.pause(0.05)
        results = palette.query_one(CommandList)
        if results.option_count:
            break
    return [str(results.get_option_at_index(i).prompt).split("\n")[0] for i in range(results.option_count)]


async def run_from_palette(pilot, words: str) -> None:
    from textual.command import CommandPalette

    await pilot.press(*words)
    await pilot.pause(0.3)
    await pilot.press("down", "enter")
    await pilot.pause()
    assert not isinstance(pilot.app.screen, CommandPalette)


@pytest.mark.parametrize(
    ("screen", "titles", "run", "then"),
    [
        (HomeScreen, ["Start check-in", "Look back", "Activities", "Settings", "History", "Trends"],
         "Look back", HistoryScreen),
        (HistoryScreen, ["Filter", "Trends", "Back"], "Trends", TrendsScreen),
        (ActivitiesScreen, ["Ana rates", "Matches", "Surprise us", "Add your own"], "Back", HomeScreen),
        (SettingsScreen, ["Save", "Back"], "Back", HomeScreen),
    ],
)
async def test_the_palette_offers_the_screens_actions_and_runs_them(make_app, screen, titles, run, then):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if screen is not HomeScreen:
            app.push_screen(screen())
            await pilot.pause()
            await app.workers.wait_for_complete()
        listed = await palette_titles(pilot)
        for title in [*titles, "Help", "Theme", "Quit"]:
            assert title in listed, (title, listed)
        assert "Screenshot" not in listed
        # made from the bindings: every described binding the screen allows now is offered
        below = app.screen_stack[-2]
        for binding in type(below).BINDINGS:
            action = binding.action.split("(")[0]
            if binding.description and below.check_action(action, ()) and screen is not ActivitiesScreen:
                assert binding.description in listed, binding
        await run_from_palette(pilot, run)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, then), app.screen


async def test_the_palette_reaches_a_letter_key_while_typing_in_a_box(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(HistoryScreen())
        await pilot.pause()
        await pilot.press("slash", "x")  # into the filter box: `t` would be a letter now
        assert isinstance(app.screen.focused, Input)
        listed = await palette_titles(pilot)
        assert "Trends" in listed
        await run_from_palette(pilot, "Trends")
        await pilot.pause()
        assert isinstance(app.screen, TrendsScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_the_title_bar_shows_the_title_and_its_heart_opens_the_palette(make_app, size):
    from textual.command import CommandPalette

    from checkin.widgets.title_bar import TitleBar

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(TitleBar)
        line = str(bar.render())
        assert line.startswith(" ♥") and len(line) == size[0]
        assert line.index("checkin") == (size[0] - 8 - 10 - len("checkin")) // 2 + 8  # centred as Header did
        await pilot.click(TitleBar, offset=(30, 0))  # the title itself does nothing
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
