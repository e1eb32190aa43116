"""The one place for checkin's own error types.

``Refusal`` is the type for "we cannot do that, and here is why" in words a couple reads:
its message is shown on screen or printed by the CLI as it is, so it never holds note text
and never blames. Anything else that escapes is a bug and goes to crash.log (without notes).
This module imports nothing from checkin, so every layer (core, store, screens, CLI) may use it.
"""

from __future__ import annotations


class CheckinError(Exception):
    """Base of checkin's own errors."""


class Refusal(CheckinError, ValueError):
    """A request refused, with a calm one-line reason meant to be shown to the couple.

    A ``ValueError`` too, so code that already catches ``ValueError`` for bad input keeps
    working while callers move to catching ``Refusal``.
    """
