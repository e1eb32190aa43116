"""Looking back: the history list, a check-in in detail and trends, on demo data, driven like a
person would (keys and mouse), plus 80x24 and 120x40 snapshots."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import arrow
import pytest
from textual.widgets import Input, Sparkline
from textual_plotext import PlotextPlot

from checkin.screens.confirm import ConfirmScreen
from checkin.screens.detail import CheckinDetailScreen
from checkin.screens.history import HistoryScreen
from checkin.screens.trends import TrendsScreen
from checkin.store.demo import write_demo
from checkin.widgets.balance import TalkBalance
from checkin.widgets.history_list import HistoryList, column_widths

from .conftest import NOW

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def demo_app(make_app, tmp_path: Path):
    """An app on 50 weeks of demo check-ins for Ana & Bo, ending at the fake clock's today."""

    def build(weeks: int = 50):
        folder = tmp_path / "data"
        write_demo(folder, weeks, seed=4, end=arrow.get(NOW))
        return make_app(folder=folder)

    return build


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_history(pilot) -> HistoryScreen:
    pilot.app.push_screen(HistoryScreen())
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def test_a_big_index_is_read_ahead_after_home_so_look_back_opens_at_once(demo_app):
    small = demo_app()
    async with small.run_test(size=(80, 24)) as pilot:
        await pilot.pause(small.READ_INDEX_AHEAD_DELAY + 0.3)
        await settle(pilot)
        assert not small.repo.index_in_memory  # 50 check-ins: read only when Look back opens
    big = demo_app()
    big.READ_INDEX_AHEAD_BYTES = 1  # stands in for years of history
    async with big.run_test(size=(80, 24)) as pilot:
        assert not big.repo.index_in_memory  # the first frame did not wait for it
        await pilot.pause(big.READ_INDEX_AHEAD_DELAY + 0.3)
        await settle(pilot)
        assert big.repo.index_in_memory
        screen = await open_history(pilot)
        assert len(screen.query_one(HistoryList).rows) == screen.total > 40


async def test_history_lists_checkins_newest_first(demo_app):
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(HistoryList)
        summaries = app.repo.summaries()
        assert len(table.rows) == len(summaries) == screen.total
        first = table.rows[0]
        assert (first.when, first.ago) == ("Sun 22 Nov 2026", "4 days ago")
        assert table.rows[1].when == "Sun 15 Nov 2026"
        assert f"Looking back: {len(summaries)} check-ins" in text_of(screen, "#history-title")
        header, line = table.render_line(0).text, table.render_line(2).text
        assert "Ana" in header and "Bo" in header  # partners by name, never colour alone
        assert "Sun 22 Nov 2026" in line and "4 days ago" in line


async def test_enter_opens_the_highlighted_checkin(demo_app):
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CheckinDetailScreen)
        assert detail.checkin_id == app.repo.summaries()[1]["id"]
        assert text_of(detail, "#detail-title").startswith("Sun 15 Nov 2026, 11 days ago")
        share = detail.query_one(TalkBalance).shares
        assert share is not None and sum(share) == 100
        rendered = text_of(detail, "#detail-balance")
        assert "Ana" in rendered and "Bo" in rendered and "%" in rendered
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_a_click_opens_a_checkin(demo_app):
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(HistoryList)
        await pilot.click(table, offset=(5, 4))  # two header lines, then the third row
        await settle(pilot)
        assert isinstance(app.screen, CheckinDetailScreen)
        assert app.screen.checkin_id == app.repo.summaries()[2]["id"]


async def test_detail_shows_blocks_turns_notes_ratings_and_actions(demo_app):
    app = demo_app()
    rows = app.repo.summaries()
    target = next(r for r in rows if r["agenda"] == "weekly" and r["actions"] and r["status"] == "completed")
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(CheckinDetailScreen(target["id"]))
        await settle(pilot)
        screen = app.screen
        blocks = "\n".join(str(s.render()) for s in screen.query(".detail-block"))
        assert "Appreciations" in blocks and "turns: " in blocks and "One issue: " in blocks
        assert "Arrive" not in blocks  # rating blocks are shown as ratings, above
        ratings = text_of(screen, "#detail-ratings")
        assert "mood" in ratings and "→" in ratings and "Ana" in ratings
        actions = text_of(screen, "#detail-actions")
        assert target["actions"][0]["text"] in actions
        assert "(" in actions  # each with its status


async def test_delete_asks_first_and_keep_it_keeps_it(demo_app):
    app = demo_app()
    newest = app.repo.summaries()[0]["id"]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmScreen)
        assert "Delete this check-in?" in text_of(modal, "#confirm-title")
        lost = text_of(modal, "#confirm-detail")
        assert "notes" in lost and "action item" in lost and "ratings" in lost
        copies = text_of(modal, "#confirm-note")
        assert "backups/" in copies and "ten more check-ins" in copies
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDetailScreen)
    assert app.repo.checkin(newest) is not None


