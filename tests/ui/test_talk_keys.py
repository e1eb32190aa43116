"""The talk screen from the keyboard, at 80x24 and 100x30: typing always writes, commands are keys
that never type, and whose turn it is and the time never leave the screen."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widgets import Button, Checkbox, Input, TextArea

from checkin.core.agenda import load_agendas
from checkin.core.runner import new_checkin
from checkin.core.session import CheckinSession
from checkin.screens.confirm import ConfirmScreen
from checkin.screens.pause import PauseScreen
from checkin.screens.talk import TalkScreen
from checkin.screens.walkaway import WalkAwayScreen

SIZES = [(80, 24), (100, 30)]
FLOOR, ACTIONS, APPRECIATIONS = 5, 6, 1


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def _prepared(make_app, ui_clock, block: int = 0, *, draft: str | None = None, topic: str | None = None):
    """An app with a check-in already under way at ``block``; press r on home to resume it."""
    app = make_app()
    record = new_checkin({a.id: a for a in load_agendas()[0]}["weekly"], "a", ui_clock)
    session = CheckinSession(record, app.repo, ui_clock)
    for _ in range(block):
        session.next_block()
    if topic:
        session.set_topic(topic)
    if draft:
        session.type_note("a", draft)
        session.flush()
    return app


async def _resume(app, pilot) -> TalkScreen:
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, TalkScreen)
    screen = app.screen
    screen.set_focus(None)  # nothing focused, as after Esc or a stray click
    await pilot.pause()
    return screen


NOTES = [  # each starts with a letter of a talk command (ctrl+n, ctrl+g...) or an old one-letter key
    "patience is hard",
    "when you held me",
    "next week I cook",
    "finally we talked",
    "thank you",
    "really, thanks",
    "great evening",
    "on Sunday we rest",
    "+1 for dinner?",
]


@pytest.mark.parametrize("size", SIZES)
async def test_a_note_starting_with_any_letter_is_kept_whole_and_fires_nothing(make_app, ui_clock, size):
    """Each note of NOTES in turn, typed with nothing focused and saved with ctrl+s: each is kept
    whole and nothing else happens (no pause, no walk-away, no finish dialog, no turn passed).
    The first letter is pressed alone (it finds the note box); the rest and ctrl+s follow as a
    quick typist sends them (Pilot's wait after every key made this test 16 s a size)."""
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        kept: list[str] = []
        for note in NOTES:
            screen.set_focus(None)  # nothing focused, as after Esc or a stray click
            await pilot.pause()
            before = [e["type"] for e in screen.session.record["events"]]
            await pilot.press(note[0])
            _burst(app, [*note[1:], "ctrl+s"])
            for _ in range(50):
                await pilot.pause()
                if len(screen.session.record["events"]) > len(before):
                    break
            await pilot.pause()
            assert isinstance(app.screen, TalkScreen), note  # no pause, no walk-away, no finish dialog
            kept.append(note)
            state = screen.session.state
            assert [n.text for n in state.notes] == kept
            assert (state.block_index, state.turn_index, state.paused) == (APPRECIATIONS, 0, False), note
            after = [e["type"] for e in screen.session.record["events"]]
            assert after == before + ["note"], note


def _burst(app, text: str | list[str]) -> None:
    """Keys as a fast typist or a paste sends them: all queued at once, nothing waits for the app.
    ``text`` is characters, or a list of key names ("ctrl+n") and characters."""
    for item in text:
        key = {" ": "space"}.get(item, item)
        event = events.Key(key, item if len(item) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


@pytest.mark.parametrize("size", SIZES)
async def test_ratings_typed_in_a_burst_land_in_their_own_fields(make_app, ui_clock, size):
    """"7", Tab, "8" as fast as a person types them at a real terminal: the 8 goes where the Tab
    took the focus (connection), not into mood ("78")."""
    app = _prepared(make_app, ui_clock, 0)
    async with app.run_test(size=size) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#mood-a", Input)
        _burst(app, ["7", "tab", "8", "tab", "ctrl+n"])
        for _ in range(5):
            await pilot.pause()
        screen = app.screen
        assert (screen.query_one("#mood-a", Input).value, screen.query_one("#conn-a", Input).value) == ("7", "8")
        assert screen.query_one("#note-text", TextArea).text == ""


@pytest.mark.parametrize("size", SIZES)
async def test_a_space_right_behind_next_part_passes_the_floor_in_the_new_part(make_app, ui_clock, size):
    """ctrl+n ctrl+n space in one burst from Arrive's rating field (the kill -9 process test's
    keys): the space acts after the move, so the floor passes in Appreciations, and Arrive
    gets no stray space."""
    app = _prepared(make_app, ui_clock, 0)
    async with app.run_test(size=size) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.focused, Input)  # Arrive's first rating field
        _burst(app, ["ctrl+n", "ctrl+n", " "])
        for _ in range(5):
            await pilot.pause()
        state = app.screen.session.state
        assert (state.block_index, state.turn_index) == (1, 1)
        assert app.screen.query_one("#note-text", TextArea).text == ""


@pytest.mark.parametrize("size", SIZES)
async def test_keys_in_one_burst_with_resume_follow_to_the_talk(make_app, ui_clock, size):
    """'r' and a note in one burst: the keys queued behind 'r' at home go to the talk screen it
    opened, whole and in order ("thanks" holds h and a, home's Look back and Activities keys)."""
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        _burst(app, "rthanks for dinner")
        for _ in range(5):
            await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["HomeScreen", "TalkScreen"]
        assert app.screen.query_one("#note-text", TextArea).text == "thanks for dinner"


@pytest.mark.parametrize("size", SIZES)
async def test_commands_work_while_writing_a_note(make_app, ui_clock, size):
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        await pilot.press(*"half a tho")
        assert screen.focused is screen.query_one("#note-text", TextArea)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen) and screen.session.state.paused
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not screen.session.state.paused
        assert screen.query_one("#note-text", TextArea).text == "half a tho"  # nothing typed lost
        await pilot.press("escape", "space")  # out of the box, space passes the floor
        await pilot.pause()
        assert screen.session.state.turn_index == 1


