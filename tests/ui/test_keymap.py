"""keymap.toml: the couple's own keys, applied with App.set_keymap; a broken file is named in a
notice and ignored whole, never a crash."""

from __future__ import annotations

import pytest

from checkin.keymap import KEYMAP_FILE, all_ids, find_clashes, parse_keymap
from checkin.screens.help import HelpScreen
from checkin.screens.history import HistoryScreen
from checkin.screens.trends import TrendsScreen
from checkin.widgets.footer import KeysFooter

KNOWN = all_ids()


def parse(text: str):
    return parse_keymap(text, KNOWN)


@pytest.mark.parametrize(
    "text",
    [
        '[keys]\n"history.trends" = "l"\n',
        "[keys]\nhistory.trends = 'l'\n",  # a TOML dotted key
        "[keys.history]\ntrends = 'l'\n",  # a sub-table
        "[keys]\n\"history.trends\" = ['l']\n",
    ],
)
def test_a_good_keymap_in_each_way_of_writing_it(text):
    keymap = parse(text)
    assert keymap.problems == ()
    assert keymap.keys == {"history.trends": "l"}


def test_key_names_are_normalised_and_lists_become_several_keys():
    keymap = parse('[keys]\n"app.help" = "?, f3"\n"history.filter" = ["ctrl+f", "/"]\n')  # f2: the private note
    assert keymap.problems == ()
    assert keymap.keys == {"app.help": "question_mark,f3", "history.filter": "ctrl+f,slash"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[keys]\n"history.trends" = "l\n', "not valid TOML"),
        ('[keys]\n"history.trend" = "l"\n', "'history.trend' is not a key id"),
        ('[keys]\n"history.trends" = "ctrl+banana"\n', "'ctrl+banana' (not a key name)"),
        ('[keys]\n"history.trends" = "hyperdrive+l"\n', "'hyperdrive' is not one of"),
        ('[keys]\n"history.trends" = "ctrl l"\n', "no spaces inside a key"),
        ('[keys]\n"history.trends" = 7\n', "needs a key in quotes"),
        ('[keys]\n"history.trends" = ""\n', "an empty key"),
        ('"history.trends" = "l"\n', "put the keys under [keys]"),
        ("keys = 'l'\n", "must be a table"),
    ],
)
def test_a_broken_keymap_names_the_problem_and_changes_nothing(text, named):
    keymap = parse(text)
    assert keymap.keys == {}
    assert not keymap.usable
    assert any(named in problem for problem in keymap.problems), keymap.problems


def test_one_bad_line_stops_the_good_ones_too():
    keymap = parse('[keys]\n"history.trends" = "l"\n"home.nope" = "x"\n')
    assert keymap.keys == {} and len(keymap.problems) == 1


def test_every_problem_is_named_at_once():
    keymap = parse('[keys]\n"history.trends" = "slash"\n"home.nope" = "x"\n')
    assert len(keymap.problems) == 2
    assert "'home.nope'" in keymap.problems[0] and "would do both" in keymap.problems[1]


def test_two_actions_on_one_key_of_one_screen_is_a_clash():
    assert find_clashes({}) == []  # the usual keys: Esc both closes the keys panel and goes back
    [problem] = find_clashes({"history.trends": "slash"})
    assert "'Trends'" in problem and "'Filter'" in problem and "look back" in problem
    # an app key against a screen's key
    assert any("'Quit'" in p and "'Trends'" in p for p in find_clashes({"app.quit": "t"}))
    # two remapped onto one key
    assert find_clashes({"history.trends": "x", "history.filter": "x"})
    # swapping two keys is fine, and so is the same key on two different screens
    assert find_clashes({"history.trends": "slash", "history.filter": "t"}) == []
    assert find_clashes({"trends.back": "b", "history.back": "b"}) == []
    keymap = parse('[keys]\n"history.trends" = "/"\n')
    assert keymap.keys == {} and "would do both" in keymap.problems[0]


def footer_keys(app) -> list[str]:
    footer = app.screen.query_one(KeysFooter)
    return [f"{item.display} {item.description}" for item in footer.items]


async def test_remapped_keys_work_and_show_in_the_footer_and_help(make_app, tmp_path):
    app = make_app()
    (app.repo.folder / KEYMAP_FILE).write_text('[keys]\n"history.trends" = "l"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert list(app._notifications) == []  # nothing to complain about
        app.push_screen(HistoryScreen())
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, HistoryScreen)
        assert any("l" in key and "Trends" in key for key in footer_keys(app))
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        line = next(line for line in text.splitlines() if "Trends" in line)
        assert line.split()[0] == "l", line
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, TrendsScreen)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[keys\n", "not valid TOML"),
        ('[keys]\n"home.lookback" = "b"\n', "'home.lookback'"),
        ('[keys]\n"history.trends" = "slash"\n', "would do both"),
        (b"\xff\xfe[keys]", "could not be read"),
    ],
)
async def test_a_broken_keymap_is_named_and_the_usual_keys_stay(make_app, text, named):
    app = make_app()
    path = app.repo.folder / KEYMAP_FILE
    path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        [notice] = list(app._notifications)
        assert notice.title == "Your keys" and notice.severity == "error"
        assert KEYMAP_FILE in notice.message and named in notice.message
        await pilot.press("h")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrendsScreen)
