"""The screens on the session: one heartbeat for a running check-in (a break saves once a
second, not twice), a key press is one event and one save, and no screen saves on its own."""

from __future__ import annotations

import time

import arrow

from checkin.app import CheckinApp
from checkin.core.agenda import load_agendas
from checkin.core.model import Couple, Settings
from checkin.core.session import CheckinSession
from checkin.screens.breakview import BreakScreen
from checkin.screens.talk import TalkScreen
from checkin.store.repository import Repository


class WallClock:
    """Monotonic time that really passes (the Textual timers do), a fixed date for the eye."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> arrow.Arrow:
        return arrow.get("2026-11-26T12:00:00+00:00")


def _counting(app: CheckinApp) -> list[tuple[float, int]]:
    """Every write of current.json: (real time, how many events it held)."""
    writes: list[tuple[float, int]] = []
    save = app.repo.save_current

    def counted(record):
        writes.append((time.monotonic(), len(record["events"])))
        save(record)

    app.repo.save_current = counted  # type: ignore[method-assign]
    return writes


async def test_a_break_saves_once_a_second_not_twice(tmp_path):
    clock = WallClock()
    repo = Repository(tmp_path / "data", clock).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    app = CheckinApp(repo, clock)
    writes = _counting(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        agenda = {a.id: a for a in load_agendas()[0]}["weekly"]
        session = CheckinSession.begin(app.repo, clock, agenda, "a", names={"a": "Ana", "b": "Bo"})
        session.walk_away(20)
        await app.push_screen(TalkScreen(session))  # the talk shows the break on top of itself
        await pilot.pause(0.5)
        assert isinstance(app.screen, BreakScreen)
        start = time.monotonic()
        await pilot.pause(4.0)
        seconds = time.monotonic() - start
        during = [t for t, _ in writes if start <= t <= start + seconds]
    # one heartbeat: about once a second (timers may drop a tick under load, never add one);
    # two heartbeats (talk and break, as before the session) made twice as many
    assert 1 <= len(during) <= seconds + 1, (len(during), seconds)
    repo.close()


async def test_a_pass_of_the_floor_is_one_event_and_one_save(make_app, ui_clock):
    app = make_app()
    agenda = {a.id: a for a in load_agendas()[0]}["weekly"]
    session = CheckinSession.begin(app.repo, ui_clock, agenda, "a")
    while session.state.block.kind != "floor":
        session.next_block()
    writes = _counting(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TalkScreen)
        screen.set_focus(None)
        events = len(screen.session.record["events"])
        before = len(writes)
        ui_clock.advance(30)
        await pilot.press("space")  # binding -> action -> session -> runner event -> save -> redraw
        await pilot.pause()
        assert [e["type"] for e in screen.session.record["events"][events:]] == ["pass_floor"]
        written = [n for _, n in writes[before:]]
        assert written and written[-1] == events + 1  # saved, with the one new event
        assert set(written) <= {events, events + 1}  # heartbeats may come between; no other event
        assert app.repo.current()["events"][-1]["type"] == "pass_floor"
        assert "Bo" in str(screen.query_one("#floor-banner").render())  # redrawn: Bo paraphrases


async def test_finishing_is_the_sessions_work_and_the_summary_shows_it(make_app, ui_clock):
    app = make_app()
    agenda = {a.id: a for a in load_agendas()[0]}["short"]
    CheckinSession.begin(app.repo, ui_clock, agenda, "b")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TalkScreen)
        screen.query_one("#note-text").text = "thank you for tonight"
        ui_clock.advance(120)
        screen.finish()
        await pilot.pause()
        assert app.screen.result is screen.session.summary
    assert app.repo.current() is None
    [row] = app.repo.summaries()
    assert row["first_speaker"] == "b" and row["status"] == "ended_early"
    full = app.repo.checkin(row["id"])
    assert [e["text"] for e in full["events"] if e["type"] == "note"] == ["thank you for tonight"]


async def test_after_a_note_is_carried_into_its_part_the_next_one_is_by_the_floor_holder(make_app, ui_clock):
    app = make_app()
    CheckinSession.begin(app.repo, ui_clock, {a.id: a for a in load_agendas()[0]}["weekly"], "a")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#note-text").text = "arrived tired"
        await pilot.click("#b-next")  # on to the appreciations, where Ana speaks first
        await pilot.pause()
        assert [(n.block, n.text) for n in screen.session.state.notes] == [(0, "arrived tired")]
        assert screen.query_one("#note-text").text == ""
        assert screen.query_one("#note-author").value == "a"


async def test_leaving_a_part_whose_field_had_the_focus_leaves_nothing_focused(make_app, ui_clock):
    """The Arrive rating field has the focus; on to the next part, the focus must not fall to the
    next widget (the note box or its Save button), so space passes the floor there."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TalkScreen) and screen.focused is not None  # a rating field
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        assert screen.focused is None
        await pilot.press("space")
        await pilot.pause()
        assert [e["type"] for e in screen.session.record["events"]][-2:] == ["next_block", "pass_floor"]