async def test_the_footer_names_the_keys(make_app, ui_clock):
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _resume(app, pilot)
        shown = {b.binding.description: key for key, b in screen.active_bindings.items()}
        assert shown["Pass floor"] == "space" and shown["Pause"] == "ctrl+t"
        assert shown["Write a note"] == "enter" and shown["Finish"] == "ctrl+f"
        for key in shown.values():  # no command is a key that types
            assert len(key) > 1 or key == "?"


@pytest.mark.parametrize("size", SIZES)
async def test_a_restored_note_goes_on_at_its_end(make_app, ui_clock, size):
    app = _prepared(make_app, ui_clock, APPRECIATIONS, draft="I appreciated that you ")
    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        await pilot.press("enter", *"listened.")
        await pilot.pause()
        assert screen.query_one("#note-text", TextArea).text == "I appreciated that you listened."


@pytest.mark.parametrize("size", SIZES)
async def test_a_space_where_nobody_holds_the_floor_types_into_the_restored_note(make_app, ui_clock, size):
    """Arrive has no floor: a space there is part of the note ("hard today"), never swallowed."""
    app = _prepared(make_app, ui_clock, 0, draft="hard")
    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        assert not screen.space_is_a_command()
        await pilot.press(*" today")
        await pilot.pause()
        assert screen.query_one("#note-text", TextArea).text == "hard today"
        assert screen.session.state.block_index == 0


