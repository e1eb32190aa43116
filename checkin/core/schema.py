"""What a stored check-in must look like, field by field (no Textual here).

The app folds a check-in's events into its state, lists its summary in Look back and history, and
carries its action items on; each of those reads fields without asking first. A record that gets
in must therefore hold exactly the shapes those readers rely on: :func:`checkin_problems` lists
every field that does not, by its path (``checkins[3].events[12].at: expected a date and time``).

:func:`clean_tree` is the first, cheap pass over a whole file as it came in: every text cleaned of
terminal controls (:func:`checkin.core.text.clean_text`), every number finite and of a sane size,
nesting and lengths bounded. Problems never quote a value: a broken field could hold a note.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from checkin.core.agenda import KINDS
from checkin.core.facilitator import ROLE
from checkin.core.model import PARTNERS
from checkin.core.record import SCHEMA, record_schema
from checkin.core.text import clean_text

OWNERS = ("a", "b", "both")
STATUSES = ("completed", "ended_early")
REVIEW_STATUSES = ("done", "carried", "dropped")

MAX_TEXT = 20_000  # characters in any one text (a note holds at most 4,000)
MAX_ID = 64
MAX_DEPTH = 32  # a check-in nests 5 deep; anything much deeper is damage
MAX_ITEMS = 200_000  # entries in any one list or object
MAX_EVENTS = 50_000  # events in one check-in (a long evening has a few hundred)
MAX_ACTIONS = 1_000  # last week's action items carried into one check-in
MAX_INT = 2**53  # what every JSON reader holds exactly
MAX_MINUTES = 24 * 60
FIRST_YEAR, LAST_YEAR = 1970, 2999


class Unreadable:
    """Stands in for a value the JSON parser met but the app cannot hold (NaN, 1e999, a number
    with thousands of digits); :func:`clean_tree` reports it at its path."""

    def __init__(self, what: str) -> None:
        self.what = what


def kind_of(value: Any) -> str:
    """A value's kind in words ('text', 'a list'), never the value itself."""
    if value is None:
        return "nothing"
    if isinstance(value, Unreadable):
        return value.what
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def clean_tree(value: Any, path: str, problems: list[str], depth: int = 0) -> Any:
    """A copy of ``value`` with every text (keys too) cleaned; a problem for each value the app
    cannot hold. Stops adding problems past 20, but always returns."""
    if depth > MAX_DEPTH:
        problems.append(f"{path}: nested more than {MAX_DEPTH} deep")
        return None
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            problems.append(f"{path}: text longer than {MAX_TEXT} characters")
            return ""
        return clean_text(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            problems.append(f"{path}: the number is too large")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            problems.append(f"{path}: expected a number, found {value}")
        return value
    if isinstance(value, Unreadable):
        problems.append(f"{path}: expected a value, found {value.what}")
        return None
    if isinstance(value, list):
        if len(value) > MAX_ITEMS:
            problems.append(f"{path}: more than {MAX_ITEMS} entries")
            return []
        return [clean_tree(v, f"{path}[{i}]", problems, depth + 1) for i, v in enumerate(value)]
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            problems.append(f"{path}: more than {MAX_ITEMS} entries")
            return {}
        out = {}
        for key, v in value.items():
            name = clean_text(str(key), lines=False)[:MAX_ID]
            out[name] = clean_tree(v, f"{path}.{name}", problems, depth + 1)
        return out
    problems.append(f"{path}: expected a JSON value, found {kind_of(value)}")
    return None


# -- single values --------------------------------------------------------------------------------


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}:\d{2}|Z)")


def is_datetime(value: Any) -> bool:
    """An ISO-8601 date and time with its UTC offset, as the app writes them, in a year the app can
    show and count in local time too (year 1 at +14:00 is year 0 in UTC)."""
    if not isinstance(value, str) or not _ISO.fullmatch(value):
        return False
    try:
        when = datetime.fromisoformat(value)
        utc = when.astimezone(UTC)
    except (ValueError, OverflowError):
        return False
    return FIRST_YEAR <= utc.year <= LAST_YEAR and FIRST_YEAR <= when.year <= LAST_YEAR


