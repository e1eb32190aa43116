"""Partners are always shown by name and colour together, never colour alone."""

from __future__ import annotations

from textual.markup import escape


def partner_markup(name: str, partner: str, bold: bool = True) -> str:
    """Markup for a partner's name in their theme colour (``$partner-a`` / ``$partner-b``)."""
    weight = "b " if bold else ""
    return f"[{weight}$partner-{partner}]{escape(name)}[/]"


def couple_markup(name_a: str, name_b: str) -> str:
    return f"{partner_markup(name_a, 'a')} & {partner_markup(name_b, 'b')}"