@pytest.mark.parametrize("size", SIZES)
async def test_arrive_digits_go_to_the_ratings_in_order(make_app, ui_clock, size):
    app = _prepared(make_app, ui_clock, 0)
    async with app.run_test(size=size) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert screen.focused is screen.query_one("#mood-a", Input)
        await pilot.press("7", "tab", "8", "tab")
        assert (screen.query_one("#mood-a", Input).value, screen.query_one("#conn-a", Input).value) == ("7", "8")
        box = screen.query_one("#ok-a", Checkbox)
        assert screen.focused is box and "Hard topic: no" in str(box.label)
        await pilot.press("space")
        assert box.value and "yes" in str(box.label)  # on and off differ in words, not only colour
        await pilot.press("tab", "enter")  # the Save button
        await pilot.pause()
        rating = screen.session.state.ratings[0]["a"]
        assert (rating.mood, rating.connection, rating.hard_topic_ok) == (7, 8, True)
        assert screen.focused is screen.query_one("#mood-b", Input)  # on to Bo
        assert screen.query_one("#note-text", TextArea).text == ""
        await pilot.press(*"tired")  # a letter in a digits field starts a note, it is not dropped
        assert screen.query_one("#note-text", TextArea).text == "tired"
        done = screen.query_one("#done-a")
        assert done.region.right <= screen.size.width  # "saved" is not cut off


@pytest.mark.parametrize("size", SIZES)
async def test_first_tab_on_a_fresh_talk_screen_lands_on_the_part_not_the_note(make_app, ui_clock, size):
    app = _prepared(make_app, ui_clock, FLOOR)
    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        await pilot.press("tab", *"the dishes")  # a burst: the text follows the Tab
        await pilot.pause()
        assert screen.query_one("#topic", Input).value == "the dishes"
        assert screen.query_one("#note-text", TextArea).text == ""


@pytest.mark.parametrize("size", SIZES)
async def test_the_floor_by_keys_alone_up_to_solving(make_app, ui_clock, size):
    app = _prepared(make_app, ui_clock, FLOOR, topic="the dishes")
    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        session = screen.session
        assert "Ana's turn" in _text(screen, "#timer-caption")
        await pilot.press("space")
        assert "Bo's paraphrase" in _text(screen, "#timer-caption")
        await pilot.press("space")
        await pilot.pause()
        assert session.state.phase == "check"
        assert "time left in this part" in _text(screen, "#timer-caption")  # says whose time it is
        shown = {b.binding.description: key for key, b in screen.active_bindings.items()}
        assert shown["I feel understood"] == "space" and shown["There is more"] == "ctrl+o"
        await pilot.press("ctrl+o")  # there is more: Ana goes on
        await pilot.pause()
        assert session.state.phase == "speak" and session.state.speaker == "a"
        await pilot.press("space", "space", "space")  # paraphrase, is there more, understood
        await pilot.pause()
        assert session.state.understood["a"] and session.state.speaker == "b"
        await pilot.press("space", "space", "space")
        await pilot.pause()
        assert session.state.phase == "solve"
        types = [e["type"] for e in session.record["events"]]
        assert types.count("understood") == 2 and types.count("more") == 1


@pytest.mark.parametrize("size", SIZES)
async def test_enter_on_finish_acts_on_the_marked_button(make_app, ui_clock, size):
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert "▸ Keep going ◂" in str(dialog.query_one("#no", Button).label)
        assert "Enter: Keep going" in _text(dialog, "#confirm-keys")
        await pilot.press("shift+tab")
        await pilot.pause()
        assert "▸ Finish ◂" in str(dialog.query_one("#yes", Button).label)
        assert "Enter: Finish" in _text(dialog, "#confirm-keys")
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert app.screen is screen and not screen.session.state.finished