def is_date(value: Any) -> bool:
    """A calendar day like 2026-11-29."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return False
    return FIRST_YEAR <= day.year <= LAST_YEAR


def _number(value: Any, low: float = 0.0, high: float = math.inf) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )


def _whole(value: Any, low: int = 0, high: int = MAX_INT) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _score(value: Any) -> bool:
    return _whole(value, 0, 10)


# -- events -------------------------------------------------------------------------------------

# For each event type: field -> (check, what is expected, required). "block" is checked apart.
_Check = tuple[Any, str, bool]
_PARTNER: _Check = (lambda v: v in PARTNERS, "'a' or 'b'", True)
_EVENT_FIELDS: dict[str, dict[str, _Check]] = {
    "reopen": {
        "prev_end": (_number, "seconds (a number, 0 or more)", False),
        "gap": (_number, "seconds (a number, 0 or more)", False),
    },
    "understood": {"partner": _PARTNER},
    "ready": {"partner": _PARTNER},
    "walk_away": {
        "minutes": (lambda v: _number(v, 0.0, MAX_MINUTES), f"minutes (0 to {MAX_MINUTES})", True),
        "caller": (lambda v: v is None or v in (*PARTNERS, ROLE), "'a', 'b', 'facilitator' or nothing", False),
    },
    "pause": {"caller": (lambda v: v is None or v == ROLE, "'facilitator' or nothing", False)},
    "hand_back": {"caller": (lambda v: v is None or v == ROLE, "'facilitator' or nothing", False)},
    "more_time": {"minutes": (lambda v: _number(v, 0.0, MAX_MINUTES), f"minutes (0 to {MAX_MINUTES})", True)},
    "park": {"text": (_text, "text", True)},
    "note": {
        "id": (_id, "an id", True),
        "partner": (lambda v: v in OWNERS, "'a', 'b' or 'both'", True),
        "text": (_text, "text", True),
    },
    "remove_note": {"id": (_id, "an id", True)},
    "rating": {
        "partner": _PARTNER,
        "mood": (_score, "a whole number from 0 to 10", True),
        "connection": (_score, "a whole number from 0 to 10", True),
        "hard_topic_ok": (lambda v: v is None or isinstance(v, bool), "true, false or nothing", False),
    },
    "topic": {"text": (_text, "text", True)},
    "review": {
        "item": (_id, "an id", True),
        "status": (lambda v: v in REVIEW_STATUSES, " or ".join(REVIEW_STATUSES), True),
    },
    "action": {
        "id": (_id, "an id", True),
        "text": (_text, "text", True),
        "owner": (lambda v: v in OWNERS, "'a', 'b' or 'both'", True),
        "due": (is_date, "a day like 2026-11-29", True),
    },
    "remove_action": {"id": (_id, "an id", True)},
    "finish": {"status": (lambda v: v in STATUSES, " or ".join(STATUSES), False)},
}


_PLAIN_EVENTS = ("start", "pass_floor", "more", "resume", "end_for_today", "next_block", "add_minute")


def event_problems(ev: Any, at: str, blocks: int | None) -> list[str]:
    """What is wrong with one event (``blocks``: how many blocks its agenda has, if known)."""
    if not isinstance(ev, dict):
        return [f"{at}: expected an object, found {kind_of(ev)}"]
    problems = []
    kind = ev.get("type")
    if not isinstance(kind, str) or not kind:
        problems.append(f"{at}.type: missing")
    elif kind not in _EVENT_FIELDS and kind not in _PLAIN_EVENTS and not kind.isidentifier():
        # a newer version's event is kept (and skipped when replayed)
        problems.append(f"{at}.type: {kind_of(kind)} is not an event type")
    if not is_datetime(ev.get("at")):
        problems.append(f"{at}.at: expected a date and time, found {kind_of(ev.get('at'))}")
    if "m" in ev and not _number(ev["m"]):
        problems.append(f"{at}.m: expected seconds (a number, 0 or more), found {kind_of(ev['m'])}")
    if "seg" in ev and not _whole(ev["seg"], 0, 1_000_000):
        problems.append(f"{at}.seg: expected a whole number, found {kind_of(ev['seg'])}")
    if "block" in ev and not _whole(ev["block"], 0, (blocks - 1) if blocks else MAX_INT):
        problems.append(f"{at}.block: expected the number of a block of its agenda, found {kind_of(ev['block'])}")
    for key, (check, expected, required) in _EVENT_FIELDS.get(kind if isinstance(kind, str) else "", {}).items():
        if key not in ev:
            if required:
                problems.append(f"{at}.{key}: missing (expected {expected})")
        elif not check(ev[key]):
            problems.append(f"{at}.{key}: expected {expected}, found {kind_of(ev[key])}")
    return problems


# -- the summary kept with a record (derived: worked out again when it does not fit) -------------


def _pair(value: Any, check: Any) -> bool:
    return isinstance(value, Mapping) and all(p in value and check(value[p]) for p in PARTNERS)


def _rating(value: Any) -> bool:
    if value is None:
        return True
    return (
        isinstance(value, Mapping)
        and _score(value.get("mood"))
        and _score(value.get("connection"))
        and value.get("hard_topic_ok") in (None, True, False)
    )


def _list_of(value: Any, check: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, Mapping) and check(v) for v in value)


def summary_fits(summary: Any, record: Mapping[str, Any]) -> bool:
    """The stored summary has every field lists, history, trends and the next check-in read,
    each with the right shape, and belongs to this record."""
    if not isinstance(summary, Mapping):
        return False
    numbers = ("elapsed", "planned", "used", "together")
    checks = (
        all(_number(summary.get(k)) for k in numbers),
        summary.get("id") == record.get("id"),
        isinstance(summary.get("agenda"), str),
        summary.get("status") in STATUSES,
        _pair(summary.get("talk"), _number),
        _pair(summary.get("talk_share"), lambda v: _whole(v, 0, 100)),
        _pair(summary.get("ratings_before"), _rating),
        _pair(summary.get("ratings_after"), _rating),
        _list_of(
            summary.get("blocks"),
            lambda b: isinstance(b.get("title"), str) and b.get("kind") in KINDS and _number(b.get("planned"))
            and _number(b.get("used")) and (b.get("topic") is None or isinstance(b.get("topic"), str)),
        ),
        _list_of(
            summary.get("actions"),
            lambda a: _id(a.get("id")) and isinstance(a.get("text"), str) and a.get("owner") in OWNERS
            and is_date(a.get("due")),
        ),
        isinstance(summary.get("review"), Mapping)
        and all(v in REVIEW_STATUSES for v in summary["review"].values()),
        all(
            isinstance(summary.get(k), Mapping)
            and _whole(summary[k].get("count"))
            and _number(summary[k].get("seconds"))
            for k in ("pauses", "breaks")
        ),
        _list_of(summary.get("parked"), lambda p: isinstance(p.get("text"), str)),
        summary.get("first_speaker", "a") in PARTNERS,
        _list_of(summary.get("open_actions", []), _action_item_fits),
        isinstance(summary.get("text", []), list) and all(isinstance(t, str) for t in summary.get("text", [])),
        _whole(summary.get("notes", 0)),
    )
    return all(checks)


def _action_item_fits(item: Mapping[str, Any]) -> bool:
    return (
        _id(item.get("id"))
        and isinstance(item.get("text", ""), str)
        and item.get("owner", "both") in OWNERS
        and (item.get("due") is None or is_date(item.get("due")))
        and (item.get("created") is None or is_datetime(item.get("created")))
    )


# -- a whole record -------------------------------------------------------------------------------


def checkin_problems(record: Any, where: str) -> list[str]:
    """Every field of a finished check-in that is not what the app relies on, by its path.

    The agenda snapshot is checked by :func:`checkin.core.agenda.parse_agenda` (the caller does
    that, as it is the slow part); ``blocks`` here is read from it only to bound ``block``."""
    if not isinstance(record, dict):
        return [f"{where}: expected an object, found {kind_of(record)}"]
    problems = []
    if not _id(record.get("id")):
        problems.append(f"{where}.id: expected text (at most {MAX_ID} characters), found {kind_of(record.get('id'))}")
    if not is_datetime(record.get("started_at")):
        problems.append(f"{where}.started_at: expected a date and time, found {kind_of(record.get('started_at'))}")
    ended = record.get("ended_at")
    if ended is not None and not is_datetime(ended):
        problems.append(f"{where}.ended_at: expected a date and time, found {kind_of(ended)}")
    if record.get("status") not in STATUSES:
        problems.append(f"{where}.status: expected {' or '.join(STATUSES)}, found {kind_of(record.get('status'))}")
    if record.get("first_speaker", "a") not in PARTNERS:
        problems.append(f"{where}.first_speaker: expected 'a' or 'b', found {kind_of(record.get('first_speaker'))}")
    if "schema" in record and not _whole(record["schema"], 1, 1000):
        problems.append(f"{where}.schema: expected a whole number, found {kind_of(record['schema'])}")
    elif record_schema(record) > SCHEMA:
        problems.append(f"{where}.schema: {record_schema(record)} was written by a newer checkin "
                        f"(this one reads up to {SCHEMA}); update checkin, then import again")
    previous = record.get("previous_actions", [])
    if not isinstance(previous, list) or len(previous) > MAX_ACTIONS:
        problems.append(f"{where}.previous_actions: expected a list of at most {MAX_ACTIONS} action items")
    else:
        for i, item in enumerate(previous):
            if not isinstance(item, dict) or not _action_item_fits(item):
                problems.append(f"{where}.previous_actions[{i}]: expected an action item (id, text, owner, due day)")
    beat = record.get("heartbeat")
    if beat is not None and not (
        isinstance(beat, dict) and _whole(beat.get("seg", 0)) and _number(beat.get("m", 0.0))
        and (beat.get("at") is None or is_datetime(beat.get("at")))
    ):
        problems.append(f"{where}.heartbeat: expected seg, m and at")
    draft = record.get("draft")
    if draft is not None and not (isinstance(draft, dict) and isinstance(draft.get("text", ""), str)):
        problems.append(f"{where}.draft: expected nothing or a note being written")
    agenda = record.get("agenda")
    raw_blocks = agenda.get("blocks") if isinstance(agenda, dict) else None
    blocks = len(raw_blocks) if isinstance(raw_blocks, list) else None
    events = record.get("events")
    if not isinstance(events, list):
        problems.append(f"{where}.events: expected a list, found {kind_of(events)}")
        return problems
    if len(events) > MAX_EVENTS:
        problems.append(f"{where}.events: more than {MAX_EVENTS} events")
        return problems
    for j, ev in enumerate(events):
        problems += event_problems(ev, f"{where}.events[{j}]", blocks)
        if len(problems) >= 20:
            return problems
    first = events[0].get("type") if events and isinstance(events[0], dict) else None
    if not events or (isinstance(first, str) and first != "start"):
        problems.append(f"{where}.events[0]: a check-in begins with a 'start' event")
    return problems


__all__ = [
    "MAX_EVENTS",
    "MAX_TEXT",
    "Unreadable",
    "checkin_problems",
    "clean_tree",
    "event_problems",
    "is_date",
    "is_datetime",
    "summary_fits",
]
