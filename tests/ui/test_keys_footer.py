"""The footer of keys on home: drawn once at start-up, redrawn when the keys change, and not
rebuilt when the screen publishes the same keys again."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from checkin.screens.home import HomeScreen
from checkin.widgets.footer import KeysFooter


def _keys(screen) -> list[tuple[str, str, bool]]:
    return [(k.key, k.description, k.has_class("-disabled")) for k in screen.query(FooterKey)]


async def test_home_footer_is_composed_once_at_start_and_shows_the_keys(make_app, monkeypatch):
    composed = []
    real = KeysFooter.recompose

    async def counting(self):
        composed.append(self)
        await real(self)

    monkeypatch.setattr(KeysFooter, "recompose", counting)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        keys = _keys(app.screen)
        assert ("s", "Start check-in", False) in keys and ("h", "Look back", False) in keys
        assert ("ctrl+p", "palette", False) in keys
        assert "r" not in [k for k, _, _ in keys]  # nothing to resume
        assert len(composed) == 1  # the screen published its keys twice before the first draw

        for _ in range(5):  # the same keys again: nothing is rebuilt
            app.screen.refresh_bindings()
            await pilot.pause()
        assert len(composed) == 1
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