@pytest.mark.parametrize("size", SIZES)
async def test_whose_turn_and_the_time_stay_on_screen_when_the_part_scrolls(make_app, ui_clock, size):
    app = _prepared(make_app, ui_clock, FLOOR, topic="the dishes")
    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        for n in range(6):
            screen.session.add_note("a", f"note {n}")
        screen.redraw_now()
        await pilot.press(*"a long note", "ctrl+s", "escape", "end")
        screen.query_one("#talk-main").scroll_end(animate=False)
        await pilot.pause()
        for selector in ("#floor-banner", "#countdown", "#timer-caption"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.y >= 1 and region.bottom <= size[1] - 2, selector
        assert "Ana has the floor" in _text(screen, "#floor-banner")


async def test_at_100x30_the_countdown_is_the_big_one(make_app, ui_clock):
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _resume(app, pilot)
        assert screen.query_one("#countdown").region.height == 5
    small = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with small.run_test(size=(80, 24)) as pilot:
        screen = await _resume(small, pilot)
        assert screen.query_one("#countdown").region.height == 3


async def test_at_60x20_everything_is_there_in_a_compact_form(make_app, ui_clock):
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await _resume(app, pilot)
        assert screen.query_one("#countdown").region.height == 1
        assert screen.query_one("#floor-banner").region.height >= 1
        for button in screen.query("#talk-buttons Button"):
            assert button.region.width >= len(str(button.label)), str(button.label)
            assert button.region.right <= 60 and button.region.y < 19  # above the footer
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, WalkAwayScreen)
        for ident in ("#go", "#stay"):
            region = app.screen.query_one(ident).region
            assert region.height > 0 and region.bottom <= 20, ident


async def test_at_40x12_the_agenda_gives_way_to_the_timer(make_app, ui_clock):
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await _resume(app, pilot)
        assert not screen.query_one("#agenda-list").display
        assert screen.query_one("#countdown").region.height == 1
        assert screen.query_one("#countdown").region.right <= 40


@pytest.mark.parametrize("size", SIZES)
async def test_next_part_asks_beside_the_timer_not_in_a_toast(make_app, ui_clock, size):
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Press ctrl+n again to go on to What went right" in _text(screen, "#talk-hint")
        assert not app._notifications
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.session.state.block_index == APPRECIATIONS + 1
        assert _text(screen, "#talk-hint") == ""  # gone with the move


@pytest.mark.parametrize("size", SIZES)
async def test_action_items_have_room_and_refuse_far_future_dates(make_app, ui_clock, size):
    app = _prepared(make_app, ui_clock, ACTIONS)
    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        text = screen.query_one("#action-text", Input)
        assert text.region.width >= 30
        text.value = "Book the table"
        screen.query_one("#action-due", Input).value = "9999-12-31"
        await pilot.click("#action-add")
        await pilot.pause()
        assert not screen.session.state.actions
        assert any("more than 3 years away" in n.message for n in app._notifications)


async def test_stay_after_pause_and_walk_away_keeps_the_pause(make_app, ui_clock):
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _resume(app, pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WalkAwayScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen) and screen.session.state.paused


@pytest.mark.parametrize("size", SIZES)
async def test_a_burst_that_starts_a_note_keeps_its_order_when_the_screen_is_slow(make_app, ui_clock, size,
                                                                                 monkeypatch):
    """The browser test under CI's load saved "Tahnks for cooking": the first letter starts the
    note and focuses its box, the next letters were already on their way to the screen, and the
    box (its own queue) took a later one before the screen handed over the earlier. Here the
    screen is slowed the way load slows it, and every letter must land in the order typed."""
    app = _prepared(make_app, ui_clock, APPRECIATIONS)
    slow_on_key = TalkScreen.on_key

    async def on_key(self, event):  # a loaded machine: the screen takes 50 ms over each key
        await asyncio.sleep(0.05)
        slow_on_key(self, event)

    async with app.run_test(size=size) as pilot:
        screen = await _resume(app, pilot)
        monkeypatch.setattr(TalkScreen, "on_key", on_key)
        note = "Thanks for cooking on Tuesday"
        for letter in note:  # a fast typist: a key every 30 ms, each sent as it is typed
            _burst(app, letter)
            await asyncio.sleep(0.03)
        box = screen.query_one("#note-text", TextArea)
        for _ in range(200):  # bounded: until every letter has landed
            if len(box.text) >= len(note):
                break
            await pilot.pause(0.01)
        assert box.text == note
