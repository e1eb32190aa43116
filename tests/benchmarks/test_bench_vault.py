"""Unlock time of a private journal (issue 12: about 0.5 s on this 2-core machine).

Prints the median of several unlocks with the stated Argon2id parameters and, as a ratio
baseline measured in the same run, the cheap parameters the unit tests use. Never asserted."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from checkin.store.vault import KdfParams, Vault

pytestmark = pytest.mark.bench


def _unlock_times(params: KdfParams, runs: int) -> list[float]:
    path = Path("/nowhere/private/a.bin")
    vault, _code = Vault.create(path, "benchmark passphrase", params)
    blob = vault.seal(b"x" * 20_000)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        Vault.open(path, blob, "benchmark passphrase")
        times.append(time.perf_counter() - start)
    return times


def test_unlock_time(report) -> None:
    real = KdfParams()
    times = _unlock_times(real, 7)
    cheap = _unlock_times(KdfParams(iterations=1, lanes=1, memory_kib=8), 7)
    med = statistics.median(times)
    report(
        f"vault unlock, Argon2id t={real.iterations} lanes={real.lanes} m={real.memory_kib // 1024} MiB: "
        f"median {med:.3f} s (min {min(times):.3f}, max {max(times):.3f}, 7 runs); "
        f"{med / statistics.median(cheap):.0f}x the cheap test parameters"
    )
    assert len(times) == 7
