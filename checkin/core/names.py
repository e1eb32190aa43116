"""Partner names: cleaned of anything a terminal could trip over, and validated."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 40

# Escape sequences, then any remaining control or format characters.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b[\]PX^_][^\x07\x1b]*(\x07|\x1b\\)?"  # OSC, DCS, SOS, PM, APC strings: titles, links
    r"|\x1b[ -/]*[0-~]"  # every other escape: ESC c (reset), ESC 7, ESC ( B, ...
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)


# Format characters that emoji and scripts need: zero-width (non-)joiner, and the tag
# characters of subdivision flags. Every other format character (bidi overrides, zero-width
# spaces, soft hyphens) is invisible or reorders text, so two names could look alike.
_KEEP_FORMAT = {"\u200c", "\u200d", *map(chr, range(0xE0020, 0xE0080))}


def _keep(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch in _KEEP_FORMAT
    return category not in ("Cc", "Cs", "Co", "Cn")


def clean_name(raw: str) -> str:
    """Strip escape sequences, control and format characters, collapse spaces, trim."""
    text = _ESCAPES.sub("", raw)
    # Tabs and line breaks separate words: "Ana\nMaria" is "Ana Maria", not "AnaMaria".
    text = "".join(" " if ch.isspace() else ch for ch in text if ch.isspace() or _keep(ch))
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
    if _same(a, b):
        return "Two different names, please, so we can tell whose turn it is."
    return None


def _same(a: str, b: str) -> bool:
    """Names people would read as the same ("Zoë" typed two ways, "ＡＮＡ" and "ana")."""
    return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
