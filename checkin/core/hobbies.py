"""The shared hobby picker: blind ratings, veto, ranking and the surprise pick (plans and the
"did you do it?" follow-up are in ``checkin.core.plans``).

Plain Python, no Textual. Everything stored is a JSON-safe dict (``HobbyState.to_dict``); the
catalogue itself is in ``checkin.core.catalogue``. Partners are "a" and "b"; ratings are "love",
"like", "meh" or "hate", and a "hate" from either partner vetoes an activity for good.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, cast

from checkin.core.catalogue import (
    RATINGS,
    Activity,
    Filters,
    Ratings,
    RatingSession,
    activity_from_dict,
    check_partner,
    visible,
)
from checkin.core.clock import Clock
from checkin.core.plans import DateLike, as_date, outcome_score, plan_day, upcoming_plans
from checkin.core.records import HobbiesSection

STATE_VERSION = 1  # the shape of the hobbies section; the section says which it has ("version")
REST_DAYS = 21  # a done activity rests this long before it is suggested again
RECENT_OUTCOMES = 3  # feedback looks at the last few times they did it

# Ranking: kind of match -> (base score, warm words). Unrated ("new") kinds need try_new.
MATCHES: dict[str, tuple[int, str]] = {
    "both-love": (100, "You both love this"),
    "love-like": (80, "One of you loves it, the other likes it"),
    "both-like": (60, "You both like this"),
    "love-new": (50, "One of you loves it; new for the other"),
    "like-new": (45, "One of you likes it; new for the other"),
    "new": (40, "New for you both"),
    "love-meh": (30, "One of you loves it; the other doesn't mind"),
    "like-meh": (20, "One of you likes it; the other doesn't mind"),
    "meh-new": (15, "New for one of you"),
    "both-meh": (10, "Fine for you both"),
}
REVEAL_GROUPS = ("both-love", "love-like", "both-like", "love-meh", "like-meh", "both-meh", "vetoed")
NOVEL_BONUS = 3.0  # new and a little exciting beats merely pleasant
RISE = 15.0  # both keep enjoying it
FALL = -50.0  # it went badly twice


def local_today(clock: Clock) -> date:
    """Today on the couple's wall calendar (the clock is UTC; days are local)."""
    return clock.now().to("local").date()


@dataclass
class HobbyState:
    """What the couple stored: ratings, their own activities, hidden ids, plans and outcomes."""

    ratings_a: Ratings = field(default_factory=dict)
    ratings_b: Ratings = field(default_factory=dict)
    skipped_a: list[str] = field(default_factory=list)
    skipped_b: list[str] = field(default_factory=list)
    custom: list[dict[str, Any]] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    plans: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown stored fields, kept as they are
    version: int = STATE_VERSION  # as read; newer than STATE_VERSION: written by a newer checkin

    @property
    def newer(self) -> bool:
        """Written by a newer checkin: shown, never written back with older rules."""
        return self.version > STATE_VERSION

    def ratings(self, partner: str) -> Ratings:
        return self.ratings_a if check_partner(partner) == "a" else self.ratings_b

    def skipped(self, partner: str) -> list[str]:
        return self.skipped_a if check_partner(partner) == "a" else self.skipped_b

    def set_rating(self, partner: str, activity_id: str, value: str | None) -> None:
        """Change (or with None, clear) one rating, e.g. from a list of everything rated."""
        ratings = self.ratings(partner)
        if value is None:
            ratings.pop(activity_id, None)
        elif value in RATINGS:
            ratings[activity_id] = value
        else:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}")

    def hide(self, activity_id: str) -> None:
        if activity_id not in self.hidden:
            self.hidden.append(activity_id)

    def unhide(self, activity_id: str) -> None:
        self.hidden = [i for i in self.hidden if i != activity_id]

    def put_custom(self, entry: Mapping[str, Any]) -> None:
        """Add or replace (by id) one of the couple's own activities; ValueError if invalid."""
        clean = activity_from_dict(entry).to_dict()
        self.custom = [c for c in self.custom if c.get("id") != clean["id"]] + [clean]

    def remove_custom(self, activity_id: str) -> None:
        """Forget a custom activity (or an edit, which restores the shipped one)."""
        self.custom = [c for c in self.custom if c.get("id") != activity_id]

    def add_plan(self, new_plan: dict[str, Any]) -> dict[str, Any]:
        self.plans.append(new_plan)
        return new_plan

    def cancel_plan(self, plan_id: str) -> None:
        self.plans = [p for p in self.plans if p.get("id") != plan_id]

    def to_dict(self) -> HobbiesSection:
        """JSON-safe copy for the storage layer; unknown fields read earlier are written back."""
        data: dict[str, Any] = {"version": STATE_VERSION, **copy.deepcopy(self.extra)}
        data.update(
            ratings_a=dict(self.ratings_a),
            ratings_b=dict(self.ratings_b),
            skipped_a=list(self.skipped_a),
            skipped_b=list(self.skipped_b),
            custom=copy.deepcopy(self.custom),
            hidden=list(self.hidden),
            plans=copy.deepcopy(self.plans),
        )
        return cast(HobbiesSection, data)  # and the unknown keys kept in ``extra``

    @classmethod
    def from_dict(cls, data: object) -> HobbyState:
        """Tolerant reader: wrongly-typed parts are dropped, unknown fields are kept in ``extra``."""
        if not isinstance(data, Mapping):
            return cls()
        known = {"ratings_a", "ratings_b", "skipped_a", "skipped_b", "custom", "hidden", "plans", "version"}
        version = data.get("version", STATE_VERSION)
        return cls(
            version=version if isinstance(version, int) and not isinstance(version, bool) else STATE_VERSION,
            ratings_a=_str_map(data.get("ratings_a")),
            ratings_b=_str_map(data.get("ratings_b")),
            skipped_a=_str_list(data.get("skipped_a")),
            skipped_b=_str_list(data.get("skipped_b")),
            custom=_dict_list(data.get("custom")),
            hidden=_str_list(data.get("hidden")),
            plans=_dict_list(data.get("plans")),
            extra={k: copy.deepcopy(v) for k, v in data.items() if k not in known},
        )


