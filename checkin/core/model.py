"""Plain data the app keeps: the couple and their settings.

Each class keeps fields it does not know in ``extra`` so data written by a newer
version survives a round trip through an older one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal, Self, get_args

Partner = Literal["a", "b"]
"""The stable key of a partner; names and colours hang off it."""
PARTNERS: tuple[Partner, Partner] = ("a", "b")


def other(partner: str) -> Partner:
    """The other partner's key."""
    return "b" if partner == "a" else "a"


def partner_names(couple: Couple | None) -> dict[str, str]:
    """{"a": first name, "b": second name}; "Partner A" and "Partner B" before the couple is set up.
    The one place that turns a couple into names (screens, CLI, summaries)."""
    if couple is None:
        return {"a": "Partner A", "b": "Partner B"}
    return {"a": couple.name_a, "b": couple.name_b}


BlockKind = Literal["together", "turns", "floor", "rating", "review", "actions", "activity"]
"""What a part of an agenda asks of the couple (``agenda.KINDS`` says each in words). Adding a
kind: name it here and in ``agenda.KINDS``, give it a panel in ``widgets/blocks.PANELS``."""
BLOCK_KINDS: tuple[BlockKind, ...] = get_args(BlockKind)

Phase = Literal["together", "turn", "turns_done", "speak", "paraphrase", "check", "solve"]
"""Where a part stands: ``together`` (one shared timer); ``turn`` and ``turns_done`` (a turns
block); ``speak``, ``paraphrase``, ``check`` ("Is there more?") and ``solve`` (a floor block)."""
PHASES: tuple[Phase, ...] = get_args(Phase)
FLOOR_PHASES: tuple[Phase, ...] = ("turn", "speak", "paraphrase", "check")
"""The phases in which the floor can pass."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class _Record:
    """Mixin: dict round trip that keeps unknown keys."""

    extra: dict[str, Any]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        known = {f.name for f in fields(cls)} - {"extra"}  # type: ignore[arg-type]
        kwargs = {k: v for k, v in data.items() if k in known}
        obj = cls(**kwargs)
        obj.extra = {k: v for k, v in data.items() if k not in known}
        return obj

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.extra)
        for f in fields(self):  # type: ignore[arg-type]
            if f.name != "extra":
                out[f.name] = getattr(self, f.name)
        return out


@dataclass
class Couple(_Record):
    """The two partners, by name. Partner "a" and "b" are stable keys; colours come from
    the theme (``$partner-a`` / ``$partner-b``)."""

    name_a: str
    name_b: str
    created_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def name(self, partner: str) -> str:
        return self.name_a if partner == "a" else self.name_b

    def other(self, partner: str) -> Partner:
        return other(partner)


@dataclass
class Settings(_Record):
    """What the couple chose; every field has a sensible default."""

    weekday: int = 6
    """Day of the weekly check-in, 0 = Monday ... 6 = Sunday."""
    time: str = "19:00"
    """Local time of day of the weekly check-in, HH:MM (24 h)."""
    theme: str = "checkin-warm"
    """Name of the theme in use."""
    default_agenda: str = "weekly"
    """Id of the agenda offered first when starting a check-in."""
    record_break_caller: bool = False
    """Whether to record who asked for a break (off: it can feel like blame)."""
    bell: bool = True
    """A gentle bell when a turn or block runs over."""
    calendar: dict[str, Any] = field(default_factory=dict)
    """What ``checkin remind --ics`` last wrote, per event UID: the slot, DTSTART and SEQUENCE
    (so writing again after a change updates the same event in the couple's calendar app)."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def weekday_name(self) -> str:
        return WEEKDAYS[self.weekday]
