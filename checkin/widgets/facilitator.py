"""The facilitator on screen: their name always with their neutral colour (never a partner's)."""

from __future__ import annotations

from ..core.facilitator import Facilitator
from .markup import escape


def facilitator_markup(facilitator: Facilitator, bold: bool = True) -> str:
    weight = "b " if bold else ""
    return f"[{weight}{facilitator.hex}]{escape(facilitator.name)}[/]"
