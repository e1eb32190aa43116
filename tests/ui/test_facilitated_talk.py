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
        said = str(app.screen.query_one("#pause-dialog .title", Static).content)
        assert "Mira" in said and "called a pause" in said and "Ana" not in said and "Bo" not in said
        for button in ("#hand-back", "#resume", "#walk", "#pause-another"):  # all on screen at 100x30
            region = app.screen.query_one(button).region
            assert region.height > 0 and region.bottom <= 30, button
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


async def test_f4_and_the_panel_button_call_the_facilitators_pause(make_app, ui_clock):
    app, session = with_mira(make_app, ui_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume_and_settle(pilot)
        screen = app.screen
        assert isinstance(screen, TalkScreen)
        keys = {b.binding.key: b.binding.description for b in screen.active_bindings.values() if b.enabled}
        assert keys["f4"] == "Mira: pause" and keys["f5"] == "Mira: break"
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, FriendPauseScreen), "the facilitator's pause")
        await pilot.click("#hand-back")
        await wait_for(pilot, lambda: app.screen is screen, "back in the talk")
        await pilot.click("#fac-pause")
        await wait_for(pilot, lambda: isinstance(app.screen, FriendPauseScreen), "the pause, from the button")
        await pilot.press("ctrl+t")  # a partner's resume works too: no hand-back recorded then
        await wait_for(pilot, lambda: app.screen is screen, "back in the talk")
        assert [e.get("caller") for e in events_of(app, "pause")] == ["facilitator", "facilitator"]
        assert len(events_of(app, "hand_back")) == 1


async def test_without_a_facilitator_the_talk_has_no_facilitator_keys(make_app, ui_clock):
    app = make_app()
    record = new_checkin(friend_agenda(), "a", ui_clock)
    CheckinSession(record, app.repo, ui_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume_and_settle(pilot)
        screen = app.screen
        keys = {b.binding.key for b in screen.active_bindings.values() if b.enabled}
        assert not {"f4", "f5"} & keys and not screen.query(FacilitatorPanel)
        await pilot.press("f4")
        await pilot.pause()
        assert app.screen is screen and not screen.session.state.paused


async def test_the_facilitator_notes_an_agreement_and_an_action_item_from_the_panel(make_app, ui_clock):
    app, session = with_mira(make_app, ui_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume_and_settle(pilot)
        screen = app.screen
        box = screen.query_one("#fac-note", Input)
        await pilot.click("#fac-note")
        await pilot.press(*"We take turns cooking", "enter")  # enter: an agreement
        await wait_for(pilot, lambda: screen.session.state.notes, "the agreement")
        assert box.value == "" and screen.note_box.text == ""  # not typed into the couple's note
        await pilot.click("#fac-note")
        await pilot.press(*"Book the plumber")
        await pilot.click("#fac-action")
        await wait_for(pilot, lambda: screen.session.state.actions, "the action item")
        state = screen.session.state
        assert [(n.kind, n.partner, n.text) for n in state.notes] == [("agreement", "both", "We take turns cooking")]
        assert [(a.owner, a.text) for a in state.actions] == [("both", "Book the plumber")]
        assert "Agreed" in str(screen.query_one("#notes-list", Static).content)


@pytest.mark.parametrize("why", ["two breaks", "no hard topic"])
async def test_when_the_talk_heats_up_the_panel_suggests_stopping_and_a_professional(make_app, ui_clock, why):
    from checkin.screens.confirm import ConfirmScreen

    app, session = with_mira(make_app, ui_clock, "arrive")
    if why == "no hard topic":
        session.set_rating("a", 5, 5, False)
        session.set_rating("b", 4, 6, False)
        session.next_block()
    else:
        session.next_block()
        for _ in range(2):
            session.walk_away(20, "facilitator")
            ui_clock.advance(21 * 60)
            session.hand_back()
    async with app.run_test(size=(120, 40)) as pilot:
        await resume_and_settle(pilot)
        screen = app.screen
        panel = screen.query_one(FacilitatorPanel)
        await wait_for(pilot, lambda: panel.query_one("#fac-heat-box").display, "the heat-up advice")
        heat = str(panel.query_one("#fac-heat", Static).content)
        assert "stop here for today" in heat and "counsellor or therapist" in heat
        assert ("2 breaks" in heat) == (why == "two breaks")
        assert ("hard topic" in heat) == (why == "no hard topic")
        await pilot.click("#fac-stop")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, TalkScreen | ConfirmScreen), "home")
        assert app.repo.current()["events"][-1]["type"] == "end_for_today"


async def test_no_heat_advice_in_a_calm_talk(make_app, ui_clock):
    app, session = with_mira(make_app, ui_clock, "arrive")
    session.set_rating("a", 7, 7, True)
    session.set_rating("b", 6, 8, False)
    session.next_block()
    async with app.run_test(size=(120, 40)) as pilot:
        await resume_and_settle(pilot)
        await pilot.pause()
        assert not app.screen.query_one("#fac-heat-box").display


