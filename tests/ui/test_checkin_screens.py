"""The weekly talk, driven through the screens with a fake clock."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from checkin.core.agenda import load_agendas
from checkin.core.runner import new_checkin
from checkin.core.session import CheckinSession
from checkin.screens.breakview import BreakScreen
from checkin.screens.home import HomeScreen
from checkin.screens.pause import PauseScreen
from checkin.screens.start import StartScreen
from checkin.screens.summary import SummaryScreen
from checkin.screens.talk import TalkScreen
from checkin.screens.walkaway import WalkAwayScreen
from tests.ui.settle import resume_and_settle

SIZES = [(80, 24), (120, 40)]


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def _start(app, pilot, agenda: str = "weekly"):
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, StartScreen)
    ids = [a.id for a in app.screen.agendas]
    app.screen.query_one("#agendas").highlighted = ids.index(agenda)
    await pilot.click("#start-button")
    await pilot.pause()
    assert isinstance(app.screen, TalkScreen)
    return app.screen


async def test_whole_flow_turns_floor_notes_and_summary(make_app, ui_clock):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await _start(app, pilot, "short")
        session = screen.session
        assert app.repo.current()["id"] == session.record["id"]  # saved at once
        # arrive: both rate
        for p, (mood, conn) in {"a": (6, 5), "b": (7, 8)}.items():
            screen.query_one(f"#mood-{p}", Input).value = str(mood)
            screen.query_one(f"#conn-{p}", Input).value = str(conn)
            await pilot.click(f"#save-{p}")
        await pilot.pause()
        assert session.state.ratings[0]["b"].connection == 8
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        state = session.state
        assert state.block.kind == "turns"
        first = state.speaker
        assert first == "a"  # no history: Ana starts
        assert "Ana has the floor, Bo listens" in _text(screen, "#floor-banner")
        ui_clock.advance(70)
        await pilot.press("space")
        await pilot.pause()
        assert session.state.speaker == "b"
        assert "Bo has the floor, Ana listens" in _text(screen, "#floor-banner")
        # a note, typed: the keys type, they do not pass the floor or pause
        screen.query_one("#note-text", TextArea).focus()
        await pilot.press(*"thanks for the pn", "space")
        await pilot.pause()
        assert session.state.speaker == "b" and not session.state.paused
        await pilot.press("escape", "ctrl+s")
        await pilot.pause()
        notes = session.state.notes_for()
        assert [n.text for n in notes] == ["thanks for the pn"]
        assert notes[0].partner == "b"  # defaults to whoever holds the floor
        # +1 minute and overtime shown calmly
        before = session.state.countdown
        await pilot.press("ctrl+g")
        assert session.state.countdown == pytest.approx(before + 60)
        ui_clock.advance(10 * 60)
        screen.redraw()
        assert session.state.overtime
        assert screen.query_one("#countdown").has_class("-overtime")
        assert "over time" in _text(screen, "#timer-caption")
        # finish early
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Ana" in _text(app.screen, "#share") and "%" in _text(app.screen, "#share")
    assert app.repo.current() is None
    rows = app.repo.summaries()
    assert len(rows) == 1 and rows[0]["status"] == "ended_early"
    assert rows[0]["first_speaker"] == "a"


async def test_pause_freezes_every_timer(make_app, ui_clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        session = screen.session
        ui_clock.advance(30)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        frozen = session.state.countdown
        talk = dict(session.state.talk)
        ui_clock.advance(300)
        assert session.state.countdown == frozen
        assert session.state.talk == talk
        assert session.state.pause_len == pytest.approx(300)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, TalkScreen)
        assert not session.state.paused


async def test_walk_away_then_both_ready_resumes(make_app, ui_clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        session = screen.session
        await pilot.press("ctrl+n", "ctrl+n")  # appreciations
        block = session.state.block_index
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, WalkAwayScreen)
        await pilot.click("#go")
        await pilot.pause()
        assert isinstance(app.screen, BreakScreen)
        assert session.state.on_break and session.state.break_planned == 20 * 60
        # nothing of the conversation on the break screen
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Appreciations" not in shown
        await pilot.press("1")  # too early: refused gently
        await pilot.pause()
        assert not session.state.ready["a"]
        ui_clock.advance(20 * 60 + 1)
        await pilot.press("m")  # ask for 10 more minutes
        assert session.state.break_planned == 30 * 60
        await pilot.press("1")
        await pilot.pause()
        assert session.state.on_break and session.state.ready["a"]
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        assert not session.state.on_break
        assert isinstance(app.screen, TalkScreen)
        assert session.state.block_index == block


async def test_break_survives_closing_the_app(make_app, ui_clock, tmp_path):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _start(app, pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.click("#go")
        await pilot.pause()
    ui_clock.advance(5 * 60)
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        # started again during a break: straight back to the break and its countdown
        assert isinstance(again.screen, BreakScreen)
        left = again.screen.session.state.break_left
        assert 14 * 60 < left < 15 * 60 + 1  # the break kept counting while closed
        assert "in 15:00" in _text(again.screen, "#break-when")


@pytest.mark.slow  # a long journey (seconds of CPU); its steps have quicker tests; CI runs it
async def test_end_for_today_from_a_break_then_resume_later(make_app, ui_clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        await pilot.press("ctrl+n", "ctrl+n")
        block = screen.session.state.block_index
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.click("#go")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "break" in _text(app.screen, "#resume-banner")
    ui_clock.advance(26 * 3600)  # the next evening
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)  # put aside on purpose: home, not the break
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(again.screen, BreakScreen)
        assert again.screen.session.state.can_return
        await pilot.press("1", "2")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(again.screen, TalkScreen)
        assert again.screen.session.state.block_index == block


async def test_finish_keeps_a_long_note_whole_as_notes(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        screen.query_one("#note-text", TextArea).text = "y" * 4500
        await pilot.pause()
        assert screen.query_one("#note-text").has_class("-too-long")
        screen.flush()
        assert len(app.repo.current()["draft"]["text"]) == 4500  # kept whole, even past one note
        screen.finish()
        await pilot.pause()
        assert app.screen.result["notes"] == 2  # 4000 + 500 characters: nothing lost


async def test_names_with_brackets_are_shown_as_written(make_app):
    app = make_app(couple=("Ana [/]", "Bo [b]x[/b]"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Ana [/]" in _text(app.screen, "#couple")
        screen = await _start(app, pilot)
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        assert "Ana [/] has the floor" in _text(screen, "#floor-banner")
        await pilot.press("space")
        await pilot.pause()
        assert "Bo [b]x[/b] has the floor" in _text(screen, "#floor-banner")


async def test_resume_at_the_same_block_and_turn(make_app, ui_clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        await pilot.press("ctrl+n", "ctrl+n")
        ui_clock.advance(40)
        await pilot.press("space")
        ui_clock.advance(25)
        screen.flush()
        expected = screen.session.state
    ui_clock.advance(3600)  # closed for an hour: does not count
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        state = again.screen.session.state
        assert (state.block_index, state.speaker, state.turn_index) == (
            expected.block_index, expected.speaker, expected.turn_index,
        )
        assert state.countdown == pytest.approx(expected.countdown, abs=0.01)
        assert state.talk == pytest.approx(expected.talk, abs=0.01)


async def test_a_long_paste_is_kept_whole_as_several_notes(make_app):
    app = make_app()
    paragraph = "I want us to talk about the holidays early this year. " * 30
    pasted = "\n\n".join(f"{n}. {paragraph}" for n in range(8))  # 13 KB: 4 notes' worth
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        screen.query_one("#note-text", TextArea).text = pasted
        await pilot.pause()
        assert screen.query_one("#note-text").has_class("-too-long")
        await pilot.press("ctrl+s")
        await pilot.pause()
        notes = screen.session.state.notes
        assert len(notes) > 1 and all(len(n.text) <= 4000 for n in notes)
        assert "\n\n".join(n.text for n in notes).split() == pasted.split()  # nothing lost
        assert all(n.text.rstrip().endswith(".") for n in notes)  # split at paragraph ends
        assert screen.query_one("#note-text", TextArea).text == ""
        assert "Kept as" in _text(screen, "#talk-hint")


async def test_a_paste_too_long_for_the_draft_is_saved_as_notes_not_cut(make_app):
    app = make_app()
    pasted = "\n\n".join(f"Paragraph {n}: " + "so much to say " * 60 for n in range(40))
    assert len(pasted) > 16000
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        screen.query_one("#note-text", TextArea).text = pasted
        screen.flush()
        await pilot.pause()
    saved = app.repo.current()
    texts = [e["text"] for e in saved["events"] if e["type"] == "note"]
    assert "\n\n".join(texts).split() == pasted.split()


async def test_unsaved_note_text_is_kept_by_the_heartbeat(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        screen.query_one("#note-text", TextArea).text = "half a thought"
        screen.flush()
    assert app.repo.current()["draft"]["text"] == "half a thought"
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert again.screen.query_one("#note-text", TextArea).text == "half a thought"


async def test_first_speaker_alternates_week_to_week(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        assert screen.session.record["first_speaker"] == "a"
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert "Bo" in _text(app.screen, ".lead")


# -- snapshots -------------------------------------------------------------------------


def _running(make_app, ui_clock, *, pause=False, walk=False, floor=False):
    app = make_app()
    agendas, _ = load_agendas()
    record = new_checkin({a.id: a for a in agendas}["weekly"], "a", ui_clock)
    session = CheckinSession(record, app.repo, ui_clock)
    session.set_rating("a", 6, 5, True)
    ui_clock.advance(100)
    session.next_block()
    ui_clock.advance(75)
    if floor:
        for _ in range(4):
            session.next_block()
        session.set_topic("the dishes")
        ui_clock.advance(200)
        session.add_note("a", "I feel tired when the dishes pile up; I need us to share it.")
    if pause:
        session.pause()
        ui_clock.advance(95)
    if walk:
        session.walk_away(20)
        ui_clock.advance(4 * 60 + 10)
    return app


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_checkin_running(snap_compare, make_app, ui_clock, size):
    app = _running(make_app, ui_clock)
    assert snap_compare(app, terminal_size=size, press=["r"])


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_checkin_floor(snap_compare, make_app, ui_clock, size):
    app = _running(make_app, ui_clock, floor=True)
    assert snap_compare(app, terminal_size=size, press=["r"])


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_pause_overlay(snap_compare, make_app, ui_clock, size):
    app = _running(make_app, ui_clock, pause=True)
    assert snap_compare(app, terminal_size=size, run_before=resume_and_settle)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_break_view(snap_compare, make_app, ui_clock, size):
    app = _running(make_app, ui_clock, walk=True)
    assert snap_compare(app, terminal_size=size, run_before=resume_and_settle)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_summary(snap_compare, make_app, ui_clock, size):
    app = _running(make_app, ui_clock, floor=True)

    async def finish(pilot):
        await pilot.press("r")
        await pilot.pause()
        app.screen.session.add_action("Book the table for Friday", "both", "2026-12-03")
        app.screen.finish()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=finish)


async def test_review_actions_and_floor_panels(make_app, ui_clock):
    """Last week's items are reviewed, new items get an owner and a date, and the one issue
    goes speaker -> paraphrase -> "Is there more?" -> understood, by buttons."""
    from textual.widgets import Select

    app = make_app()
    agendas, _ = load_agendas()
    previous = [{"id": "x1", "text": "Call the plumber", "owner": "b", "due": "2026-11-20"}]
    record = new_checkin({a.id: a for a in agendas}["weekly"], "a", ui_clock, previous_actions=previous)
    session = CheckinSession(record, app.repo, ui_clock)
    for _ in range(3):
        session.next_block()
    assert session.state.block.kind == "review"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert "Call the plumber" in _text(screen, "#item-0")
        await pilot.click("#carried-0")
        await pilot.pause()
        session = screen.session
        assert session.state.review == {"x1": "carried"}
        assert "carried over" in _text(screen, "#item-0")
        # the one issue
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.pause()
        assert session.state.block.kind == "floor"
        topic = screen.query_one("#topic", Input)
        topic.value = "the dishes"
        topic.focus()
        await pilot.press("enter", "escape")
        assert session.state.topics[session.state.block_index] == "the dishes"
        assert session.state.phase == "speak"
        await pilot.press("space")  # -> the listener paraphrases
        assert session.state.phase == "paraphrase"
        assert "Bo paraphrases, Ana listens" in _text(screen, "#floor-banner")
        await pilot.press("space")  # -> "Is there more?"
        await pilot.pause()
        assert session.state.phase == "check"
        assert screen.query_one("#more").display
        await pilot.click("#more")
        await pilot.pause()
        assert session.state.phase == "speak" and session.state.speaker == "a"
        await pilot.press("space", "space")
        await pilot.pause()
        await pilot.click("#understood")
        await pilot.pause()
        assert session.state.understood["a"] and session.state.speaker == "b"
        await pilot.press("space", "space")
        await pilot.pause()
        await pilot.click("#understood")
        await pilot.pause()
        assert session.state.phase == "solve"
        assert "both feel understood" in _text(screen, "#floor-banner")
        # action items
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        assert session.state.block.kind == "actions"
        screen.query_one("#action-text", Input).value = "Dishes rota on the fridge"
        screen.query_one("#action-owner", Select).value = "a"
        screen.query_one("#action-due", Input).value = "2026-13-40"
        await pilot.click("#action-add")
        await pilot.pause()
        assert not session.state.actions  # a bad date is explained, nothing saved
        assert any("not a day in the calendar" in n.message for n in app._notifications)
        due = screen.query_one("#action-due", Input)
        due.value = "2026-12-03"
        due.focus()
        await pilot.press("enter")  # Enter in the date field adds the item too
        await pilot.pause()
        [action] = session.state.actions
        assert (action.text, action.owner, action.due) == ("Dishes rota on the fridge", "a", "2026-12-03")
    saved = app.repo.current()
    assert [e["type"] for e in saved["events"]].count("action") == 1


async def test_a_single_stray_n_never_skips_a_part(make_app, ui_clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.session.state.block_index == 0
        assert "Press ctrl+n again" in _text(screen, "#talk-hint")
        ui_clock.advance(5)  # too late for the second press: it asks again
        await pilot.press("ctrl+n")
        assert screen.session.state.block_index == 0
        await pilot.press("ctrl+n")
        assert screen.session.state.block_index == 1


async def test_a_note_left_in_the_box_is_saved_to_its_own_part(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        screen.query_one("#note-text", TextArea).text = "arrived tired"
        await pilot.click("#b-next")
        await pilot.pause()
        state = screen.session.state
        assert state.block_index == 1
        assert [(n.block, n.text) for n in state.notes] == [(0, "arrived tired")]
        assert screen.query_one("#note-text", TextArea).text == ""


async def test_pause_can_become_a_walk_away(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WalkAwayScreen)
        assert screen.session.state.paused  # still paused while they choose
        await pilot.click("#stay")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)  # "Stay" keeps the pause
        assert screen.session.state.paused
        await pilot.press("w")
        await pilot.pause()
        await pilot.click("#go")
        await pilot.pause()
        assert isinstance(app.screen, BreakScreen)
        assert not screen.session.state.paused and screen.session.state.on_break


async def test_parking_from_a_break_asks_first_and_waits_for_20_minutes(make_app, ui_clock):
    from checkin.screens.confirm import ConfirmScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.click("#go")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, BreakScreen)  # too early: explained, nothing parked
        ui_clock.advance(20 * 60 + 1)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.session.state.on_break and not screen.session.state.parked
        await pilot.press("k")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        await pilot.pause()
        state = screen.session.state
        assert [p.text for p in state.parked] == ["Arrive"] and not state.on_break
        assert state.block_index == 1


async def test_one_issue_remembers_who_was_not_up_for_a_hard_topic(make_app, ui_clock):
    app = make_app()
    agendas, _ = load_agendas()
    record = new_checkin({a.id: a for a in agendas}["short"], "a", ui_clock)
    session = CheckinSession(record, app.repo, ui_clock)
    session.set_rating("a", 6, 6, True)
    session.set_rating("b", 3, 4, False)
    while session.state.block.kind != "floor":
        session.next_block()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        guide = _text(app.screen, "#floor-guide")
        assert "did not feel like the day for a hard topic" in guide
        first = guide.splitlines()[0]
        assert "Bo" not in first and "Ana" not in first  # said without naming who declined


async def test_typing_with_no_box_focused_starts_a_note_instead_of_commands(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        await pilot.press("ctrl+n", "ctrl+n")  # appreciations: the floor is Ana's
        await pilot.pause()
        screen.query_one("#b-plus").can_focus = True
        screen.query_one("#b-plus").focus()  # as if a Tab had landed on a button
        await pilot.press(*"hello there, no need to finish")
        await pilot.pause()
        state = screen.session.state
        assert (state.block_index, state.turn_index, state.paused) == (1, 0, False)
        assert screen.query_one("#note-text", TextArea).text == "hello there, no need to finish"


async def test_n_then_other_letters_then_n_does_not_skip(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start(app, pilot)
        await pilot.press("ctrl+n", "o", "escape", "ctrl+n")
        await pilot.pause()
        assert screen.session.state.block_index == 0
