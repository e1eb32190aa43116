"""A check-in with a friend in the room, on the talk screen: the facilitator calls a pause or a
break (theirs, nobody's fault) and hands back the floor, notes agreements and action items, and
is offered to stop for today when the talk heats up; then the summary and history say so."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from checkin.core.facilitator import Facilitator, friend_agenda
from checkin.core.runner import new_checkin
from checkin.core.session import CheckinSession
from checkin.screens.breakview import BreakScreen
from checkin.screens.pause import PauseScreen
from checkin.screens.talk import TalkScreen
from checkin.screens.talk_friend import FriendBreakScreen, FriendPauseScreen
from checkin.widgets.facilitator_panel import FacilitatorPanel

from .settle import resume_and_settle

MIRA = Facilitator("Mira", "sage")
SIZES = [(80, 24), (120, 40)]


def with_mira(make_app, ui_clock, block_id: str = "one-issue"):
    """An app with a facilitated check-in under way at ``block_id``; r on home resumes it."""
    app = make_app()
    record = new_checkin(friend_agenda(), "a", ui_clock)
    record["facilitator"] = MIRA.to_dict()
    session = CheckinSession(record, app.repo, ui_clock)
    while session.state.block.id != block_id:
        session.next_block()
    ui_clock.advance(60)
    return app, session


async def wait_for(pilot, condition, what: str, tries: int = 50) -> None:
    """Bounded wait for what a callback or a screen change produces."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


def events_of(app, kind: str) -> list[dict]:
    return [e for e in app.repo.current()["events"] if e["type"] == kind]


async def test_a_pause_the_facilitator_called_comes_back_as_theirs_and_f8_hands_back_the_floor(make_app, ui_clock):
    app, session = with_mira(make_app, ui_clock)
    session.pass_floor()  # Bo paraphrases
    session.pause("facilitator")
    async with app.run_test(size=(100, 30)) as pilot:
        await resume_and_settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, FriendPauseScreen), "the facilitator's pause")
        said = str(app.screen.query_one("#pause-by", Static).content)
        assert "Mira" in said and "called this pause" in said and "Ana" not in said and "Bo" not in said
        assert "f8" in {b.binding.key for b in app.screen.active_bindings.values()}
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, TalkScreen), "back in the talk")
        assert [e.get("caller") for e in events_of(app, "hand_back")] == ["facilitator"]
        state = app.screen.session.state
        assert not state.paused and (state.phase, state.speaker) == ("paraphrase", "a")


async def test_a_partners_pause_has_no_hand_back(make_app, ui_clock):
    app, session = with_mira(make_app, ui_clock)
    session.pause()
    async with app.run_test(size=(100, 30)) as pilot:
        await resume_and_settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, PauseScreen), "the pause")
        assert not isinstance(app.screen, FriendPauseScreen) and not app.screen.query("#hand-back")


async def test_a_break_the_facilitator_called_is_handed_back_after_twenty_minutes(make_app, ui_clock):
    app, session = with_mira(make_app, ui_clock)
    session.walk_away(20, "facilitator")
    ui_clock.advance(5 * 60)
    async with app.run_test(size=(100, 30)) as pilot:
        await resume_and_settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, FriendBreakScreen), "the facilitator's break")
        screen = app.screen
        said = str(screen.query_one("#break-by", Static).content)
        assert "Mira" in said and "nobody's fault" in said
        button = screen.query_one("#hand-back")
        assert button.disabled  # every break lasts 20 minutes
        await pilot.press("f8")  # refused, gently
        await pilot.pause()
        assert app.screen is screen and screen.session.state.on_break
        ui_clock.advance(16 * 60)
        screen.tick()
        assert not button.disabled
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, TalkScreen), "back in the talk")
        assert not app.screen.session.state.on_break
        assert [e.get("caller") for e in events_of(app, "hand_back")] == ["facilitator"]


async def test_a_partners_break_is_the_plain_break_view(make_app, ui_clock):
    app, session = with_mira(make_app, ui_clock)
    session.walk_away(20, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await resume_and_settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, BreakScreen), "the break")
        assert not isinstance(app.screen, FriendBreakScreen)
