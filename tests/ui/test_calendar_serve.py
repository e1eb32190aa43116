"""The settings button for the calendar file, the page a second browser tab gets, and saving on
any way out of the app (a closed browser tab asks the app to quit)."""

from __future__ import annotations

import shlex
import stat
from pathlib import Path

import platformdirs
import pytest
from icalendar import Calendar
from textual.widgets import Button, Static

from checkin import serve
from checkin.cli_support import CliError
from checkin.core import calendar as ical
from checkin.errors import AlreadyOpenError, DamagedFileError
from checkin.screens.settings import SettingsScreen


async def test_settings_button_writes_the_weekly_file(make_app, tmp_path, monkeypatch):
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    monkeypatch.setattr(platformdirs, "user_downloads_dir", lambda: str(downloads))
    monkeypatch.setenv("TZ", "Europe/Berlin")
    app = make_app(weekday=4, time="20:15")
    async with app.run_test(size=(100, 40)) as pilot:
        app.open_settings()
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#calendar", Button).press()
        await pilot.pause()
        path = downloads / "checkin-weekly.ics"
        assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
        event = Calendar.from_ical(path.read_text()).walk("VEVENT")[0]
        assert event["DTSTART"].dt.strftime("%A %H:%M") == "Friday 20:15"
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        messages = [n.message for n in app._notifications]
        assert any(str(path) in m and "every Friday at 20:15" in m for m in messages), messages
        # Pressing again after a change updates the same file and event.
        settings = app.repo.settings()
        settings.time = "21:00"
        app.repo.save_settings(settings)
        app.screen.query_one("#calendar", Button).press()
        await pilot.pause()
        event = Calendar.from_ical(path.read_text()).walk("VEVENT")[0]
        assert event["SEQUENCE"] == 1 and event["DTSTART"].dt.hour == 21
        assert not (downloads / "checkin-weekly-2.ics").exists()


def test_button_never_overwrites_someone_elses_file(make_app, tmp_path):
    app = make_app()
    (tmp_path / "checkin-weekly.ics").write_text("BEGIN:VCALENDAR\nUID:not-ours\nEND:VCALENDAR\n")
    path = ical.app_reminder_path(app.repo, tmp_path)
    assert path.name == "checkin-weekly-2.ics"
    assert (tmp_path / "checkin-weekly.ics").read_text().count("not-ours") == 1


async def test_every_way_out_saves_first(make_app):
    """textual-serve closes a tab by asking the app to quit (ExitApp): that must save like ctrl+q."""
    app = make_app()
    calls = []
    async with app.run_test() as pilot:
        app.save_everything = lambda: calls.append("saved")  # type: ignore[method-assign]
        app.exit()
        await pilot.pause()
    assert calls, "leaving the app without ctrl+q did not save"


async def test_already_open_page_says_so_calmly():
    app = serve.MessageApp(serve.ALREADY_OPEN_TITLE, serve.ALREADY_OPEN_TEXT)
    async with app.run_test(size=(80, 24)):
        title = str(app.screen.query_one("#title", Static).content)
        text = str(app.screen.query_one("#text", Static).content)
    assert title == "checkin is already open"
    assert "another browser tab or in a terminal" in text


@pytest.mark.parametrize(
    ("error", "title"),
    [
        (AlreadyOpenError, "checkin is already open"),
        (lambda folder: DamagedFileError(folder / "checkin.json", "not JSON", None), "could not open your data"),
        (lambda folder: RuntimeError("boom"), "checkin stopped"),
    ],
)
def test_a_tab_that_cannot_open_shows_a_page_not_a_traceback(tmp_path, monkeypatch, error, title):
    shown = []

    def fail(folder, **_):
        raise error(folder)

    monkeypatch.setattr("checkin.cli_support.run_app", fail)
    monkeypatch.setattr(serve.MessageApp, "run", lambda self: shown.append((self.title_text, self.body)))
    assert serve.run_tab(tmp_path / "data") == 1
    ((shown_title, body),) = shown
    assert title in shown_title
    assert "boom" not in body and "Traceback" not in body


def test_serve_host_rules():
    assert serve.host_warning("127.0.0.1") is None and serve.host_warning("localhost") is None
    warning = serve.host_warning("0.0.0.0")
    assert warning and "read your notes" in warning
    for port in (0, 70000):
        with pytest.raises(CliError, match="--port"):
            serve.serve(tmp_path_dummy(), port=port)
    folder = tmp_path_dummy()
    assert shlex.split(serve.tab_command(folder))[1:] == ["-m", "checkin.serve", "--tab", str(folder)]


def tmp_path_dummy() -> Path:
    return Path("/nonexistent/checkin data")


def test_served_page_asks_no_other_server_for_fonts(tmp_path):
    page = serve.local_page(tmp_path).read_text()
    assert "googleapis" not in page and "https://" not in page.split("<body")[0]
    assert "fonts/RobotoMono-VariableFont_wght.ttf" in page
