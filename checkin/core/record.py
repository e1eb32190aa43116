"""A check-in record: what a new one holds, and the limits and checks on what a command may
carry. Every refusal is a :class:`checkin.errors.Refusal` worded for the couple."""

from __future__ import annotations

import uuid
from typing import Any

from checkin.core.agenda import Agenda
from checkin.core.clock import Clock
from checkin.core.model import PARTNERS
from checkin.errors import Refusal

SCHEMA = 1  # the shape of one check-in record; a record says which it has ("schema")


def record_schema(record: dict[str, Any]) -> int:
    """The record's schema (1 for records from before it was written down)."""
    found = record.get("schema", 1)
    return found if isinstance(found, int) and not isinstance(found, bool) else 1


def check_record_schema(record: dict[str, Any]) -> None:
    """Refuse (and so leave untouched) a check-in written by a newer checkin: reading it with
    older rules could lose what it holds. Every older schema is read as it is (there is one)."""
    found = record_schema(record)
    if found > SCHEMA:
        raise Refusal(
            f"The check-in in progress was written by a newer checkin (its record version {found}; "
            f"this checkin reads up to {SCHEMA}). It is kept as it is: update checkin to go on with it."
        )
NOTE_LIMIT = 4000
DRAFT_LIMIT = 4 * NOTE_LIMIT
TEXT_LIMIT = 500
DUE_MAX_YEARS = 3  # an action item due further ahead than this is a typing slip (9999-12-31)
MORE_TIME_MAX_MINUTES = 240
OWNERS = ("a", "b", "both")


def split_note(text: str, limit: int = NOTE_LIMIT) -> list[str]:
    """Split text into pieces of at most ``limit`` characters, at paragraph ends when it can
    (then line ends, then spaces, then anywhere); nothing is dropped but blank space between."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(window.rfind(" "), 0) or limit
        parts.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        parts.append(rest)
    return [p for p in parts if p]


REVIEW_STATUSES = ("done", "carried", "dropped")


def first_speaker_for(previous_first: str | None) -> str:
    """Who speaks first this week: the other one than last week ("a" the very first time)."""
    return "a" if previous_first == "b" or previous_first not in PARTNERS else "b"


def new_checkin(
    agenda: Agenda,
    first_speaker: str,
    clock: Clock,
    previous_actions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A new, JSON-safe check-in record. Its first event is written when a runner attaches."""
    if first_speaker not in PARTNERS:
        raise Refusal("first_speaker must be 'a' or 'b'")
    if not agenda.blocks:
        raise Refusal(f"The agenda '{agenda.title}' has no blocks; add at least one.")
    now = clock.now().isoformat()
    return {
        "id": uuid.uuid4().hex,
        "schema": SCHEMA,
        "agenda": agenda.to_dict(),
        "first_speaker": first_speaker,
        "started_at": now,
        "ended_at": None,
        "status": "in_progress",
        "previous_actions": [dict(item) for item in previous_actions or []],
        "events": [],
        "heartbeat": {"seg": 0, "m": 0.0, "at": now},
    }


def check_partner(partner: str, allowed: tuple[str, ...] = PARTNERS) -> str:
    if partner not in allowed:
        raise Refusal(f"partner must be one of {', '.join(allowed)}")
    return partner


def check_minutes(value: Any, low: float, high: float, what: str) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
        raise Refusal(f"{what} must be between {low:g} and {high:g} minutes")
    return float(value)


def check_text(text: Any, limit: int, what: str) -> str:
    if not isinstance(text, str):
        raise Refusal(f"{what} must be text")
    clean = text.strip()
    if not clean:
        raise Refusal(f"{what} is empty")
    if len(clean) > limit:
        raise Refusal(f"{what} is too long: {len(clean)} characters, at most {limit} fit.")
    return clean


def check_score(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise Refusal(f"{what} must be a whole number from 0 to 10")
    return value
