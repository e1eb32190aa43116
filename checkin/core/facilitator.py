"""A friend in the room: the facilitator's ground rules, rules, prompts and the heat-up rule.

Plain Python, no Textual. The words live in ``checkin/data/facilitator.toml``. A facilitator has a
name and a neutral colour that is never either partner's colour. The facilitator never judges or
scores: everything here is about whose turn it is, the rule in force, and short, neutral prompts.

The heat-up rule (:func:`heat_advice`): when a check-in has had two breaks, or both partners said a
hard topic is not OK today, the facilitator is offered a gentle suggestion to stop for today and a
pointer to professional help.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from checkin.core.text import clean_text

#: The role recorded when the facilitator calls a pause or a break (never a partner's letter).
ROLE = "facilitator"
MAX_NAME = 40
#: Neutral colours a facilitator can have: id -> (label, hex). None is close to a partner default.
COLOURS: dict[str, tuple[str, str]] = {
    "slate": ("Slate", "#6E7781"),
    "sage": ("Sage", "#9CAF88"),
    "sand": ("Sand", "#B5AE9A"),
    "stone": ("Stone", "#A8A29E"),
}
DEFAULT_COLOUR = "slate"
#: Two breaks in one check-in make the facilitator panel suggest stopping for today.
HEAT_BREAKS = 2
#: The agenda made for a check-in with a friend present.
AGENDA_ID = "with-a-friend"


class FacilitatorError(ValueError):
    """A facilitator that cannot be used; the message says why in plain words."""


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a colour: {hex_colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def colours_close(first: str, second: str, limit: float = 60.0) -> bool:
    """True when two colours (``#RRGGBB``) are too alike to tell people apart by them."""
    try:
        a, b = _rgb(first), _rgb(second)
    except ValueError:
        return False
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5 < limit


def neutral_colour(wanted: str | None, partner_colours: tuple[str, ...] = ()) -> str:
    """The colour id to use: ``wanted`` if it is a neutral colour unlike both partners' colours,
    else the first neutral colour that is unlike them."""
    order = ([wanted] if wanted in COLOURS else []) + [c for c in COLOURS if c != wanted]
    for colour_id in order:
        assert colour_id is not None
        if not any(colours_close(COLOURS[colour_id][1], p) for p in partner_colours):
            return colour_id
    return order[0] or DEFAULT_COLOUR  # pragma: no cover - four neutrals cannot all be close to two colours


@dataclass(frozen=True)
class Facilitator:
    """The friend in the room: a name and a neutral colour id (see :data:`COLOURS`)."""

    name: str
    colour: str = DEFAULT_COLOUR

    @property
    def hex(self) -> str:
        return COLOURS.get(self.colour, COLOURS[DEFAULT_COLOUR])[1]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "colour": self.colour, "role": ROLE}

    @classmethod
    def from_dict(cls, data: Any) -> Facilitator | None:
        """From a stored check-in record; None when there is no usable facilitator."""
        if not isinstance(data, Mapping):
            return None
        try:
            return make_facilitator(data.get("name"), data.get("colour"))
        except FacilitatorError:
            return None


def of_record(record: Any) -> Facilitator | None:
    """The facilitator of a check-in record or index row (None when the couple talked alone)."""
    if not isinstance(record, Mapping):
        return None
    return Facilitator.from_dict(record.get("facilitator"))


def with_words(record: Any) -> str:
    """"with Mira" for a facilitated check-in, else ""."""
    found = of_record(record)
    return f"with {found.name}" if found else ""


def make_facilitator(
    name: Any, colour: Any = None, *, partner_names: tuple[str, ...] = (), partner_colours: tuple[str, ...] = ()
) -> Facilitator:
    """Check a facilitator typed on the start screen; FacilitatorError says what to change."""
    if not isinstance(name, str):
        raise FacilitatorError("The facilitator's name must be text.")
    clean = " ".join(clean_text(name, lines=False).split())
    if not clean:
        raise FacilitatorError("Please type the facilitator's name.")
    if len(clean) > MAX_NAME:
        raise FacilitatorError(f"The facilitator's name is longer than {MAX_NAME} characters.")
    if clean.casefold() in {n.casefold() for n in partner_names}:
        raise FacilitatorError("The facilitator is a third person: please use a name that is not one of yours.")
    wanted = colour if isinstance(colour, str) else None
    return Facilitator(name=clean, colour=neutral_colour(wanted, partner_colours))