async def test_delete_after_confirmation_removes_it_everywhere(demo_app):
    app = demo_app()
    before = app.repo.summaries()
    newest = before[0]["id"]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#delete").scroll_visible(animate=False)  # as a person would scroll
        await pilot.pause()
        await pilot.click("#delete")
        await pilot.pause()
        await pilot.click("ConfirmScreen #yes")
        await settle(pilot)
        assert app.screen is screen
        table = screen.query_one(HistoryList)
        assert len(table.rows) == len(before) - 1
        assert table.rows[0].when == "Sun 15 Nov 2026"
    assert app.repo.checkin(newest) is None
    assert [r["id"] for r in app.repo.summaries()] == [r["id"] for r in before[1:]]


async def test_a_delete_that_finishes_under_another_screen_leaves_that_screen_alone(demo_app):
    app = demo_app()
    newest = app.repo.summaries()[0]["id"]
    async with app.run_test(size=(120, 40)) as pilot:
        history = await open_history(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CheckinDetailScreen)
        app.repo.delete_checkin(newest)
        on_top = ConfirmScreen("Delete the check-in of another day?", "Delete", "Keep it", danger=True)
        await app.push_screen(on_top)
        detail.post_message(CheckinDetailScreen.Deleted(newest))  # as the delete worker does
        await settle(pilot)
        assert app.screen is on_top  # not popped by the detail screen's dismiss
        await pilot.press("escape")  # close it: the detail of a deleted check-in closes too
        await settle(pilot)
        assert app.screen is history


async def test_slash_filters_by_topics_and_by_words_in_notes(demo_app):
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(HistoryList)
        total = len(table.rows)
        await pilot.press("slash")
        assert screen.query_one("#history-filter", Input).has_focus
        await pilot.press(*"dishes", "enter")
        await settle(pilot)
        with_dishes = [r for r in app.repo.all_checkins() if "dishes" in _words(r)]
        assert 0 < len(table.rows) == len(with_dishes) < total
        assert "mention “dishes”" in text_of(screen, "#history-status")
        # a word that only appears in notes (the demo's appreciations)
        field = screen.query_one("#history-filter", Input)
        field.focus()
        field.value = "plumber"
        await pilot.press("enter")
        await settle(pilot)
        assert len(table.rows) == len([r for r in app.repo.all_checkins() if "plumber" in _words(r)])
        assert isinstance(app.screen, HistoryScreen)
        field.focus()
        field.value = "grumpy"
        await pilot.press("enter")
        await settle(pilot)
        assert len(table.rows) == len([r for r in app.repo.all_checkins() if "grumpy" in _words(r)]) > 0
        await pilot.press("escape")
        await pilot.pause()
        assert len(table.rows) == total
        assert not screen.query_one("#history-filter").display


def _words(record) -> str:
    texts = [e.get("text", "") for e in record["events"] if e["type"] in ("note", "topic", "action", "park")]
    return "\n".join(texts).lower()


