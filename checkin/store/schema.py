"""What each data file must look like: TinyDB's shape, then the field types the app relies on.

The same check runs when a file is read (damage is named like any other damage, and doctor
reports it) and before a file is written (the app can never write what it would refuse to
read). Fields are checked when present, except the one the app cannot do without (a
finished check-in's ``id``); unknown fields and tables are kept as they are, so
data from a newer checkin still reads. Reasons name the table, document and field, never a
value (a value could be a note).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..core.model import PARTNERS

Check = Callable[[Any], str | None]
DocCheck = Callable[[dict[str, Any]], str | None]

CALLERS = (None, *PARTNERS)  # who asked for a break: a partner, or not recorded


def tinydb_shape(data: Any) -> str | None:
    """Return why ``data`` is not a TinyDB document tree, or None if it is."""
    if not isinstance(data, dict):
        return "expected a JSON object at the top"
    for table, docs in data.items():
        if not isinstance(docs, dict):
            return f"table {table!r} is not an object"
        for doc_id, doc in docs.items():
            if not (str(doc_id).isascii() and str(doc_id).isdigit()):  # "²".isdigit() is True
                return f"table {table!r} has a document id that is not a number"
            if not isinstance(doc, dict):
                return f"table {table!r} document {doc_id} is not an object"
    return None


def kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # pragma: no cover - JSON has no other kinds


# -- field checks: each returns why a present value is wrong, or None -------------------------


def text(value: Any) -> str | None:
    return None if isinstance(value, str) else f"expected text, found {kind(value)}"


def text_or_none(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else f"expected text, found {kind(value)}"


def flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, found {kind(value)}"


def number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"expected a number, found {kind(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return "expected a number, found NaN or infinity"
    return None


def whole(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"expected a whole number, found {kind(value)}"
    return None


def obj(value: Any) -> str | None:
    return None if isinstance(value, dict) else f"expected an object, found {kind(value)}"


def obj_or_none(value: Any) -> str | None:
    return None if value is None or isinstance(value, dict) else f"expected an object, found {kind(value)}"


def list_of_objects(value: Any) -> str | None:
    if not isinstance(value, list):
        return f"expected a list, found {kind(value)}"
    for n, item in enumerate(value):
        if not isinstance(item, dict):
            return f"item {n} is {kind(item)}, expected an object"
    return None


def partner(value: Any) -> str | None:
    return None if value in CALLERS else "expected 'a' or 'b'"


def moment(value: Any) -> str | None:
    """An ISO date and time the app can compare and convert (to UTC and back)."""
    if not isinstance(value, str):
        return f"expected a date and time, found {kind(value)}"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        try:
            import arrow

            when = arrow.get(value).datetime
        except Exception:  # noqa: BLE001 - arrow raises several kinds
            return "expected a date and time, found text that is not one"
    try:
        if when.tzinfo is not None:
            when.astimezone(UTC)
    except (OverflowError, ValueError):
        return "a date and time out of range"
    return None


def moment_or_none(value: Any) -> str | None:
    return None if value is None else moment(value)


def fields(spec: dict[str, Check], required: tuple[str, ...] = ()) -> DocCheck:
    """A document check: each field of ``spec`` that is present passes its check."""

    def check(doc: dict[str, Any]) -> str | None:
        for name in required:
            if name not in doc:
                return f"{name} is missing"
        for name, field_check in spec.items():
            if name in doc:
                why = field_check(doc[name])
                if why:
                    return f"{name}: {why}"
        return None

    return check


# -- the app's documents ----------------------------------------------------------------------

SUMMARY_FIELDS: dict[str, Check] = {
    "blocks": list_of_objects,
    "talk": obj,
    "talk_share": obj,
    "ratings_before": obj,
    "ratings_after": obj,
    "actions": list_of_objects,
    "review": obj,
    "pauses": obj,
    "breaks": obj,
    "parked": list_of_objects,
    "elapsed": number,
    "planned": number,
    "used": number,
    "first_speaker": partner,
    "open_actions": list_of_objects,
    "facilitator": obj_or_none,
    "facilitator_draft": text_or_none,  # what the facilitator is typing (an agreement or action item)
}

INDEX_ROW = fields(
    {
        **SUMMARY_FIELDS,
        "id": text,
        "started_at": moment_or_none,
        "ended_at": moment_or_none,
        "status": text_or_none,
        "agenda": text_or_none,
    },
    required=("id",),
)

_summary = fields(SUMMARY_FIELDS)


def _events(value: Any) -> str | None:
    why = list_of_objects(value)
    if why:
        return why
    for n, event in enumerate(value):
        kind_of = event.get("type")
        if not isinstance(kind_of, str):
            return f"event {n} type: expected text, found {kind(kind_of)}"
        for name, field_check in _EVENT_FIELDS.items():
            if name in event:
                why = field_check(event[name])
                if why:
                    return f"event {n} {name}: {why}"
    return None


_EVENT_FIELDS: dict[str, Check] = {"at": moment, "m": number, "seg": whole}


def _summary_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return obj(value) or _summary(value)


CHECKIN_FIELDS: dict[str, Check] = {
    "id": text,
    "started_at": moment_or_none,
    "ended_at": moment_or_none,
    "status": text_or_none,
    "agenda": obj,
    "first_speaker": partner,
    "previous_actions": list_of_objects,
    "events": _events,
    "heartbeat": obj_or_none,
    "draft": obj_or_none,
    "summary": _summary_or_none,
    "facilitator": obj_or_none,
}

CHECKIN = fields(CHECKIN_FIELDS, required=("id",))
DRAFT = fields(CHECKIN_FIELDS)  # a check-in in progress may still be filling in

COUPLE = fields({"name_a": text, "name_b": text, "created_at": text}, required=("name_a", "name_b"))
SETTINGS = fields(
    {
        "weekday": lambda v: whole(v) or (None if 0 <= v <= 6 else "expected 0 (Monday) to 6 (Sunday)"),
        "time": text,
        "theme": text,
        "default_agenda": text,
        "record_break_caller": flag,
        "bell": flag,
    }
)
META = fields({"schema": whole})

#: file name -> table name -> the check of each of its documents.
FILES: dict[str, dict[str, DocCheck]] = {
    "checkin.json": {"meta": META, "couple": COUPLE, "settings": SETTINGS},
    "current.json": {"meta": META, "draft": DRAFT},
    "index.json": {"meta": META, "summaries": INDEX_ROW},
    "history.json": {"meta": META, "checkins": CHECKIN},
}


def check_tables(data: Any, tables: dict[str, DocCheck]) -> str | None:
    why = tinydb_shape(data)
    if why:
        return why
    for table, check in tables.items():
        for doc_id, doc in data.get(table, {}).items():
            why = check(doc)
            if why:
                return f"table {table!r} document {doc_id}: {why}"
    return None


def file_check(name: str) -> Check:
    """The check for a data file called ``name`` (TinyDB's shape alone for other files)."""
    tables = FILES.get(name)
    if tables is None:
        return tinydb_shape
    return lambda data: check_tables(data, tables)
