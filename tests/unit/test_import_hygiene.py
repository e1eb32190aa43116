"""The core and the store never import Textual (each module checked in a fresh interpreter).

Modules are discovered with pkgutil, so a new module is covered as soon as it exists.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import checkin.core
import checkin.store

HEADLESS = (checkin.core, checkin.store)


def headless_modules() -> list[str]:
    found = []
    for package in HEADLESS:
        found.append(package.__name__)
        for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
            found.append(info.name)
    return sorted(found)


CHECK = """
import importlib, sys
importlib.import_module(sys.argv[1])
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded))
"""


def test_discovery_finds_the_modules_we_know_about():
    found = headless_modules()
    for name in (
        "checkin.core.model",
        "checkin.core.names",
        "checkin.core.schedule",
        "checkin.store.atomic",
        "checkin.store.repository",
        "checkin.store.doctor",
    ):
        assert name in found


@pytest.mark.parametrize("module", headless_modules())
def test_module_does_not_pull_in_textual(module):
    done = subprocess.run([sys.executable, "-c", CHECK, module], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"


def test_the_check_itself_notices_textual():
    done = subprocess.run([sys.executable, "-c", CHECK, "textual.app"], capture_output=True, text=True, timeout=120)
    assert "textual.app" in done.stdout.strip().split(",")
