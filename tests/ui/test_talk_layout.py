"""Snapshots of the talk at 80x24, 100x30 and 60x20: each step of the floor, the break and the
summary. Whose turn it is and the time must show in every one."""

from __future__ import annotations

import pytest

from checkin.core.agenda import load_agendas
from checkin.core.runner import new_checkin
from checkin.core.session import CheckinSession
from tests.ui.settle import resume_and_settle

SIZES = [(80, 24), (100, 30), (60, 20)]
PHASES = ["speak", "paraphrase", "check", "solve", "break"]


def _talk(make_app, ui_clock, phase: str):
    app = make_app()
    record = new_checkin({a.id: a for a in load_agendas()[0]}["weekly"], "a", ui_clock)
    session = CheckinSession(record, app.repo, ui_clock)
    session.set_rating("a", 6, 5, True)
    session.set_rating("b", 7, 6, True)
    ui_clock.advance(100)
    while session.state.block.kind != "floor":
        session.next_block()
        ui_clock.advance(60)
    session.set_topic("the dishes")
    session.add_note("a", "I feel tired when the dishes pile up; I need us to share it.")
    ui_clock.advance(45)
    steps = {"speak": 0, "paraphrase": 1, "check": 2, "solve": 2}.get(phase, 0)
    for _ in range(steps):
        session.pass_floor()
        ui_clock.advance(30)
    if phase == "solve":
        session.confirm_understood("a")
        session.pass_floor()
        session.pass_floor()
        session.confirm_understood("b")
    if phase == "break":
        session.walk_away(20)
        ui_clock.advance(4 * 60 + 10)
    return app


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("phase", PHASES)
def test_snapshot_talk(snap_compare, make_app, ui_clock, phase, size):
    app = _talk(make_app, ui_clock, phase)
    assert snap_compare(app, terminal_size=size, run_before=resume_and_settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_talk_summary(snap_compare, make_app, ui_clock, size):
    app = _talk(make_app, ui_clock, "solve")

    async def finish(pilot):
        await pilot.press("r")
        await pilot.pause()
        app.screen.session.add_action("Book the table for Friday", "both", "2026-12-03")
        app.screen.finish()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=finish)
