"""Partners are always shown by name and colour together, never colour alone."""

from __future__ import annotations

import dataclasses

from textual.binding import ActiveBinding

from .markup import escape


def partner_markup(name: str, partner: str, bold: bool = True) -> str:
    """Markup for a partner's name in their theme colour (``$partner-a`` / ``$partner-b``)."""
    weight = "b " if bold else ""
    return f"[{weight}$partner-{partner}]{escape(name)}[/]"


def couple_markup(name_a: str, name_b: str) -> str:
    return f"{partner_markup(name_a, 'a')} & {partner_markup(name_b, 'b')}"


def with_descriptions(bindings: dict[str, ActiveBinding], words: dict[str, str]) -> dict[str, ActiveBinding]:
    """Active bindings with some descriptions replaced, so the footer can say partners' names
    ("Ana is ready") instead of "first" and "second"."""
    out = dict(bindings)
    for key, description in words.items():
        if key in out:
            active = out[key]
            out[key] = active._replace(binding=dataclasses.replace(active.binding, description=description))
    return out
