"""Escaping text a couple wrote before it goes into Textual markup.

Textual's own ``escape`` only escapes complete-looking tags, so a name like ``Bo [/`` (an
unfinished tag) still breaks the markup around it. Here every ``[`` is escaped, and a trailing
backslash (which would escape the closing tag that follows) is kept apart from it.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """Markup-safe ``text``: shown exactly as written, never read as tags or actions."""
    safe = str(text).replace("[", "\\[")
    if safe.endswith("\\"):
        safe += "\u200b"  # a zero-width space stops the backslash escaping the next tag
    return safe
