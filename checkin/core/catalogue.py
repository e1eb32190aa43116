"""The activity catalogue: things a couple can do together, how to filter them, and rating them blind.

Plain Python, no Textual. The shipped ideas live in ``checkin/data/activities.toml``; the couple's
own activities (new ones, or edits of shipped ones under the same id) are plain JSON-safe dicts
stored with the rest of their data. A broken entry never crashes anything: it is skipped and
reported in one line.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, NamedTuple

from checkin.core.model import PARTNERS
from checkin.core.text import clean_text

CATEGORIES = (
    "outdoors", "active", "creative", "food", "at home", "culture", "social", "learning",
    "relaxing", "games", "adventure", "romance", "giving back",
)  # fmt: skip
COSTS = ("free", "low", "medium", "high")
TIMES = ("under-1h", "1-3h", "half-day", "full-day")
PLACES = ("indoor", "outdoor")
ENERGIES = ("calm", "active")

#: Words for the time ids, for labels on screen.
TIME_LABELS = {
    "under-1h": "under 1 h",
    "1-3h": "1-3 h",
    "half-day": "half a day",
    "full-day": "a whole day",
}
# The words for each filter value, as the filters and the activity editor show them.
FILTER_WORDS = {
    "cost": {"free": "free", "low": "low cost", "medium": "medium cost", "high": "high cost"},
    "time": TIME_LABELS,
    "place": {"indoor": "indoors", "outdoor": "outdoors"},
    "energy": {"calm": "calm", "active": "active"},
}

#: The tag fields with a fixed set of values, in the order filters show them.
CHOICES: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES,
    "cost": COSTS,
    "time": TIMES,
    "place": PLACES,
    "energy": ENERGIES,
}
#: The fields of a stored activity dict (``custom`` is implied by where it is stored).
FIELDS = ("id", "name", "description", "category", "cost", "time", "place", "energy", "novel")

RATINGS = ("love", "like", "meh", "hate")
Ratings = dict[str, str]  # activity id -> one of RATINGS, for one partner

CATALOGUE_FILE = "activities.toml"
CUSTOM_SOURCE = "your activities"
MAX_NAME = 80
MAX_DESCRIPTION = 200
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Activity:
    """One thing to do together. Hidden activities are kept in the couple's state, not here."""

    id: str
    name: str
    description: str
    category: str
    cost: str
    time: str
    place: str
    energy: str
    novel: bool = False
    custom: bool = False  # added or edited by the couple (stored in their own list)

    def to_dict(self) -> dict[str, Any]:
        """The stored, JSON-safe form (as kept in the couple's list of custom activities)."""
        return {name: getattr(self, name) for name in FIELDS}


def activity_from_dict(raw: object, *, custom: bool = False) -> Activity:
    """Check one entry and build it; ValueError says in plain words what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValueError("is not a table of fields")
    activity_id = raw.get("id")
    if not isinstance(activity_id, str) or not _SLUG.match(activity_id):
        raise ValueError("id must be a short slug like 'sunrise-hike' (a-z, 0-9 and dashes)")
    name = _text(raw, "name", MAX_NAME, required=True)
    description = _text(raw, "description", MAX_DESCRIPTION, required=False)
    tags: dict[str, str] = {}
    for key, allowed in CHOICES.items():
        value = raw.get(key)
        value = value.strip().lower() if isinstance(value, str) else value
        if value not in allowed:
            raise ValueError(f"{key} must be one of {', '.join(allowed)}")
        tags[key] = value
    novel = raw.get("novel", False)
    if not isinstance(novel, bool):
        raise ValueError("novel must be true or false")
    return Activity(id=activity_id, name=name, description=description, novel=novel, custom=custom, **tags)


def _text(raw: Mapping[str, Any], key: str, limit: int, *, required: bool) -> str:
    value = raw.get(key, None if required else "")
    if value is None:
        raise ValueError(f"{key} is missing")
    if not isinstance(value, str):
        raise ValueError(f"{key} must be text")
    # Shown as it is in the terminal: no escape sequences or control characters get in.
    value = clean_text(value).strip()
    if required and not value:
        raise ValueError(f"{key} is empty")
    if "\n" in value or "\r" in value:
        raise ValueError(f"{key} must be one line")
    if len(value) > limit:
        raise ValueError(f"{key} is too long (at most {limit} characters)")
    return value


def _label(source: str, index: int, raw: object) -> str:
    where = f"{source}, entry {index}"
    if isinstance(raw, Mapping):
        for key in ("name", "id"):
            value = raw.get(key)
            if isinstance(value, str) and value.strip():
                return f"{where} '{clean_text(value, lines=False).strip()[:MAX_NAME]}'"
    return where


def parse_catalogue(text: str, source: str = CATALOGUE_FILE) -> tuple[list[Activity], list[str]]:
    """Parse catalogue TOML text: the valid activities, and one line per problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return [], [f"{source}: could not be read ({err})"]
    entries = data.get("activity", [])
    if not isinstance(entries, list):
        return [], [f"{source}: 'activity' must be a list of [[activity]] tables"]
    found: dict[str, Activity] = {}
    problems: list[str] = []
    for index, raw in enumerate(entries, start=1):
        try:
            activity = activity_from_dict(raw)
        except ValueError as err:
            problems.append(f"{_label(source, index, raw)}: {err}")
            continue
        if activity.id in found:
            problems.append(f"{_label(source, index, raw)}: id '{activity.id}' is used twice")
            continue
        found[activity.id] = activity
    return list(found.values()), problems


