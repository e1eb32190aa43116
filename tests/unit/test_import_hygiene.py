"""The core and the store never import Textual (checked in a fresh interpreter: all at once by
default, each module on its own with ``-m slow``).

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
for name in sys.argv[1:]:
    importlib.import_module(name)
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


def test_no_headless_module_pulls_in_textual():
    """All of them in one fresh interpreter (quick); the slow test below names the module."""
    modules = headless_modules()
    done = subprocess.run([sys.executable, "-c", CHECK, *modules], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "", f"one of core/store imports {done.stdout.strip()}"


@pytest.mark.slow
@pytest.mark.parametrize("module", headless_modules())
def test_module_does_not_pull_in_textual(module):
    done = subprocess.run([sys.executable, "-c", CHECK, module], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"


def test_the_check_itself_notices_textual():
    done = subprocess.run([sys.executable, "-c", CHECK, "textual.app"], capture_output=True, text=True, timeout=120)
    assert "textual.app" in done.stdout.strip().split(",")
