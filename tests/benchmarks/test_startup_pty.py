"""Start-up as a couple sees it: the real ``checkin`` command in a pseudo-terminal, from launch
to the first frame that shows "Next check-in", against a bare Textual app showing one Static,
run after run in turn (so the ratio survives a busy machine).

Targets (issue 11): 520 check-ins at most 1.5x the bare app; 5000 check-ins and ``checkin
--demo`` at most 2x. Figures are printed (median and range), never asserted; the test only
checks that the first frame appeared at all. Run with: python -m pytest -m bench -s
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte
import pytest

from checkin.store.demo import write_demo

pytestmark = pytest.mark.bench

SIZE = (120, 40)
RUNS = int(os.environ.get("CHECKIN_BENCH_RUNS", "7"))
CHECKIN = str(Path(sys.executable).with_name("checkin"))

BARE = '''
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("Hello, Textual! READY")


Bare().run()
'''


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


CPU_AT_FIRST_FRAME: list[float] = []  # filled by first_frame: CPU seconds when ``expect`` showed


def first_frame(args: list[str], expect: str, timeout: float = 60.0, whole: str | None = None,
                extra_env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds from launch to the first screen showing ``expect``, and to the first showing
    ``whole`` as well (home with its footer of keys drawn); the app is then closed. The CPU
    the process had used when ``expect`` showed is appended to ``CPU_AT_FIRST_FRAME``: it
    hardly depends on how busy the machine is, unlike the wall-clock figures."""
    cols, rows = SIZE
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(extra_env or {})}
    env.pop("COLUMNS", None), env.pop("LINES", None)
    # As installed by pip, checkin starts from cached bytecode. With PYTHONDONTWRITEBYTECODE set
    # (as in some shells and CI), an editable install would compile its ~30 modules again on
    # every launch (about 130 ms here), which is not what a couple's start-up costs.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    seen = done = None
    try:
        deadline = start + timeout
        while done is None and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            stream.feed(chunk)
            # look only once the burst is read: a frame comes in several chunks
            more, _, _ = select.select([master], [], [], 0)
            if more:
                continue
            lines = screen.display
            if seen is None and any(expect in line for line in lines):
                seen = time.perf_counter() - start
                with contextlib.suppress(OSError):
                    CPU_AT_FIRST_FRAME.append(_cpu_seconds(proc.pid))
            if seen is not None and (whole is None or any(whole in line for line in lines)):
                done = time.perf_counter() - start
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # checkin saves and closes on SIGTERM
        end = time.monotonic() + 15
        while proc.poll() is None and time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                with contextlib.suppress(OSError):
                    os.read(master, 1 << 16)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    assert seen is not None and done is not None, f"{args[0]} never showed {expect!r}:\n" + "\n".join(
        screen.display
    )
    return seen, done


def _figures(times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return f"median {statistics.median(ms):.0f} ms (range {min(ms):.0f}-{max(ms):.0f})"


FOOTER = "^p palette"  # the last thing drawn: the footer of keys, command palette on the right


def _ratios(ours: list[float], bare: list[float]) -> str:
    ratios = [o / b for o, b in zip(ours, bare, strict=True)]
    return (
        f"ratio per pair median {statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f}), "
        f"ratio of medians {statistics.median(ours) / statistics.median(bare):.2f}x"
    )


def _compare(report, label: str, ours: list[str], bare: list[str], target: float) -> None:
    first_frame(bare, "READY")  # warm the disk cache and .pyc files, not counted
    first_frame(ours, "Next check-in", whole=FOOTER)
    t_bare, t_ours, t_whole, cpu_bare, cpu_ours = [], [], [], [], []
    for n in range(RUNS):
        runs = [(bare, "READY", None), (ours, "Next check-in", FOOTER)]
        for args, expect, whole in runs if n % 2 == 0 else runs[::-1]:
            CPU_AT_FIRST_FRAME.clear()
            seen, done = first_frame(args, expect, whole=whole)
            cpu = CPU_AT_FIRST_FRAME[:1]
            if args is bare:
                t_bare.append(seen)
                cpu_bare += cpu
            else:
                t_ours.append(seen)
                t_whole.append(done)
                cpu_ours += cpu
            time.sleep(0.2)
    cpu = (
        f"; CPU to the first frame: checkin {_figures(cpu_ours)}, bare Textual {_figures(cpu_bare)}, "
        f"{_ratios(cpu_ours, cpu_bare)}" if len(cpu_ours) == len(cpu_bare) == RUNS else ""
    )
    report(
        f"first frame in a pty, {label}: checkin {_figures(t_ours)}, bare Textual {_figures(t_bare)}; "
        f"{_ratios(t_ours, t_bare)} (target <= {target}x); with its footer of keys drawn: "
        f"{_figures(t_whole)}, {_ratios(t_whole, t_bare)}{cpu}"
    )


@pytest.fixture(scope="module")
def bare_app(tmp_path_factory) -> list[str]:
    path = tmp_path_factory.mktemp("bare") / "bare.py"
    path.write_text(BARE)
    return [sys.executable, str(path)]


@pytest.mark.parametrize(("weeks", "target"), [(520, 1.5), (5000, 2.0)])
def test_first_frame_with_history(tmp_path: Path, bare_app, report, weeks, target):
    data = tmp_path / "data"
    written = write_demo(data, weeks, seed=1)
    _compare(report, f"{written} check-ins over {weeks} weeks", [CHECKIN, "--data-dir", str(data)],
             bare_app, target)


def test_first_frame_of_the_demo(bare_app, report, tmp_path):
    """Every --demo but the first of the day copies its sample data from the cache; the first
    of the day (an empty cache folder) is shown as well."""
    _compare(report, "checkin --demo", [CHECKIN, "--demo"], bare_app, 2.0)
    cold, bare = [], []
    for n in range(3):
        cold.append(first_frame([CHECKIN, "--demo"], "Next check-in",
                                extra_env={"XDG_CACHE_HOME": str(tmp_path / f"cache{n}")})[0])
        bare.append(first_frame(bare_app, "READY")[0])
    report(f"checkin --demo, the first of the day (sample data made, then kept): {_figures(cold)}, "
           f"bare Textual {_figures(bare)}; {_ratios(cold, bare)}")
