"""Run the real ``checkin`` command in a pseudo-terminal, as a person's terminal would."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pyte


class PtyApp:
    def __init__(self, args: list[str], size: tuple[int, int] = (100, 30), env: dict | None = None):
        self.master, slave = pty.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "checkin", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()
        # What a person sees: Textual redraws only what changed, so a word on screen may be
        # split by cursor moves in the bytes; the emulated screen has it whole.
        self.screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self.screen)

    def pump(self, seconds: float = 0.1) -> None:
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output.extend(chunk)
                self._stream.feed(chunk)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 20.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            if condition():
                return True
            if self.proc.poll() is not None:
                self.pump(0.2)
                return condition()
        return False

    def screen_text(self) -> str:
        return "\n".join(self.screen.display)

    def shows(self, text: str) -> bool:
        """True once ``text`` was written, or is on the emulated screen now (one line)."""
        return text.encode() in self.output or any(text in line for line in self.screen.display)

    def wait_text(self, text: str, timeout: float = 20.0) -> bool:
        return self.wait_for(lambda: self.shows(text), timeout)

    def send(self, data: str) -> None:
        os.write(self.master, data.encode())
        self.pump(0.15)

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def finish(self, timeout: float = 15.0) -> int:
        end = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < end:
            self.pump(0.1)
        if self.proc.poll() is None:
            self.proc.kill()
        code = self.proc.wait()
        self.pump(0.1)
        os.close(self.master)
        return code

    def kill9(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.master)


def wait_file(path: Path, condition: Callable[[str], bool], timeout: float = 20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if condition(path.read_text(encoding="utf-8")):
                return True
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    return False
