"""Text from files, made safe to show in a terminal (no Textual here).

Everything a couple keeps is shown in a terminal sooner or later: a note on the detail screen, an
agenda title on the start screen, a name in ``checkin history``. A terminal acts on escape
sequences (ESC, the 8-bit C1 controls such as U+009B CSI), rings on BEL, moves the cursor on a
backspace or a carriage return, and bidi overrides make text read differently from what it holds.

:func:`clean_text` is the one door for text that comes from a file (an import, an agenda, a theme,
the activity catalogue): it keeps line breaks and tabs (a note may have paragraphs) and drops every
other control. :func:`safe_for_terminal` is the same cleaning used on output, and
:func:`escape_json_controls` keeps JSON output byte-for-byte the same data while writing any such
character as a ``\\uXXXX`` escape.
"""

from __future__ import annotations

import re

# Escape sequences, removed whole (else their parameters would be left as stray text). A string
# sequence (a title, a link) is removed only with its end: an unended one loses just its ESC and
# the text after it stays, so a note is never cut short.
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, DCS, SOS, PM, APC strings: titles, links
    r"|\x1b[ -/]*[0-~]"  # every other escape: ESC c (reset), ESC 7, ESC ( B, ...
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x90\x98\x9c-\x9f]*(?:\x07|\x9c)"  # 8-bit OSC, DCS, SOS, PM, APC strings
)

#: Bidi embeddings, overrides, isolates and marks: they reorder or hide text.
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SPACING = re.compile(r"[\n\t]")


_UNSAFE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI)) + "]"
)


def has_controls(text: str) -> bool:
    """True when ``text`` holds anything :func:`clean_text` would remove."""
    return _UNSAFE_RE.search(text) is not None


def clean_text(raw: str, *, lines: bool = True) -> str:
    """``raw`` without escape sequences, control characters, bidi controls or lone surrogates.

    Line breaks of any kind become ``\\n`` and tabs stay (with ``lines=False`` both become a
    space, for one-line text such as a title). Nothing else changes: cleaning twice gives the
    same text, and text that was clean comes back identical."""
    if not has_controls(raw) and (lines or not _SPACING.search(raw)) and not _LINE_BREAKS.search(raw):
        return raw
    text = _LINE_BREAKS.sub("\n", ESCAPES.sub("", raw))
    text = _UNSAFE_RE.sub("", text)
    if not lines:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def safe_for_terminal(text: str) -> str:
    """Output to a terminal: the same cleaning, whoever wrote the text and whenever."""
    return clean_text(text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI)) + "\u2028\u2029]")


def escape_json_controls(text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with DEL, C1 controls,
    bidi controls, line separators and lone surrogates written as ``\\uXXXX``: the same data, but
    nothing a terminal acts on when the file is printed, and always valid UTF-8."""
    return _JSON_UNSAFE.sub(_json_escape, text)


__all__ = ["BIDI", "ESCAPES", "clean_text", "escape_json_controls", "has_controls", "safe_for_terminal"]