@lru_cache(maxsize=1)
def _shipped() -> tuple[tuple[Activity, ...], tuple[str, ...]]:
    try:
        text = resources.files("checkin.data").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return (), (f"{CATALOGUE_FILE}: could not be read ({err})",)
    activities, problems = parse_catalogue(text)
    return tuple(activities), tuple(problems)


def load_catalogue(
    custom: Sequence[Mapping[str, Any]] | None = None, *, shipped_text: str | None = None
) -> tuple[list[Activity], list[str]]:
    """The shipped catalogue plus the couple's own entries, and a list of one-line problems.

    A custom entry whose id matches an earlier activity edits it: only the fields it gives change.
    A broken entry is skipped (an edit that would break an activity leaves it as it was). Never
    raises. ``shipped_text`` replaces the shipped TOML (for tests).
    """
    if shipped_text is None:
        base, shipped_problems = _shipped()
    else:
        base, shipped_problems = parse_catalogue(shipped_text)  # type: ignore[assignment]
    problems = list(shipped_problems)
    by_id = {activity.id: activity for activity in base}
    for index, raw in enumerate(custom or (), start=1):
        merged: object = raw
        if isinstance(raw, Mapping):
            earlier = by_id.get(raw.get("id"))  # type: ignore[arg-type]
            if earlier is not None:
                merged = {**earlier.to_dict(), **raw}
        try:
            activity = activity_from_dict(merged, custom=True)
        except ValueError as err:
            problems.append(f"{_label(CUSTOM_SOURCE, index, merged)}: {err}")
            continue
        by_id[activity.id] = activity  # an edit keeps its place in the order
    return list(by_id.values()), problems


