"""Only start.tcss is parsed before the first frame; the other stylesheets come later (issue 11).

That is only the same app if no rule of a later sheet styles anything on the first screens
(welcome, home, one person's home): otherwise those screens would look different before and
after the later sheets arrive. And every other screen must find them loaded when it is shown.
"""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest
from textual.css.match import match
from textual.css.model import SelectorSet
from textual.css.stylesheet import Stylesheet

from checkin.app import CheckinApp
from checkin.screens.home import HomeScreen
from checkin.screens.solo_home import SoloHomeScreen
from checkin.screens.welcome import WelcomeScreen

SHEETS = Path(CheckinApp.__module__.replace(".", "/")).parent


def later_rules(app: CheckinApp) -> list[tuple[str, SelectorSet]]:
    """Every selector of the later sheets, without its pseudo-classes (so a rule for
    ``:focus`` or ``:hover`` counts as matching whether or not the node has the focus)."""
    sheet = Stylesheet(variables=app.get_css_variables())
    folder = Path(__file__).resolve().parents[2] / "checkin"
    sheet.read_all([folder / name for name in CheckinApp.LATER_CSS])
    out = []
    for rule in sheet.rules:
        for selector_set in rule.selector_set:
            bare = [dataclasses.replace(s, pseudo_classes=set()) for s in selector_set.selectors]
            out.append((rule.selectors, SelectorSet(bare)))
    return out


def styled_by_later_sheets(app: CheckinApp) -> list[str]:
    rules = later_rules(app)
    return sorted(
        {
            f"{selector} matches {type(node).__name__}#{node.id or ''}"
            for node in app.screen.walk_children(with_self=True)
            for selector, selector_set in rules
            if match([selector_set], node)
        }
    )


def _in_progress(app: CheckinApp) -> None:
    from checkin.core.agenda import load_agendas
    from checkin.core.runner import new_checkin

    agenda = next(a for a in load_agendas()[0] if a.id == "weekly")
    app.repo.save_current(new_checkin(agenda, "a", app.clock))


def _with_a_plan(app: CheckinApp) -> None:
    from checkin.core.catalogue import load_catalogue
    from checkin.core.plans import plan

    catalogue, _ = load_catalogue(None)
    hobbies = app.repo.section("hobbies")
    hobbies["plans"] = [plan(next(iter(catalogue)).id, "2026-11-28", today="2026-11-26")]
    app.repo.save_section("hobbies", hobbies)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize(
    ("couple", "prepare", "screen_type"),
    [
        (None, None, WelcomeScreen),
        (("Ana", "Bo"), None, HomeScreen),
        (("Ana", "Bo"), _in_progress, HomeScreen),
        (("Ana", "Bo"), _with_a_plan, HomeScreen),
        (("Ana", ""), None, SoloHomeScreen),
    ],
)
async def test_the_later_sheets_style_nothing_on_the_first_screens(make_app, size, couple, prepare, screen_type):
    app = make_app(couple=couple)
    if prepare is not None:
        prepare(app)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        for banner, shown in ((_in_progress, "#resume-banner"), (_with_a_plan, "#plan-banner")):
            if prepare is banner:
                assert app.screen.query_one(shown).display
        assert styled_by_later_sheets(app) == []


async def test_the_first_screen_is_styled_without_the_later_sheets(make_app, monkeypatch):
    monkeypatch.setattr(CheckinApp, "LATER_CSS_DELAY", 600)  # not yet, however slow the machine
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        read = {Path(path).name for path, _ in app.stylesheet.source}
        assert "start.tcss" in read and "app.tcss" not in read


async def test_the_later_sheets_come_soon_after_the_first_screen(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        for _ in range(100):  # bounded: read about half a second after start
            if app._later_css_loaded:
                break
            await asyncio.sleep(0.05)
        assert {Path(path).name for path, _ in app.stylesheet.source} >= {"start.tcss", *CheckinApp.LATER_CSS}


@pytest.mark.parametrize("key", ["comma", "h", "a", "q", "question_mark"])
async def test_every_other_screen_finds_the_later_sheets_read(make_app, key, monkeypatch):
    monkeypatch.setattr(CheckinApp, "LATER_CSS_DELAY", 600)  # only the screen itself can read them
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app._later_css_loaded
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, HomeScreen)
        assert {Path(path).name for path, _ in app.stylesheet.source} >= set(CheckinApp.LATER_CSS)
        assert any(".dialog" in rule.selectors for rule in app.stylesheet.rules)
