"""Partners are always shown by name and colour together, never colour alone."""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.binding import ActiveBinding

from .markup import escape


def partner_markup(name: str, partner: str, bold: bool = True) -> str:
    """Markup for a partner's name in their theme colour (``$partner-a`` / ``$partner-b``)."""
    weight = "b " if bold else ""
    return f"[{weight}$partner-{partner}]{escape(name)}[/]"


def couple_markup(name_a: str, name_b: str) -> str:
    return f"{partner_markup(name_a, 'a')} & {partner_markup(name_b, 'b')}"


def partner_names(app: Any) -> dict[str, str]:
    """{"a": first name, "b": second name} for the couple of this app."""
    couple = app.couple
    if couple is None:
        return {"a": "Partner A", "b": "Partner B"}
    return {"a": couple.name_a, "b": couple.name_b}


def with_descriptions(bindings: dict[str, ActiveBinding], words: dict[str, str]) -> dict[str, ActiveBinding]:
    """Active bindings with some descriptions replaced, so the footer can say partners' names
    ("Ana is ready") instead of "first" and "second"."""
    out = dict(bindings)
    for key, description in words.items():
        if key in out:
            active = out[key]
            out[key] = active._replace(binding=dataclasses.replace(active.binding, description=description))
    return out
