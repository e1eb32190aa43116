"""kill -9 in the middle of saving, many times: the file always reads back whole.

Each child process autosaves a growing draft in a tight loop; we kill it at a random moment
and check that current.json is one of the versions it wrote, never a mix or a stub.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checkin.core.clock import FakeClock
from checkin.store.atomic import TEMP_PREFIX, TEMP_SUFFIX, read_json_file
from checkin.store.repository import CURRENT, Repository

KILLS = 48
LANES = 3  # children run side by side, each in its own folder, to keep the test short

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from checkin.store.repository import Repository

    def version(n):
        return {"id": "k", "n": n, "status": "in_progress",
                "notes": ["Zoë 😊 " + "x" * (n % 97)] * (n % 50),
                "events": [{"type": "note", "i": i} for i in range(n)]}

    repo = Repository(Path(sys.argv[1])).open()
    start = int(sys.argv[2])
    repo.save_current(version(start))
    print("saving", flush=True)
    n = start
    while True:
        n += 1
        repo.save_current(version(n))
    """
)


def version(n: int) -> dict:
    """Must match the child's ``version``."""
    return {
        "id": "k",
        "n": n,
        "status": "in_progress",
        "notes": ["Zoë 😊 " + "x" * (n % 97)] * (n % 50),
        "events": [{"type": "note", "i": i} for i in range(n)],
    }


def _start(folder: Path, start: int) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = child.stdout.readline()
    if line.strip() != "saving":
        child.kill()
        _, err = child.communicate()
        pytest.fail(f"the child did not start saving: {err[-2000:]}")
    return child


def _check(folder: Path, at_least: int) -> int:
    """The file is whole and exactly one version the child wrote; returns that version."""
    data = read_json_file(folder / CURRENT)  # raises DamagedFileError on a torn file
    draft = data["draft"]["1"]
    n = draft["n"]
    assert n >= at_least, "a save that had finished was lost"
    assert draft == version(n)
    assert data["meta"]["1"]["schema"] >= 1
    return n


@pytest.mark.slow
def test_kill_9_while_saving_never_leaves_a_damaged_file(tmp_path):
    rng = random.Random(20261122)
    folders = [tmp_path / f"lane{i}" for i in range(LANES)]
    floor = [0] * LANES
    stale_temps_seen = 0
    for round_ in range(KILLS // LANES):
        children = [_start(folder, floor[i]) for i, folder in enumerate(folders)]
        for child in children:
            # Let it get a random way into its loop; the kill lands mid-save or between saves.
            try:
                child.wait(timeout=rng.uniform(0.0, 0.06))
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
            else:
                pytest.fail(f"the child stopped by itself: {child.stderr.read()[-2000:]}")
        for i, child in enumerate(children):
            _, err = child.communicate(timeout=30)
            assert child.returncode == -signal.SIGKILL, err[-2000:]
            folder = folders[i]
            stale_temps_seen += len(list(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}")))
            n = _check(folder, floor[i])
            # Opening clears any temp file the kill left, and loads the same version.
            repo = Repository(folder, FakeClock()).open()
            assert repo.current() == version(n)
            repo.close()
            assert list(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}")) == []
            assert not (folder / "damaged").exists()
            # Next round starts from a later version so the data keeps growing.
            floor[i] = n + 1 + round_
    print(f"{KILLS} kills, {stale_temps_seen} landed while a temp file was being written")
