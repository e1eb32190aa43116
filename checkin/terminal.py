"""The terminal going away: the one place where checkin works around Textual's Linux driver.

When a terminal window is closed, the kernel hangs up the tty and sends SIGHUP *and* SIGCONT.
Textual 8.2.8 treats that SIGCONT as the end of a ctrl+z suspend it never did: it starts
application mode again with a new output thread, whose first write to the dead tty fails
with EIO and ends the thread. The driver keeps the dead thread, so every later repaint goes
into a bounded queue that nothing drains, and after 30 writes the event loop blocks in
``Queue.put`` for good; signals are then never handled (seen as issue 16: a checkin that
ignores SIGTERM after its terminal closed). This is the class of hang reported upstream as
https://github.com/Textualize/textual/issues/6692 (a stopped writer thread still in use);
a busy loop on stdin EOF is https://github.com/Textualize/textual/issues/6690.

The driver below (used for the real terminal only) keeps the rest of Textual as it is:
- SIGCONT resumes application mode only after a suspend this driver did itself;
- a write never blocks on a writer thread that is gone: it is dropped and the app is told
  that the terminal closed (EIO on write counts as closing);
- :func:`terminal_gone` tells whether stdin was hung up or reached EOF, for a periodic check
  (Textual's input thread spins on EOF instead of reporting it, #6690).
Remove this module when Textual fixes both issues.
"""

from __future__ import annotations

import contextlib
import queue
import select
import sys
from collections.abc import Callable

from textual.drivers.linux_driver import LinuxDriver

WRITE_TIMEOUT_SECONDS = 2.0  # a live writer thread drains its queue in far less than this


def terminal_gone(fd: int) -> bool:
    """True if ``fd`` (stdin) was hung up or closed by the other side (terminal closed, EOF)."""
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        events = poller.poll(0)
    except (OSError, ValueError):
        return True
    return any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events)


class SafeLinuxDriver(LinuxDriver):
    """Textual's Linux driver, except that a closed terminal can never hang the app."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._suspended_here = False
        self._gone_reported = False

    # -- SIGTSTP / SIGCONT: resume only what was suspended -----------------------------------

    def _sigtstp_application(self, *args: object) -> None:
        self._suspended_here = self._auto_restart
        super()._sigtstp_application(*args)

    def _sigcont_application(self, *args: object) -> None:
        if self._suspended_here:  # a SIGCONT from a hang-up is not the end of a suspend
            self._suspended_here = False
            super()._sigcont_application(*args)

    # -- writes that cannot block ------------------------------------------------------------

    def write(self, data: str) -> None:
        writer = self._writer_thread
        if writer is None or not writer.is_alive():
            self._report_gone()
            return
        put: Callable[..., None] = writer._queue.put  # the bounded queue its thread drains
        try:
            put(data, timeout=WRITE_TIMEOUT_SECONDS)
        except queue.Full:
            self._report_gone()

    def close(self) -> None:
        writer = self._writer_thread
        if writer is not None and writer.is_alive():
            super().close()  # the live thread drains its queue, then takes the stop marker

    def _report_gone(self) -> None:
        if self._gone_reported:
            return
        self._gone_reported = True
        report = getattr(self._app, "terminal_closed", None)
        if callable(report):
            with contextlib.suppress(Exception):
                report("the terminal closed (a write failed)")


def stdin_fd() -> int | None:
    try:
        return sys.__stdin__.fileno() if sys.__stdin__ is not None else None
    except (OSError, ValueError):
        return None

