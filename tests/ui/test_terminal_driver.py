"""The one workaround for Textual's Linux driver (checkin/terminal.py, Textualize/textual#6692):
a closed terminal can never make a write block for good, nor a hang-up's SIGCONT restart it."""

from __future__ import annotations

import os
import pty
import signal
import threading
from types import SimpleNamespace

import pytest
from textual.drivers._writer_thread import WriterThread

from checkin.terminal import SafeLinuxDriver, terminal_gone


class _DeadTerminal:
    """stderr of a hung-up tty: every write fails with EIO."""

    def write(self, text: str) -> int:
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        raise OSError(5, "Input/output error")

    def fileno(self) -> int:
        return 2


@pytest.fixture
async def driver():  # the driver wants a running event loop
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
    reports: list[str] = []
    made = SafeLinuxDriver(SimpleNamespace(terminal_closed=reports.append), size=(80, 24))
    made.reports = reports
    yield made
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the EIO
async def test_writes_after_the_writer_thread_died_are_dropped_and_reported(driver):
    writer = WriterThread(_DeadTerminal())  # type: ignore[arg-type]
    writer.start()
    writer.write("first frame")  # the thread dies on EIO, as after a hang-up
    writer.join(timeout=30)
    assert not writer.is_alive()
    driver._writer_thread = writer

    def repaint_a_while() -> None:
        for _ in range(100):  # far more than the 30 a bounded queue takes
            driver.write("frame")
        driver.close()

    worker = threading.Thread(target=repaint_a_while, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "a write blocked on the dead writer thread"
    assert driver.reports == ["the terminal closed (a write failed)"]


async def test_a_sigcont_without_a_suspend_does_not_restart_application_mode(driver, monkeypatch):
    started: list[bool] = []
    monkeypatch.setattr(driver, "start_application_mode", lambda: started.append(True))
    driver._sigcont_application(signal.SIGCONT, None)  # what a hang-up sends with SIGHUP
    assert started == []
    driver._suspended_here = True  # after ctrl+z, fg resumes as before
    driver._sigcont_application(signal.SIGCONT, None)
    assert started == [True]


def test_terminal_gone_sees_a_hung_up_tty_and_a_closed_pipe():
    master, slave = pty.openpty()
    try:
        assert terminal_gone(slave) is False
        os.close(master)
        assert terminal_gone(slave) is True
    finally:
        os.close(slave)
    read, write = os.pipe()
    try:
        assert terminal_gone(read) is False
        os.close(write)
        assert terminal_gone(read) is True
    finally:
        os.close(read)