async def test_trends_show_charts_cadence_follow_through_and_recurring_topics(demo_app):
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        sparks = {s.id: s for s in screen.query(Sparkline)}
        assert len(sparks["spark-a-mood"].data) > 10
        assert all(0 <= v <= 10 for v in sparks["spark-b-connection"].data)
        assert "range " in text_of(screen, "#range-a-mood") and "now " in text_of(screen, "#range-a-mood")
        assert "of the last 12 weeks had a check-in" in text_of(screen, "#trends-cadence")
        assert "done by the next check-in" in text_of(screen, "#trends-follow")
        topics = text_of(screen, "#trends-topics")
        assert "times in" in topics and "comes back" in topics
        note = screen.query_one("#trends-note")
        assert note.display and "understand" in str(note.render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


def _ansi_rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{r};{g};{b}m"


async def test_ratings_are_charts_with_axes_where_there_is_room(demo_app):
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-roomy")
        assert screen.query_one("#trends-charts").display and not screen.query_one("#trends-ratings").display
        legend = text_of(screen, "#trends-legend")
        assert "Ana" in legend and "Bo" in legend  # named, never colour alone
        assert text_of(screen, "#trends-now").startswith("Latest: Ana mood")
        for what in ("mood", "connection"):
            built = screen.query_one(f"#chart-{what}", PlotextPlot).plt.build()
            assert "Dec 2025" in built and "Nov 2026" in built  # the date axis
            assert "10" in built and "5" in built  # the 0-10 axis
            for p in "ab":  # a line in each partner's theme colour
                assert _ansi_rgb(app.theme_variables[f"partner-{p}"]) in built


@pytest.mark.slow  # a long journey (seconds of CPU); its steps have quicker tests; CI runs it
async def test_charts_follow_the_theme_and_give_way_to_sparklines_when_space_is_tight(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert not screen.has_class("-roomy")
        assert screen.query_one("#trends-ratings").display and not screen.query_one("#trends-charts").display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.has_class("-roomy") and screen.query_one("#trends-charts").display
        app.theme = "checkin-light"
        await pilot.pause()
        built = screen.query_one("#chart-mood", PlotextPlot).plt.build()
        assert _ansi_rgb(app.theme_variables["partner-a"]) in built


def test_the_chart_library_is_not_loaded_at_start_up():
    code = (
        "import sys, checkin.app, checkin.cli, checkin.screens.history; "
        "print('textual_plotext' in sys.modules or 'plotext' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_the_trends_button_opens_trends(demo_app):
    app = demo_app(weeks=6)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.click("#trends")
        await settle(pilot)
        assert isinstance(app.screen, TrendsScreen)


async def test_an_empty_history_says_so_kindly(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert len(screen.query_one(HistoryList).rows) == 0
        assert "No check-ins yet" in text_of(screen, "#history-status")
        await pilot.press("t")
        await settle(pilot)
        assert "No check-ins yet" in text_of(app.screen, "#trends-range")


def test_columns_fit_the_width_and_the_names():
    for width in (78, 80, 98, 100, 120):
        assert sum(w + 1 for w in column_widths(("Ana", "Bo"), width)) + 1 <= width
    assert column_widths(("Ana María", "Tomás"), 100)[3] == len("Ana María")
    assert max(column_widths(("A" * 40, "B" * 40), 120)) <= 26  # long names are cut, not the table


def screen_lines(app) -> list[str]:
    """The history list as a person reads it: its visible lines, as text."""
    listing = app.screen.query_one(HistoryList)
    return [listing.render_line(y).text for y in range(listing.size.height)]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_every_column_shows_whole_at_80_and_100(demo_app, size):
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await open_history(pilot)
        lines = screen_lines(app)
        header, under = lines[0], lines[1]
        for label in ("When", "Agenda", "Length", "Ana", "Bo", "Actions", "How it ended"):
            assert label in header, (label, header)
        assert under.count("mood conn") == 2  # ratings say what they are, not "8/9"
        rows = [line for line in lines[2:] if line.strip()]
        assert rows and not any("/" in line or "…" in line for line in rows), rows
        listing = app.screen.query_one(HistoryList)
        assert listing.virtual_size.width <= listing.size.width  # nothing scrolled out of sight
        first = listing.rows[0]
        mood, conn = first.after[0].split("/")
        assert f"{mood:>4} {conn:>4}" in rows[0]
        assert first.ended in rows[0] or first.ended.replace(" after ", ", ") in rows[0] or "break" in rows[0]


# -- snapshots ------------------------------------------------------------------------


def _run_before(*keys: str, screen=HistoryScreen):
    async def setup(pilot):
        pilot.app.push_screen(screen())
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return setup


@pytest.mark.parametrize("size", [*SIZES, (100, 30), (60, 20)])
def test_snapshot_history(snap_compare, demo_app, size):
    assert snap_compare(demo_app(), terminal_size=size, run_before=_run_before())


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_detail(snap_compare, demo_app, size):
    assert snap_compare(demo_app(), terminal_size=size, run_before=_run_before("down", "down", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_trends(snap_compare, demo_app, size):
    assert snap_compare(demo_app(), terminal_size=size, run_before=_run_before("t"))


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_delete_confirmation(snap_compare, demo_app, size):
    assert snap_compare(demo_app(), terminal_size=size, run_before=_run_before("enter", "d"))


async def test_keys_move_through_a_long_list(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        listing = screen.query_one(HistoryList)
        assert listing.has_focus and listing.cursor == 0
        await pilot.press("down", "down")
        assert listing.cursor == 2
        await pilot.press("pagedown")
        assert listing.cursor > 2 and listing.scroll_offset.y > 0
        await pilot.press("end")
        assert listing.cursor == len(listing.rows) - 1
        assert listing.current.when == listing.rows[-1].when
        await pilot.press("up", "home")
        assert listing.cursor == 0 and listing.scroll_offset.y == 0


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_trends_after_one_checkin_speak_of_one(make_app, tmp_path, size):
    folder = tmp_path / "one"
    write_demo(folder, 1, seed=4, end=arrow.get(NOW), check_ins=1)
    app = make_app(folder=folder)
    async with app.run_test(size=size) as pilot:
        app.push_screen(TrendsScreen())
        await settle(pilot)
        words = text_of(app.screen, "#trends-range")
        assert words.startswith("Charts show your first check-in, ") and "check-ins" not in words
