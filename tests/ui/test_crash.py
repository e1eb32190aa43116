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
    assert "crash.log" in shown and "Everything you wrote up to now is saved" in shown
