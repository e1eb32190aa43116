"""A crash shows one calm line and logs a traceback without local variables (no notes)."""

from __future__ import annotations

import os
import stat

import pytest


class Boom(Exception):
    pass


async def test_crash_logs_traceback_without_locals(make_app, tmp_path, capsys):
    app = make_app()
    secret_note = "I felt hurt when you forgot my birthday"

    def explode() -> None:
        private = secret_note  # a local variable Textual's report would print
        raise Boom("something broke: " + str(len(private)))

    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.call_later(explode)
            await pilot.pause()
            await pilot.pause()
    assert app.return_code == 1
    log = tmp_path / "data" / "crash.log"
    text = log.read_text()
    assert "Boom (message left out" in text and "broke: 39" not in text  # messages can hold data
    assert "explode" in text
    assert secret_note not in text
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    shown = " ".join(capsys.readouterr().err.split())
    assert secret_note not in shown
    # The terminal wraps the long message anywhere (a long temporary path splits "crash.log").
    joined = "".join(shown.split())
    assert "crash.log" in joined and "Everythingyouwroteuptonowissaved" in joined


async def test_a_signal_while_home_is_still_being_built_is_a_normal_exit(make_app, tmp_path):
    """Issue 9.17: SIGHUP (the terminal closed) while the home screen mounts logged NoMatches."""
    import signal

    from checkin.screens.home import HomeScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(HomeScreen())  # its widgets are not mounted yet when the signal comes
        app._on_signal(signal.SIGHUP)
    assert not (tmp_path / "data" / "crash.log").exists()
    assert app.final_code() == 0


async def test_sigint_saves_and_leaves_with_130(make_app):
    import signal

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app._on_signal(signal.SIGINT)
        await pilot.pause()
    assert app.saved and app.final_code() == 130


async def test_a_save_that_fails_on_exit_still_exits_and_keeps_the_text(make_app, tmp_path, monkeypatch):
    """Issue 16's cause: the failed save's report (the crash log, in the gone data folder)
    raised out of the signal handler, so the app never exited."""
    import json
    import shutil
    import signal

    from textual.screen import Screen
    from textual.widgets import TextArea

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    secret = "a note nobody else may read"

    class Typing(Screen):
        def compose(self):
            yield TextArea(secret, id="note-text")

        def flush(self) -> None:
            raise FileNotFoundError(2, "No such file or directory", str(tmp_path / "data" / "current.json"))

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(Typing())
        shutil.rmtree(tmp_path / "data")  # the crash log cannot be written either
        app._on_signal(signal.SIGTERM)
        await pilot.pause()
    assert app._exit, "the app must exit although nothing could be saved"
    assert not app.saved and app.final_code() == 1
    assert app.rescue_path is not None and app.rescue_path.is_relative_to(tmp_path / "state")
    assert stat.S_IMODE(os.stat(app.rescue_path).st_mode) == 0o600
    kept = json.loads(app.rescue_path.read_text())
    assert kept["typed"] == [{"screen": "Typing", "box": "note-text", "text": secret}]
    assert str(app.rescue_path) in app.unsaved_message()
    assert secret not in app.unsaved_message()
