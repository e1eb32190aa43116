"""Welcome, home and settings, driven like a person would, plus SVG snapshots."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Switch

from checkin.screens.confirm import ConfirmScreen
from checkin.screens.home import HomeScreen
from checkin.screens.settings import SettingsScreen, UnsavedScreen
from checkin.screens.welcome import WelcomeScreen

SIZES = [(80, 24), (120, 40)]
THEMES = ["checkin-warm", "checkin-light"]


async def test_first_run_saves_both_names_and_time(make_app):
    app = make_app(couple=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press(*"  Ana  ", "enter")
        await pilot.press(*"Bo", "enter")
        app.screen.query_one("#weekday", Select).value = 2
        time_input = app.screen.query_one("#time", Input)
        time_input.value = "7:30"
        await pilot.click("#begin")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    couple = app.repo.couple()
    assert (couple.name_a, couple.name_b) == ("Ana", "Bo")
    settings = app.repo.settings()
    assert (settings.weekday, settings.time) == (2, "07:30")


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ("", "Bo", "Please enter a name."),
        ("Ana", "  ", "Please enter a name."),
        ("Ana", "ana", "Two different names"),
    ],
)
async def test_welcome_explains_bad_names_and_saves_nothing(make_app, a, b, message):
    app = make_app(couple=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#name-a", Input).value = a
        app.screen.query_one("#name-b", Input).value = b
        await pilot.click("#begin")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert message in str(app.screen.query_one("#problem").render())
    assert app.repo.couple() is None


async def test_welcome_rejects_a_bad_time(make_app):
    app = make_app(couple=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#name-a", Input).value = "Ana"
        app.screen.query_one("#name-b", Input).value = "Bo"
        app.screen.query_one("#time", Input).value = "25:99"
        await pilot.click("#begin")
        await pilot.pause()
        assert "like 19:00" in str(app.screen.query_one("#problem").render())
    assert app.repo.couple() is None


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_welcome_by_tab_alone_reaches_begin_and_enter_begins(make_app, size):
    """From the second name, Tab goes day, time, theme, Begin; Enter on Begin saves and goes home
    (a person who never presses Enter in the fields)."""
    app = make_app(couple=None)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*"Lena", "tab", *"Tomas")
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(app.focused.id if app.focused else None)
        assert seen == ["weekday", "time", "theme", "begin"]
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    couple = app.repo.couple()
    assert (couple.name_a, couple.name_b) == ("Lena", "Tomas")


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_escape_on_welcome_asks_before_throwing_names_away(make_app, tmp_path, size):
    app = make_app(couple=None)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*"Ana", "enter", *"Bo")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # asked, not gone
        assert "names you typed" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("enter")  # the safe button is focused: stay
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.screen.query_one("#name-a", Input).value == "Ana"
        assert app.screen.query_one("#name-b", Input).value == "Bo"
        assert app.screen.focused is app.screen.query_one("#name-b", Input)  # typing goes on there
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # Esc on the question also stays
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.is_running
        await pilot.press("ctrl+q")  # so does the quit key
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await pilot.pause()
    assert app.return_code == 0
    assert app.repo.couple() is None
    assert not (tmp_path / "data" / "checkin.json").exists()


async def test_escape_on_an_empty_welcome_leaves_at_once(make_app):
    app = make_app(couple=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0 and app.repo.couple() is None


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_long_name_is_not_cut_without_a_word(make_app, size):
    app = make_app(couple=None)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*("x" * 45))
        await pilot.pause()
        assert app.screen.query_one("#name-a", Input).value == "x" * 45  # nothing dropped
        assert "Please keep names to 40 characters (this one has 45)" in str(
            app.screen.query_one("#problem").render()
        )
        app.screen.query_one("#name-a", Input).value = "y" * 200  # a paste
        app.screen.query_one("#name-b", Input).value = "Bo"
        await pilot.pause()
        assert "this one has 200" in str(app.screen.query_one("#problem").render())
        await pilot.click("#begin")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "Please keep names to 40 characters" in str(app.screen.query_one("#problem").render())
    assert app.repo.couple() is None


async def test_names_are_cleaned_of_escape_sequences(make_app):
    app = make_app(couple=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#name-a", Input).value = "An\x1b[31ma\x07"
        app.screen.query_one("#name-b", Input).value = "Bo 🌻"
        await pilot.click("#begin")
        await pilot.pause()
    assert app.repo.couple().name_a == "Ana"
    assert app.repo.couple().name_b == "Bo 🌻"


async def test_home_shows_names_due_and_streak(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert "Ana" in str(screen.query_one("#couple").render())
        # Thursday noon -> Sunday 19:00
        assert str(screen.query_one("#next-due").render()) == "Sunday at 19:00, in 3 days"
        assert str(screen.query_one("#last").render()) == "not yet"
        assert not screen.query_one("#resume-banner").display


async def test_home_offers_resume_when_a_checkin_is_in_progress(make_app):
    app = make_app()
    app.repo.save_current({"id": "abc", "status": "in_progress", "events": []})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#resume-banner").display


@pytest.mark.parametrize("on_break", [True, False])
@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_home_after_end_for_today_says_it_ended_for_today(make_app, ui_clock, size, on_break):
    from checkin.core.agenda import load_agendas
    from checkin.core.runner import new_checkin
    from checkin.core.session import CheckinSession

    app = make_app()
    agenda = next(a for a in load_agendas()[0] if a.id == "weekly")
    session = CheckinSession(new_checkin(agenda, "a", ui_clock), app.repo, ui_clock)
    if on_break:
        session.walk_away(20)
    session.end_for_today()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        banner = str(app.screen.query_one("#resume-banner").render())
        assert "ended Weekly check-in for today" in banner and "Resume it when you are both ready" in banner
        assert "taking a break" not in banner
        assert app.screen.query_one("#resume").display


async def test_settings_save_choices_at_once_and_typed_values_on_leaving_the_box(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#name-a", Input).focus()
        screen.query_one("#name-a", Input).value = "Ana María"
        screen.query_one("#time", Input).value = "20:15"
        await pilot.pause()
        assert app.repo.couple().name_a == "Ana"  # not while typing
        await pilot.press("tab")  # leaving the box saves it
        await pilot.pause()
        assert app.repo.couple().name_a == "Ana María"
        screen.query_one("#time", Input).focus()
        await pilot.press("enter")  # so does Enter
        screen.query_one("#weekday", Select).value = 4
        screen.query_one("#theme", Select).value = "checkin-contrast"
        screen.query_one("#record-caller", Switch).value = True
        await pilot.pause()
        assert app.theme == "checkin-contrast"
        settings = app.repo.settings()
        assert (settings.time, settings.weekday, settings.theme) == ("20:15", 4, "checkin-contrast")
        assert settings.record_break_caller is True
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def open_first_name(app, pilot):
    await pilot.press("comma")
    await pilot.pause()
    field = app.screen.query_one("#name-a", Input)
    field.focus()
    await pilot.pause()
    await pilot.press("end", "backspace", "backspace", "backspace")  # "Ana" deleted to retype it
    await pilot.pause()
    return field


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_settings_never_save_a_half_typed_name(make_app, size):
    app = make_app(couple=("Ana", "Tomas"))
    async with app.run_test(size=size) as pilot:
        await open_first_name(app, pilot)
        await pilot.press("T")
        await pilot.pause()
        assert app.repo.couple().name_a == "Ana"  # "T" is half-typed, not saved
        await pilot.press(*"ina")
        await pilot.press("escape")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, UnsavedScreen)
        assert "the first name from “Ana” to “Tina”" in str(question.query_one("#unsaved-text").render())
        await pilot.press("enter")  # "Keep editing" is focused: nothing changes
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#name-a", Input).value == "Tina"
        assert app.repo.couple().name_a == "Ana"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Tina" in str(app.screen.query_one("#couple").render())
    assert app.repo.couple().name_a == "Tina"


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_settings_escape_after_deleting_a_name_keeps_the_old_one(make_app, size):
    app = make_app(couple=("Ana", "Tomas"))
    async with app.run_test(size=size) as pilot:
        await open_first_name(app, pilot)
        await pilot.press("A")  # valid, but only the start of a name
        await pilot.press("backspace")
        await pilot.press("escape")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, UnsavedScreen)
        assert "cannot be saved" in str(question.query_one("#unsaved-text").render())
        assert not question.query("#save")  # an empty name is never offered for saving
        await pilot.click("#discard")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        couple = str(app.screen.query_one("#couple").render())
        assert "Ana" in couple and "Tomas" in couple
    assert (app.repo.couple().name_a, app.repo.couple().name_b) == ("Ana", "Tomas")


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_settings_say_a_long_name_is_too_long(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        field = await open_first_name(app, pilot)
        field.value = "z" * 200
        await pilot.pause()
        assert field.value == "z" * 200  # not cut
        assert "Please keep names to 40 characters (this one has 200)" in str(
            app.screen.query_one("#problem").render()
        )
        await pilot.press("tab")
        await pilot.pause()
        assert app.repo.couple().name_a == "Ana"


async def test_settings_refuse_same_names_with_a_message(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        app.screen.query_one("#name-b", Input).focus()
        app.screen.query_one("#name-b", Input).value = "ANA"
        await pilot.press("enter")
        await pilot.pause()
        assert "Two different names" in str(app.screen.query_one("#problem").render())
    assert app.repo.couple().name_b == "Bo"


async def test_theme_chosen_in_palette_is_remembered(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "checkin-colour-safe"
        await pilot.pause()
    assert app.repo.settings().theme == "checkin-colour-safe"


async def test_broken_user_theme_is_reported_and_default_kept(make_app, tmp_path):
    themes = tmp_path / "data" / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "not-a-colour"\n')
    app = make_app(theme="mine")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("mine.toml" in m and "not a colour" in m for m in messages)
        assert app.theme == "checkin-warm"


async def test_user_theme_from_data_folder_is_offered(make_app, tmp_path):
    themes = tmp_path / "data" / "themes"
    themes.mkdir(parents=True)
    (themes / "sea.toml").write_text(
        'name = "sea"\nlabel = "Sea"\nprimary = "#2E86AB"\n[variables]\npartner-a = "#F6AE2D"\n'
    )
    app = make_app(theme="sea")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "sea"
        assert app.theme_labels["sea"] == "Sea"


# -- snapshots ------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_snapshot_welcome(snap_compare, make_app, size, theme):
    app = make_app(couple=None)

    async def setup(pilot):
        app.theme = theme
        await pilot.press(*"Ana", "enter", *"Bo")
        for box in app.screen.query(Input):
            box.cursor_blink = False  # the cursor shown steadily: a blink made the picture depend on timing
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=setup)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_snapshot_home(snap_compare, make_app, size, theme):
    assert snap_compare(make_app(theme=theme), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_snapshot_settings(snap_compare, make_app, size, theme):
    assert snap_compare(make_app(theme=theme), terminal_size=size, press=["comma"])


async def test_theme_picked_on_welcome_is_shown_at_once_and_kept(make_app):
    app = make_app(couple=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#theme", Select).value = "checkin-light"
        await pilot.pause()
        assert app.theme == "checkin-light"
        app.screen.query_one("#name-a", Input).value = "Ana"
        app.screen.query_one("#name-b", Input).value = "Bo"
        await pilot.click("#begin")
        await pilot.pause()
    assert app.repo.settings().theme == "checkin-light"


@pytest.mark.parametrize("theme", ["checkin-contrast", "checkin-light"])
async def test_the_saved_theme_is_in_place_before_the_stylesheets_are_first_parsed(make_app, theme, monkeypatch):
    """Start-up parses the stylesheets once: setting the theme once running (on_mount) made
    Textual parse them all again and restyle every widget before the first frame."""
    from textual.css.stylesheet import Stylesheet

    reparses = []
    original = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: (reparses.append(1), original(self))[1])
    app = make_app(theme=theme)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert reparses == []
        assert app.theme == theme
        assert app.screen.styles.background == app.current_theme.to_color_system().background
        assert app.has_class(f"-theme-{theme}")
        assert app.has_class("-light-mode") == (not app.current_theme.dark)


@pytest.mark.parametrize(("size", "theme_shown"), [((60, 20), False), ((80, 24), True), ((120, 40), True)])
async def test_welcome_at_60_columns_keeps_day_and_time_whole_and_leaves_the_theme_to_settings(
    make_app, size, theme_shown
):
    """At 60x20 the day, the time and the theme did not fit side by side: the theme was cut to
    'Wa rm' over two lines and the question to '(and a lo'."""
    app = make_app(couple=None)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        theme = screen.query_one("#theme")
        assert theme.display is theme_shown
        label = str(screen.query_one("#when-label").render())
        assert ("a look you like" in label) is theme_shown
        for ident in ("#weekday", "#time"):
            widget = screen.query_one(ident)
            assert widget.region.right <= screen.query_one("#welcome-card").content_region.right
        await pilot.resize_terminal(*((100, 30) if not theme_shown else (60, 20)))
        await pilot.pause()
        assert theme.display is not theme_shown  # follows the terminal's size


async def test_home_starts_with_nothing_focused_and_its_card_scrolls_by_keys_in_a_small_terminal(make_app):
    app = make_app()
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.focused is None
        card = app.screen.query_one("#home")
        assert card.max_scroll_y > 0  # the card does not fit
        await pilot.press("pagedown")
        await pilot.pause()
        assert card.scroll_y == card.max_scroll_y
        await pilot.press("up")
        await pilot.pause()
        assert 0 < card.scroll_y < card.max_scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert card.scroll_y == 0
        await pilot.press("tab")  # the keys still lead to the buttons
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "start"