@pytest.mark.slow  # a long journey (seconds of CPU); its steps have quicker tests; CI runs it
async def test_a_facilitated_check_in_from_ground_rules_to_the_summary_and_history(make_app, ui_clock):
    """Start with a friend, agree to the ground rules, a card in each part, the facilitator's
    break and hand-back, an agreement, finish; the summary and the detail say it without blame."""
    from checkin.screens.confirm import ConfirmScreen
    from checkin.screens.ground_rules import GroundRulesScreen
    from checkin.screens.summary import SummaryScreen
    from checkin.screens.walkaway import WalkAwayScreen
    from checkin.widgets.block_card import BlockCard

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#friend-name", Input).value = "Mira"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the friend's agenda is offered first
        await wait_for(pilot, lambda: isinstance(app.screen, GroundRulesScreen), "the ground rules")
        await pilot.press("1", "2")
        await wait_for(pilot, lambda: isinstance(app.screen, TalkScreen), "the talk")
        talk = app.screen
        talk.set_focus(None)
        card = talk.query_one(BlockCard)
        decks = []
        for _ in range(2):  # Arrive (no card), then Appreciations, then One issue
            decks.append(card.category if card.display else None)
            await pilot.press("ctrl+n", "ctrl+n")
            await pilot.pause()
        decks.append(card.category)
        assert decks == [None, "appreciation", "gentle-start"]
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, WalkAwayScreen), "when to come back")
        await pilot.press("enter")  # 20 minutes
        await wait_for(pilot, lambda: isinstance(app.screen, FriendBreakScreen), "the facilitator's break")
        ui_clock.advance(21 * 60)
        app.screen.tick()
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.screen is talk, "back in the talk")
        await pilot.click("#fac-note")
        await pilot.press(*"We talk about money on Sundays", "enter")
        await wait_for(pilot, lambda: talk.session.state.notes, "the agreement")
        talk.set_focus(None)
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "finish?")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        (row,) = app.repo.summaries()
        assert row["facilitator"]["role"] == "facilitator" and row["breaks"]["facilitator"] == 1
        record = app.repo.checkin(row["id"])
        from checkin.core.detail import checkin_detail, stop_words

        (stop,) = checkin_detail(record).stops
        assert stop_words(stop, {"a": "Ana", "b": "Bo"}) == (
            "the facilitator called a break of 21 min, then handed back the floor"
        )


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_facilitator_panel(snap_compare, make_app, ui_clock, size):
    """The talk with a friend in the room: their panel beside the one issue, a card drawn."""
    app, session = with_mira(make_app, ui_clock)
    session.set_topic("Who does the dishes")
    session.pass_floor()  # Bo paraphrases: the panel prompts Mira to ask what he heard
    assert snap_compare(app, terminal_size=size, run_before=resume_and_settle)


async def test_at_80x24_the_panel_leaves_the_talk_room_for_both_ratings_and_the_note(make_app, ui_clock):
    """Beside the panel the agenda list gives way, and every field of Arrive is in view (the
    note box once had no width left here, and the app stopped)."""
    app, session = with_mira(make_app, ui_clock, "arrive")
    async with app.run_test(size=(80, 24)) as pilot:
        await resume_and_settle(pilot)
        screen = app.screen
        main = screen.query_one("#talk-main").region
        assert not screen.query_one("#agenda-list").display
        for field in ("#mood-a", "#conn-a", "#mood-b", "#conn-b"):
            region = screen.query_one(field).region
            assert region.width > 0 and main.x <= region.x and region.right <= main.right, field
        assert screen.query_one("#note-text").region.width >= 12
        panel = screen.query_one(FacilitatorPanel).region
        assert panel.right <= 80 and panel.width >= 30


@pytest.mark.slow  # a long journey (seconds of CPU); its steps have quicker tests; CI runs it
async def test_what_the_facilitator_is_typing_survives_a_restart_and_is_never_finished_over(make_app, ui_clock):
    from checkin.screens.confirm import ConfirmScreen

    app, session = with_mira(make_app, ui_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume_and_settle(pilot)
        screen = app.screen
        await pilot.click("#fac-note")
        await pilot.press(*"Sundays are for us")
        ui_clock.advance(2)
        screen.tick()  # the heartbeat saves it
        assert app.repo.current()["facilitator_draft"] == "Sundays are for us"
        screen.set_focus(None)
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "finish?")
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen, "still in the talk")
        assert not screen.session.state.finished  # refused: the text would have been lost
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await resume_and_settle(pilot)
        box = again.screen.query_one("#fac-note", Input)
        assert box.value == "Sundays are for us"
        await pilot.click("#fac-agreement")
        await wait_for(pilot, lambda: again.screen.session.state.notes, "the agreement")
        assert box.value == "" and again.repo.current()["facilitator_draft"] is None