def _str_map(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _str_list(value: object) -> list[str]:
    items = value if isinstance(value, list | tuple) else []
    return list(dict.fromkeys(v for v in items if isinstance(v, str)))


def _dict_list(value: object) -> list[dict[str, Any]]:
    items = value if isinstance(value, list | tuple) else []
    return [copy.deepcopy(dict(v)) for v in items if isinstance(v, Mapping)]


def shared_order_seed(couple_key: str) -> int:
    """One rating order for the couple: both partners meet the same ideas first, so matches
    show after a few ratings each; another couple gets another shuffle. ``couple_key`` is
    something that never changes for a couple (when they set up checkin)."""
    import hashlib

    return int.from_bytes(hashlib.blake2b(f"couple:{couple_key}".encode(), digest_size=8).digest(), "big")


def rating_session(
    state: HobbyState, catalogue: Sequence[Activity], partner: str, order_seed: int
) -> RatingSession:
    """A blind session over the visible catalogue, writing into ``state`` for ``partner`` only."""
    shown = visible(catalogue, state.hidden)
    return RatingSession(shown, state.ratings(partner), partner, order_seed, state.skipped(partner))


def match_kind(rating_a: str | None, rating_b: str | None) -> str:
    """'vetoed' or a MATCHES key ("new" if neither rated it). Symmetric in a and b."""
    pair = sorted(
        (r if r in RATINGS else "new" for r in (rating_a, rating_b)),
        key=lambda r: (*RATINGS, "new").index(r),
    )
    if "hate" in pair:
        return "vetoed"
    first, second = pair
    if first == second:
        return "new" if first == "new" else f"both-{first}"
    return f"{first}-{second}"


def reveal(
    catalogue: Iterable[Activity], ratings_a: Mapping[str, str], ratings_b: Mapping[str, str]
) -> dict[str, Any]:
    """What matched, over the activities both partners rated.

    Returns {"groups": {group: [Activity, sorted by name]}, "counts": {group: n}, "both_rated": n}
    with the groups of REVEAL_GROUPS ("vetoed" says that one of them would rather not, never who).
    """
    groups: dict[str, list[Activity]] = {name: [] for name in REVEAL_GROUPS}
    for activity in catalogue:
        a, b = ratings_a.get(activity.id), ratings_b.get(activity.id)
        if a in RATINGS and b in RATINGS:
            groups[match_kind(a, b)].append(activity)
    for members in groups.values():
        members.sort(key=lambda act: (act.name.casefold(), act.id))
    counts = {name: len(members) for name, members in groups.items()}
    return {"groups": groups, "counts": counts, "both_rated": sum(counts.values())}


@dataclass(frozen=True)
class Suggestion:
    activity: Activity
    score: float
    reason: str
    match: str  # a MATCHES key


class _Feedback(NamedTuple):
    last_done: date | None
    average: float | None  # both partners, over all rated times
    adjust: float  # RISE, FALL or 0


def _feedback(plans: Iterable[Mapping[str, Any]]) -> dict[str, _Feedback]:
    """Per activity done: when last, how it went on average, and whether it rises or falls."""
    done: dict[str, list[tuple[date, int | None, int | None]]] = {}
    for p in plans:
        outcome, day = p.get("outcome"), plan_day(p)
        if isinstance(outcome, Mapping) and outcome.get("done") is True and day is not None:
            scores = outcome_score(outcome.get("rating_a")), outcome_score(outcome.get("rating_b"))
            done.setdefault(str(p.get("activity_id")), []).append((day, *scores))
    result = {}
    for activity_id, times in done.items():
        times.sort(key=lambda t: t[0])
        rated = [(a, b) for _, a, b in times if a or b]
        recent = rated[-RECENT_OUTCOMES:]
        went_badly = sum(1 for pair in recent if (_mean(pair) or 0) <= 2)
        mean_a, mean_b = _mean(a for a, _ in recent), _mean(b for _, b in recent)
        adjust = 0.0
        if went_badly >= 2:
            adjust = FALL
        elif mean_a is not None and mean_b is not None and min(mean_a, mean_b) >= 4:
            adjust = RISE
        average = _mean(s for pair in rated for s in pair)
        result[activity_id] = _Feedback(times[-1][0], average, adjust)
    return result


def _mean(values: Iterable[int | None]) -> float | None:
    given = [v for v in values if v is not None]
    return sum(given) / len(given) if given else None


def rank(
    catalogue: Iterable[Activity],
    state: HobbyState,
    filters: Filters | None = None,
    try_new: bool = False,
    *,
    today: DateLike,
) -> list[Suggestion]:
    """Suggestions, best first: by match, then feedback and novelty, then ties broken in favour
    of not done lately and enjoyed when done. Never vetoed, hidden, filtered out, resting after
    being done, already planned, or (without ``try_new``) not yet rated by both."""
    filters = filters or Filters()
    day = as_date(today)
    hidden = set(state.hidden)
    planned = {p.get("activity_id") for p in upcoming_plans(state, day)}
    feedback = _feedback(state.plans)
    out: list[Suggestion] = []
    for activity in catalogue:
        kind = match_kind(state.ratings_a.get(activity.id), state.ratings_b.get(activity.id))
        if kind == "vetoed" or activity.id in hidden or activity.id in planned:
            continue
        if "new" in kind and not try_new:
            continue
        if not filters.matches(activity):
            continue
        base, reason = MATCHES[kind]
        fb = feedback.get(activity.id, _Feedback(None, None, 0.0))
        if fb.last_done is not None and (day - fb.last_done).days < REST_DAYS:
            continue
        # Tie-breaks stay below 2 points: not done lately (up to 1), enjoyed when done (-1..1).
        since = 1.0 if fb.last_done is None else min((day - fb.last_done).days, 365) / 365
        enjoyed = 0.0 if fb.average is None else (fb.average - 3) / 2
        score = base + (NOVEL_BONUS if activity.novel else 0.0) + fb.adjust + since + enjoyed
        if fb.adjust > 0:
            reason += ", and you both enjoyed it"
        elif fb.adjust < 0:
            reason += ", though it hasn't gone well lately"
        out.append(Suggestion(activity, round(score, 4), reason, kind))
    out.sort(key=_order)
    return out


def _order(s: Suggestion) -> tuple[float, str, str]:
    return (-s.score, s.activity.name.casefold(), s.activity.id)


SURPRISE_POOL = 8  # how many of the best are in the draw
SURPRISE_SPREAD = 25.0  # only those within this many points of the best


def surprise(
    suggestions: Iterable[Suggestion], seed: int | None = None, exclude: Iterable[str] = ()
) -> Suggestion | None:
    """A weighted random pick among the best; the same seed gives the same pick.

    Re-roll with another seed, or pass the earlier picks' ids in ``exclude``."""
    gone = set(exclude)
    pool = sorted((s for s in suggestions if s.activity.id not in gone), key=_order)
    if not pool:
        return None
    pool = [s for s in pool if s.score >= pool[0].score - SURPRISE_SPREAD][:SURPRISE_POOL]
    lowest = pool[-1].score
    weights = [s.score - lowest + 5.0 for s in pool]
    return random.Random(seed).choices(pool, weights=weights, k=1)[0]