@dataclass(frozen=True)
class Guide:
    """The facilitator's words: ground rules, the rule per block kind or floor phase, prompts."""

    intro: str
    ground_rules: tuple[str, ...]
    notes: str
    rules: dict[str, str] = field(default_factory=dict)
    prompts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    heat_title: str = ""
    heat_stop: str = ""
    heat_professional: str = ""

    @staticmethod
    def key(kind: str, phase: str | None = None) -> str:
        """Floor blocks have a rule per phase (speak, paraphrase, check, solve)."""
        if kind == "floor" and phase in ("speak", "paraphrase", "check", "solve"):
            return phase
        return kind

    def rule(self, kind: str, phase: str | None = None, names: dict[str, str] | None = None) -> str:
        return _fill(self.rules.get(self.key(kind, phase), ""), names)

    def prompts_for(self, kind: str, phase: str | None = None, names: dict[str, str] | None = None) -> list[str]:
        return [_fill(p, names) for p in self.prompts.get(self.key(kind, phase), ())]


def _fill(text: str, names: dict[str, str] | None) -> str:
    names = names or {}
    return text.replace("{speaker}", names.get("speaker", "the speaker")).replace(
        "{listener}", names.get("listener", "the listener")
    )


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"facilitator.toml: {where} must be a list of texts")
    return tuple(clean_text(v, lines=False).strip() for v in value)


def parse_guide(data: dict[str, Any]) -> Guide:
    rules = data.get("rules", {})
    prompts = data.get("prompts", {})
    heat = data.get("heat", {})
    if not isinstance(rules, dict) or not isinstance(prompts, dict) or not isinstance(heat, dict):
        raise ValueError("facilitator.toml: rules, prompts and heat must be tables")
    return Guide(
        intro=clean_text(str(data.get("intro", "")), lines=False),
        ground_rules=_strings(data.get("ground_rules"), "ground_rules"),
        notes=clean_text(str(data.get("notes", "")), lines=False),
        rules={str(k): clean_text(str(v), lines=False) for k, v in rules.items()},
        prompts={str(k): _strings(v, f"prompts.{k}") for k, v in prompts.items()},
        heat_title=clean_text(str(heat.get("title", "")), lines=False),
        heat_stop=clean_text(str(heat.get("stop", "")), lines=False),
        heat_professional=clean_text(str(heat.get("professional", "")), lines=False),
    )


@lru_cache(maxsize=1)
def load_guide() -> Guide:
    """The shipped facilitator guide (read once)."""
    text = resources.files("checkin.data").joinpath("facilitator.toml").read_text("utf-8")
    return parse_guide(tomllib.loads(text))


@dataclass(frozen=True)
class HeatAdvice:
    """What the facilitator panel suggests when the talk heats up, and why."""

    reason: str
    title: str
    stop: str
    professional: str


def heat_advice(
    break_count: int, hard_topic_ok: dict[str, bool | None], guide: Guide | None = None
) -> HeatAdvice | None:
    """The heat-up rule: two breaks in one check-in, or both partners not up for a hard topic
    today, suggest stopping for today and, gently, a professional. None otherwise."""
    guide = guide or load_guide()
    if break_count >= HEAT_BREAKS:
        reason = f"{break_count} breaks in this check-in"
    elif len(hard_topic_ok) == 2 and all(v is False for v in hard_topic_ok.values()):
        reason = "neither of you is up for a hard topic today"
    else:
        return None
    return HeatAdvice(reason=reason, title=guide.heat_title, stop=guide.heat_stop, professional=guide.heat_professional)


def state_heat(state: Any, guide: Guide | None = None) -> HeatAdvice | None:
    """:func:`heat_advice` for a running check-in's state (break count and the "before" ratings)."""
    before = state.ratings_before
    answers = {p: r.hard_topic_ok for p, r in before.items()}
    return heat_advice(state.break_count, answers, guide)


class Agreement:
    """Both partners agree to the ground rules, each with their own key."""

    def __init__(self) -> None:
        self.agreed = {"a": False, "b": False}

    def agree(self, partner: str) -> bool:
        """Record one partner's agreement; True once both have agreed."""
        if partner not in self.agreed:
            raise ValueError(f"unknown partner {partner!r}")
        self.agreed[partner] = True
        return self.done

    @property
    def done(self) -> bool:
        return all(self.agreed.values())


def friend_agenda() -> Any:
    """The "With a friend present" agenda (``checkin/data/with-a-friend.toml``), offered only
    when a facilitator is added."""
    from checkin.core.agenda import parse_agenda

    text = resources.files("checkin.data").joinpath("with-a-friend.toml").read_text("utf-8")
    return parse_agenda(tomllib.loads(text), "checkin/data/with-a-friend.toml")
