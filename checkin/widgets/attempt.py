"""Run a core command from the UI; a refusal becomes a gentle notice, never a crash."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widget import Widget


def attempt(node: Widget, command: Callable[..., Any], *args: Any) -> bool:
    """Call ``command(*args)``. The core refuses with a ValueError whose message is written for
    the couple ("Paused. Resume first."): show it and return False."""
    try:
        command(*args)
    except ValueError as exc:
        node.notify(str(exc), severity="warning", markup=False)
        return False
    return True
