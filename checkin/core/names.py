"""Partner names: cleaned of anything a terminal could trip over, and validated."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 40

# CSI / OSC / other ESC sequences, then any remaining control or format characters.
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")


def clean_name(raw: str) -> str:
    """Strip escape sequences and control characters, collapse spaces, trim."""
    text = _ESCAPES.sub("", raw)
    text = "".join(
        ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn") or ch == " "
    )
    text = "".join(" " if unicodedata.category(ch) in ("Zl", "Zp") else ch for ch in text)
    return " ".join(text.split())


def name_problem(name: str) -> str | None:
    """Why a cleaned name cannot be used, in plain words, or None."""
    if not name:
        return "Please enter a name."
    if len(name) > MAX_NAME:
        return f"Please keep names to {MAX_NAME} characters."
    return None


def names_problem(a: str, b: str) -> str | None:
    """Why this pair of cleaned names cannot be used, or None."""
    for n in (a, b):
        problem = name_problem(n)
        if problem:
            return problem
    if a.casefold() == b.casefold():
        return "Two different names, please, so we can tell whose turn it is."
    return None
