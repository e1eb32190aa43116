"""The footer of keys on home (one widget, drawn as Textual's Footer): its keys at start-up,
redrawn when they change and not when the screen publishes the same keys again; a key is
pressed by clicking it, its tooltip shows on hover, and keys that do not fit scroll."""

from __future__ import annotations

from textual import events

from checkin.screens.history import HistoryScreen
from checkin.screens.home import HomeScreen
from checkin.widgets.footer import KeysFooter


def _keys(screen) -> list[tuple[str, str, bool]]:
    return [(k.key, k.description, not k.enabled) for k in screen.query_one(KeysFooter).items]


def _line(footer: KeysFooter) -> str:
    return "".join(segment.text for segment in footer.render_line(0))


async def test_home_footer_is_built_once_at_start_and_shows_the_keys(make_app, monkeypatch):
    built = []
    real = KeysFooter._items

    def counting(self, screen):
        built.append(self)
        return real(self, screen)

    monkeypatch.setattr(KeysFooter, "_items", counting)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        keys = _keys(app.screen)
        assert ("s", "Start check-in", False) in keys and ("h", "Look back", False) in keys
        assert keys[-1] == ("ctrl+p", "palette", False)
        assert "r" not in [k for k, _, _ in keys]  # nothing to resume
        assert len(built) == 1  # the screen published its keys twice before the first draw
        footer = app.screen.query_one(KeysFooter)
        line = _line(footer)
        assert len(line) == 100 and line.startswith(" s Start check-in  a Activities ")
        assert line.endswith("▏^p palette ")

        for _ in range(5):  # the same keys again: nothing is rebuilt
            app.screen.refresh_bindings()
            await pilot.pause()
        assert len(built) == 1
        assert _keys(app.screen) == keys


async def test_home_footer_follows_a_change_of_keys(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "r" not in [k for k, _, _ in _keys(app.screen)]
        app.repo.save_current({"id": "abc", "status": "in_progress", "events": []})
        app.screen.refresh_facts()  # as on coming back to home
        await pilot.pause()
        await pilot.pause()
        keys = [k for k, _, _ in _keys(app.screen)]
        assert "r" in keys and "s" not in keys  # resume instead of start
        assert " r Resume " in _line(app.screen.query_one(KeysFooter))


async def test_a_key_in_the_footer_is_pressed_by_clicking_it_and_tells_what_it_does(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        x = _line(footer).index(" h Look back") + 2
        await pilot.hover(KeysFooter, offset=(x, 0))
        await pilot.pause()
        assert footer.tooltip == "Past check-ins and trends"
        await pilot.click(KeysFooter, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_keys_that_do_not_fit_scroll_and_the_palette_key_stays(make_app):
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        before = _line(footer)
        assert len(before) == 60 and before.endswith("▏^p palette ") and "Settings" not in before
        for _ in range(10):  # Pilot has no wheel: its own helper, as click and hover use
            await pilot._post_mouse_events([events.MouseScrollDown], KeysFooter)
        await pilot.pause()
        after = _line(footer)
        assert len(after) == 60 and after.endswith("▏^p palette ")
        assert "Settings" in after or "On my own" in after  # the last keys came into view
