"""What goes into crash.log: where it went wrong, never what the couple wrote.

An exception's message can carry data (``KeyError: 'I secretly resent your mother'`` from a
damaged field), so the log keeps only each exception's type and the stack of files, lines and
functions (the source lines shown are checkin's own code). Chained causes are kept the same way.
"""

from __future__ import annotations

import traceback
from types import TracebackType

MAX_CHAIN = 10


def _frames(tb: TracebackType | None) -> list[str]:
    return traceback.StackSummary.extract(traceback.walk_tb(tb), capture_locals=False).format()


def crash_text(error: BaseException | None) -> str:
    """The traceback of ``error`` with every exception reduced to its type and location."""
    if error is None:
        return "no exception\n"
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen and len(chain) < MAX_CHAIN:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "The above exception was the direct cause of the following one:"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "It happened while handling this one:"
        else:
            current = None
    out: list[str] = []
    for exc, link_words in reversed(chain):
        out.append("Traceback (most recent call last):\n")
        out.extend(_frames(exc.__traceback__))
        kind = type(exc)
        name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        out.append(f"{name} (message left out: it may hold your data)\n")
        for inner in getattr(exc, "exceptions", ()) or ():  # an ExceptionGroup's members
            out.append(f"  + {type(inner).__qualname__}\n")
            out.extend("    " + line for line in _frames(inner.__traceback__))
        if link_words:
            out.append(f"\n{link_words}\n\n")
    return "".join(out)


__all__ = ["crash_text"]
