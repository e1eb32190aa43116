"""Looking back at a check-in with a friend present: "with NAME" in the list and detail, a trends filter."""

from __future__ import annotations

import arrow
from textual.widgets import Static

from checkin.core.facilitator import Facilitator, friend_agenda
from checkin.core.runner import CheckinRunner, new_checkin
from checkin.core.summary import summary
from checkin.screens.detail import CheckinDetailScreen
from checkin.screens.history import HistoryScreen
from checkin.screens.trends import TrendsScreen
from checkin.store.demo import write_demo

from .conftest import NOW


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def with_a_friend(app, clock) -> str:
    record = new_checkin(friend_agenda(), "a", clock)
    record["facilitator"] = Facilitator("Mira", "sage").to_dict()
    runner = CheckinRunner(record, clock)
    clock.advance(60)
    runner.walk_away(20, caller="facilitator")
    clock.advance(21 * 60)
    runner.ready("a")
    runner.ready("b")
    runner.finish()
    app.repo.finish_into_history(runner.record, summary(runner.record, {"a": "Ana", "b": "Bo"}))
    return record["id"]


async def test_history_detail_and_trends_know_the_friend(make_app, tmp_path, ui_clock):
    folder = tmp_path / "data"
    write_demo(folder, 6, seed=4, end=arrow.get(NOW).shift(days=-1))
    app = make_app(folder=folder)
    checkin_id = with_a_friend(app, ui_clock)
    total = len(app.repo.summaries())
    assert total > 2
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(HistoryScreen())
        await settle(pilot)
        screen = app.screen
        rows = screen.listing.rows
        shown = [r for r in rows if r.id == checkin_id]
        assert shown and shown[0].facilitator == "with Mira"
        assert "with Mira" in "\n".join(screen.listing.render_line(y).text for y in range(2, 9))
        screen.open_checkin(checkin_id)
        await settle(pilot)
        assert isinstance(app.screen, CheckinDetailScreen)
        assert "with Mira" in str(app.screen.query_one("#detail-title", Static).render())
        app.pop_screen()
        await pilot.pause()
        app.push_screen(TrendsScreen())
        await settle(pilot)
        trends = app.screen
        label = lambda: str(trends.query_one("#trends-range", Static).render())  # noqa: E731
        assert f"all {total} check-ins," in label()
        await pilot.press("w")
        await settle(pilot)
        assert "your first check-in (only those with a friend present)" in label()
        await pilot.press("w")
        await settle(pilot)
        assert f"all {total - 1} check-ins (only those without a facilitator)" in label()
        await pilot.press("w")
        await settle(pilot)
        assert f"all {total} check-ins," in label()


async def test_the_trends_filter_says_when_no_friend_was_ever_there(make_app, tmp_path):
    folder = tmp_path / "data"
    write_demo(folder, 4, seed=4, end=arrow.get(NOW))
    app = make_app(folder=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(TrendsScreen())
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert app.screen.friend_filter == "all"
        assert any("No check-ins with a friend present yet" in n.message for n in app._notifications)
