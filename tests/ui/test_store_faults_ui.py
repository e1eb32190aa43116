"""Storage faults seen from the app: a full disk mid-check-in, damage found inside history.json.
The app keeps running, says what is wrong and the way out, and loses nothing it can keep."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import arrow
import pytest
from textual.widgets import Input, TextArea

from checkin.screens.history import HistoryScreen
from checkin.screens.summary import SummaryScreen
from checkin.screens.talk import TalkScreen
from checkin.store import atomic, journal
from checkin.store.demo import write_demo
from checkin.store.repository import CURRENT, HISTORY, Repository

from .conftest import NOW
from .test_checkin_screens import _start


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def disk_full(monkeypatch) -> None:
    """Every data write fails as on a full disk (at the storage layer, like a real ENOSPC)."""

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.AtomicJSONStorage, "write_bytes", staticmethod(full))
    monkeypatch.setattr(journal, "_write_new", full)


@pytest.mark.slow  # a long journey (seconds of CPU); its steps have quicker tests; CI runs it
async def test_a_full_disk_mid_checkin_keeps_the_app_and_the_notes_then_saves_when_there_is_room(
    make_app, monkeypatch, tmp_path
):
    app = make_app()
    folder = app.repo.folder
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await _start(app, pilot, "short")
        for p in "ab":
            screen.query_one(f"#mood-{p}", Input).value = "6"
            screen.query_one(f"#conn-{p}", Input).value = "7"
            await pilot.click(f"#save-{p}")
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        disk_full(monkeypatch)
        screen.query_one("#note-text", TextArea).focus()
        await pilot.press(*"written while the disk is full")
        await pilot.press("escape", "ctrl+s")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, TalkScreen)
        assert [n.text for n in screen.session.state.notes_for()] == ["written while the disk is full"]
        assert any("The disk is full" in m and "nothing new can be saved" in m for m in notices(app))
        assert "written while the disk is full" not in (folder / CURRENT).read_text(encoding="utf-8")
        # finishing while full: the summary shows, the check-in waits in memory
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.repo.unsaved and app.is_running
        monkeypatch.undo()  # space was freed
        for _ in range(40):  # the app tries again every few seconds
            if not app.repo.unsaved:
                break
            await pilot.pause(0.25)
        assert app.repo.unsaved == []
        assert any("everything is saved" in m for m in notices(app))
    again = Repository(folder).open()
    [row] = again.summaries()
    record = again.checkin(row["id"])
    assert any(e.get("text") == "written while the disk is full" for e in record["events"])
    assert again.current() is None
    again.close()


async def test_the_app_opens_on_a_full_disk_and_says_so_at_the_first_save(make_app, monkeypatch):
    app = make_app()
    disk_full(monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _start(app, pilot, "short")  # the new draft cannot be written
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, TalkScreen)
        assert any("The disk is full" in m for m in notices(app))


async def test_damage_inside_history_found_by_look_back_is_named_and_the_app_keeps_running(make_app, tmp_path: Path):
    folder = tmp_path / "data"
    write_demo(folder, 20, seed=4, end=arrow.get(NOW))
    raw = bytearray((folder / HISTORY).read_bytes())
    raw[len(raw) // 2] = 0  # a NUL in the middle: the quick look at the ends at start-up misses it
    (folder / HISTORY).write_bytes(bytes(raw))
    app = make_app(folder=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(HistoryScreen())
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"talk")  # the filter reads the whole history for note words
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, HistoryScreen)
        [message] = [m for m in notices(app) if "damaged" in m]
        assert str(folder / HISTORY) in message and "checkin doctor" in message
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.listing.rows, "the list from the index still shows"


async def test_damage_inside_history_found_by_a_checkin_in_detail_is_named_too(make_app, tmp_path: Path):
    from checkin.screens.detail import CheckinDetailScreen

    folder = tmp_path / "data"
    write_demo(folder, 20, seed=4, end=arrow.get(NOW))
    raw = bytearray((folder / HISTORY).read_bytes())
    raw[len(raw) // 2] = 0
    (folder / HISTORY).write_bytes(bytes(raw))
    app = make_app(folder=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(CheckinDetailScreen(app.repo.summaries()[0]["id"]))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, CheckinDetailScreen)
        [message] = [m for m in notices(app) if "damaged" in m]
        assert "checkin doctor" in message


async def test_damage_inside_the_index_found_after_the_first_frame_is_named_and_the_app_keeps_running(
    make_app, tmp_path: Path
):
    """index.json is read in full only when first needed (after home shows): damage in its middle
    is then named with the way out, and the app stays up on home instead of quitting."""
    from checkin.screens.home import HomeScreen
    from checkin.store.repository import INDEX

    folder = tmp_path / "data"
    write_demo(folder, 40, seed=4, end=arrow.get(NOW))
    raw = bytearray((folder / INDEX).read_bytes())
    assert len(raw) > 3 * 4096  # the middle is beyond the quick look at the ends
    raw[len(raw) // 2] = 0
    (folder / INDEX).write_bytes(bytes(raw))
    app = make_app(folder=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("h")  # Look back reads the index
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.return_code is None
        [message] = [m for m in notices(app) if "damaged" in m]
        assert str(folder / INDEX) in message and "checkin doctor" in message
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")  # a check-in can still be held (it is kept in current.json)
        await pilot.pause()
        assert type(app.screen).__name__ == "StartScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "TalkScreen" and app.is_running
        assert app.repo.current() is not None


async def test_a_refusal_no_screen_asked_about_is_a_notice_not_a_crash(make_app):
    """Hobbies saved by a newer checkin are never written back: the refusal reaches the couple
    as a notice wherever a screen saves without asking first, and the app keeps running."""
    from checkin.core.hobbies import STATE_VERSION
    from checkin.core.hobby_service import SECTION, HobbyData

    app = make_app()
    app.repo.save_section(SECTION, {"version": STATE_VERSION + 1, "ratings_a": {"walk": "love"}})
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        data = HobbyData(app.repo, app.clock)
        home.set_timer(0.01, data.save)  # a handler that saves without catching
        for _ in range(50):
            await pilot.pause(0.02)
            if app._notifications:
                break
        assert app.is_running and app.screen is home
        assert any("newer checkin" in n.message for n in app._notifications)
    assert app.repo.section(SECTION)["version"] == STATE_VERSION + 1