def slugify(name: str) -> str:
    """A slug for an id: 'Pottery class!' -> 'pottery-class'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")


def make_custom(
    name: str,
    description: str = "",
    *,
    category: str,
    cost: str,
    time: str,
    place: str,
    energy: str,
    novel: bool = False,
    taken: Iterable[str] = (),
) -> dict[str, Any]:
    """A new, checked custom activity dict with an id not in ``taken``; ValueError if invalid."""
    used = set(taken)
    stem = slugify(name) or "activity"
    activity_id, n = stem, 2
    while activity_id in used:
        activity_id, n = f"{stem}-{n}", n + 1
    entry = {
        "id": activity_id, "name": name, "description": description, "category": category,
        "cost": cost, "time": time, "place": place, "energy": energy, "novel": novel,
    }  # fmt: skip
    return activity_from_dict(entry).to_dict()


def edited(activity: Activity, **changes: Any) -> dict[str, Any]:
    """The stored dict for ``activity`` with ``changes`` applied; ValueError if invalid."""
    if "id" in changes and changes["id"] != activity.id:
        raise ValueError("an activity keeps its id when edited")
    return activity_from_dict({**activity.to_dict(), **changes}).to_dict()


def visible(catalogue: Iterable[Activity], hidden: Iterable[str]) -> list[Activity]:
    """The catalogue without the activities the couple hid."""
    gone = set(hidden)
    return [activity for activity in catalogue if activity.id not in gone]


def _as_set(name: str, values: Iterable[str] | str) -> frozenset[str]:
    chosen = frozenset([values] if isinstance(values, str) else values)
    unknown = chosen - set(CHOICES[name])
    if unknown:
        raise ValueError(
            f"{name} filter: unknown {', '.join(sorted(unknown))} (use {', '.join(CHOICES[name])})"
        )
    return chosen


@dataclass(frozen=True)
class Filters:
    """Which activities to consider. Each field is a set of allowed values; empty means any."""

    cost: frozenset[str] = frozenset()
    time: frozenset[str] = frozenset()
    place: frozenset[str] = frozenset()
    energy: frozenset[str] = frozenset()
    category: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for name in CHOICES:
            object.__setattr__(self, name, _as_set(name, getattr(self, name)))

    def matches(self, activity: Activity) -> bool:
        for name in CHOICES:
            allowed: frozenset[str] = getattr(self, name)
            if allowed and getattr(activity, name) not in allowed:
                return False
        return True

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in CHOICES)

    def to_dict(self) -> dict[str, list[str]]:
        """JSON-safe, to remember the last filters; values in catalogue order."""
        return {name: [value for value in CHOICES[name] if value in getattr(self, name)] for name in CHOICES}

    @classmethod
    def from_dict(cls, data: object) -> Filters:
        """Tolerant: unknown fields and values are dropped."""
        if not isinstance(data, Mapping):
            return cls()
        chosen: dict[str, frozenset[str]] = {}
        for name, allowed in CHOICES.items():
            values = data.get(name)
            if isinstance(values, list | tuple):
                chosen[name] = frozenset(v for v in values if v in allowed)
        return cls(**chosen)


def check_partner(partner: str) -> str:
    if partner not in PARTNERS:
        raise ValueError(f"partner must be 'a' or 'b', not {partner!r}")
    return partner


def _shuffle_key(seed: int, activity_id: str) -> bytes:
    return hashlib.blake2b(f"{seed}:{activity_id}".encode(), digest_size=8).digest()


class Progress(NamedTuple):
    rated: int
    total: int


class RatingSession:
    """One partner rating activities blind, one at a time, in an order fixed by ``order_seed``.

    It holds only this partner's ratings and skipped ids: the dict and list passed in, written in
    place, so saving the state after each key keeps progress and a new session continues where
    this one stopped. The other partner's ratings never enter it.
    """

    def __init__(
        self,
        catalogue: Sequence[Activity],
        ratings: Ratings,
        partner: str,
        order_seed: int,
        skipped: list[str] | None = None,
    ) -> None:
        self.partner = check_partner(partner)
        self._ratings = ratings
        self._skipped = skipped if skipped is not None else []
        self._by_id = {activity.id: activity for activity in catalogue}
        # A shuffle keyed per id: adding an activity later does not reorder the others.
        self._order = sorted(self._by_id, key=lambda i: _shuffle_key(order_seed, i))
        self._undo: list[tuple[str, str | None, bool]] = []  # id, rating before, skipped before

    @property
    def ratings(self) -> Mapping[str, str]:
        """This partner's ratings (read-only view)."""
        return MappingProxyType(self._ratings)

    def rating_of(self, activity_id: str) -> str | None:
        value = self._ratings.get(activity_id)
        return value if value in RATINGS else None

    @property
    def current(self) -> Activity | None:
        """The next activity to rate: not rated yet and not skipped; None when done."""
        for activity_id in self._order:
            if self.rating_of(activity_id) is None and activity_id not in self._skipped:
                return self._by_id[activity_id]
        return None

    @property
    def progress(self) -> Progress:
        rated = sum(1 for activity_id in self._order if self.rating_of(activity_id))
        return Progress(rated, len(self._order))

    @property
    def skipped_count(self) -> int:
        """Skipped and still unrated: offer ``revisit_skipped`` when ``current`` is None."""
        return sum(1 for i in self._skipped if i in self._by_id and self.rating_of(i) is None)

    def rate(self, activity_id: str, value: str) -> None:
        """Rate any activity (the current one, or change an earlier rating)."""
        if value not in RATINGS:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}")
        if activity_id not in self._by_id:
            raise ValueError(f"no activity {activity_id!r} to rate")
        self._remember(activity_id)
        self._ratings[activity_id] = value
        self._skipped[:] = [i for i in self._skipped if i != activity_id]

    def skip(self) -> str | None:
        """Leave the current activity for later; returns its id (None if nothing is left)."""
        activity = self.current
        if activity is None:
            return None
        self._remember(activity.id)
        self._skipped.append(activity.id)
        return activity.id

    def undo(self) -> str | None:
        """Take back the last rate or skip of this session; returns that activity's id."""
        if not self._undo:
            return None
        activity_id, before, was_skipped = self._undo.pop()
        if before is None:
            self._ratings.pop(activity_id, None)
        else:
            self._ratings[activity_id] = before
        self._skipped[:] = [i for i in self._skipped if i != activity_id]
        if was_skipped:
            self._skipped.append(activity_id)
        return activity_id

    def revisit_skipped(self) -> int:
        """Bring the skipped activities back into the queue; returns how many."""
        count = self.skipped_count
        self._skipped.clear()
        self._undo.clear()
        return count

    def _remember(self, activity_id: str) -> None:
        self._undo.append((activity_id, self._ratings.get(activity_id), activity_id in self._skipped))
