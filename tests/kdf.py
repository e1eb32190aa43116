"""Cheap Argon2id parameters for the tests of private notes (``from tests.kdf import FAST``).

The real ones (``KdfParams()``, about half a second an unlock on purpose) would make every test
that sets up or opens a journal slow; one test in tests/unit/test_vault.py and the benchmark
use the real ones.
"""

from __future__ import annotations

from checkin.store.vault import KdfParams

FAST = KdfParams(iterations=1, lanes=1, memory_kib=8)
