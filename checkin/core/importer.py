"""Import a JSON export: check the whole file, then merge it by id (no Textual here).

Importing the same file twice changes nothing. On any problem nothing changes and each thing
that is wrong is listed, in words that are safe to print: text from the file is cleaned of
escape sequences and control characters before it is quoted, and never the text of a note.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import arrow

from checkin.core.agenda import Agenda, AgendaError
from checkin.core.events import EVENT_TYPES
from checkin.core.export_format import FORMAT, STATUSES, VERSION, Store, sort_key
from checkin.core.model import Couple, Settings
from checkin.core.names import clean_name, names_problem
from checkin.core.schedule import parse_time

MAX_PROBLEMS = 20


class ImportProblem(ValueError):
    """The file cannot be imported; ``problems`` lists each thing that is wrong."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = "" if len(problems) <= 1 else f" (and {len(problems) - 1} more)"
        super().__init__(f"{problems[0]}{more}" if problems else "the file cannot be imported")


@dataclass
class ImportReport:
    added: int = 0
    already: int = 0
    couple_added: bool = False
    sections: list[str] = field(default_factory=list)

    def words(self) -> str:
        """'Added 12 check-ins (3 were already here).'"""
        noun = "check-in" if self.added == 1 else "check-ins"
        line = f"Added {self.added} {noun}"
        if self.already:
            line += f" ({self.already} {'was' if self.already == 1 else 'were'} already here)"
        line += "."
        if self.couple_added:
            line += " Names and settings were set from the file."
        if self.sections:
            line += f" Merged: {', '.join(self.sections)}."
        return line


def loads(text: str) -> Any:
    """Parse the file; ImportProblem says where the JSON is broken."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ImportProblem([f"not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}"]) from None


def validate(data: Any, current: Couple | None = None) -> list[str]:
    """Everything that is wrong with an export, one line each (empty: fine to import)."""
    if not isinstance(data, dict):
        return [f"expected a JSON object at the top, found {_kind(data)}"]
    problems: list[str] = []
    if data.get("format") != FORMAT:
        problems.append(f"format: expected '{FORMAT}', found {_show(data.get('format'))}")
        return problems
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"version: expected a whole number, found {_show(version)}")
    elif version > VERSION:
        problems.append(
            f"version: the file is version {version}, newer than this checkin reads ({VERSION}); please update checkin"
        )
        return problems
    problems += _check_couple(data.get("couple"), current)
    problems += _check_settings(data.get("settings"))
    sections = data.get("sections", {})
    if not isinstance(sections, dict):
        problems.append(f"sections: expected an object, found {_kind(sections)}")
    else:
        for name, value in sections.items():
            if not isinstance(value, dict):
                problems.append(f"sections.{_quote(str(name))}: expected an object, found {_kind(value)}")
    checkins = data.get("checkins")
    if not isinstance(checkins, list):
        problems.append(f"checkins: expected a list, found {_kind(checkins)}")
    else:
        seen: set[str] = set()
        for i, record in enumerate(checkins):
            where = f"checkins[{i}]"
            found = _check_checkin(record, where)
            problems += found
            rid = record.get("id") if isinstance(record, dict) else None
            if isinstance(rid, str):
                if rid in seen:
                    problems.append(f"{where}: the id '{_quote(rid)}' appears twice in the file")
                seen.add(rid)
            if len(problems) >= MAX_PROBLEMS:
                break
    return problems[:MAX_PROBLEMS]


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _quote(text: str, limit: int = 40) -> str:
    """Text from the file, safe to print: escape sequences and control characters removed."""
    return clean_name(text)[:limit]


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{_quote(value)}'"
    return _kind(value)


def imported_couple(couple: dict[str, Any]) -> Couple:
    """The couple of a checked file, with names cleaned exactly as the welcome screen cleans them."""
    return Couple.from_dict({**couple, "name_a": clean_name(couple["name_a"]), "name_b": clean_name(couple["name_b"])})


def _folded(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


def _check_couple(couple: Any, current: Couple | None) -> list[str]:
    # Names reach the terminal (titles, tables, every screen), so they go through the same
    # cleaning and checks as names typed in: an escape sequence never gets in by an import.
    if couple is None:
        return []
    if not isinstance(couple, dict):
        return [f"couple: expected an object, found {_kind(couple)}"]
    problems = []
    for key in ("name_a", "name_b"):
        value = couple.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"couple.{key}: expected a name, found {_show(value)}")
        elif not clean_name(value):
            problems.append(f"couple.{key}: expected a name, found only control characters or escape codes")
    if problems:
        return problems
    a, b = clean_name(couple["name_a"]), clean_name(couple["name_b"])
    problem = names_problem(a, b)
    if problem:
        return [f"couple: the names {_show(a)} and {_show(b)} cannot be used. {problem}"]
    if current is None:
        return []
    if {_folded(current.name_a), _folded(current.name_b)} != {_folded(a), _folded(b)}:
        problems.append(
            f"couple: the file belongs to {a} & {b}, but this data "
            f"folder belongs to {current.name_a} & {current.name_b}; import it into an empty folder "
            "(--data-dir) instead"
        )
    return problems


_SETTING_TYPES: dict[str, type] = {
    "weekday": int,
    "time": str,
    "theme": str,
    "default_agenda": str,
    "record_break_caller": bool,
    "bell": bool,
}


def _check_settings(settings: Any) -> list[str]:
    if settings is None:
        return []
    if not isinstance(settings, dict):
        return [f"settings: expected an object, found {_kind(settings)}"]
    problems = []
    for key, kind in _SETTING_TYPES.items():
        if key not in settings:
            continue
        value = settings[key]
        wrong_bool = kind is int and isinstance(value, bool)
        if not isinstance(value, kind) or wrong_bool:
            problems.append(f"settings.{key}: expected {_kind(kind())}, found {_show(value)}")
    weekday = settings.get("weekday", 0)
    if isinstance(weekday, int) and not isinstance(weekday, bool) and not 0 <= weekday <= 6:
        problems.append(f"settings.weekday: expected 0 (Monday) to 6 (Sunday), found {weekday}")
    if isinstance(settings.get("time"), str) and parse_time(settings["time"]) is None:
        problems.append(f"settings.time: expected a time like 19:00, found {_show(settings['time'])}")
    return problems


def _is_time(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        arrow.get(value)
    except (arrow.parser.ParserError, ValueError, TypeError):
        return False
    return True


def _check_checkin(record: Any, where: str) -> list[str]:
    # Values inside a check-in are never quoted back: a broken field could hold a note.
    if not isinstance(record, dict):
        return [f"{where}: expected an object, found {_kind(record)}"]
    problems = []
    rid = record.get("id")
    if not isinstance(rid, str) or not rid:
        problems.append(f"{where}.id: expected text, found {_kind(rid)}")
    else:
        where = f"{where} (id {_quote(rid, 12)})"
    if not _is_time(record.get("started_at")):
        problems.append(f"{where}.started_at: expected a date and time, found {_kind(record.get('started_at'))}")
    ended = record.get("ended_at")
    if ended is not None and not _is_time(ended):
        problems.append(f"{where}.ended_at: expected a date and time, found {_kind(ended)}")
    if record.get("status") not in STATUSES:
        problems.append(f"{where}.status: expected {' or '.join(STATUSES)}, found {_kind(record.get('status'))}")
    agenda = record.get("agenda")
    if not isinstance(agenda, dict):
        problems.append(f"{where}.agenda: expected an object, found {_kind(agenda)}")
    else:
        try:
            Agenda.from_dict(agenda, f"{where}.agenda")
        except AgendaError as err:
            problems.append(str(err))
    for key in ("previous_actions",):
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append(f"{where}.{key}: expected a list of objects")
    events = record.get("events")
    if not isinstance(events, list):
        problems.append(f"{where}.events: expected a list, found {_kind(events)}")
        return problems
    for j, ev in enumerate(events):
        at = f"{where}.events[{j}]"
        if not isinstance(ev, dict):
            problems.append(f"{at}: expected an object, found {_kind(ev)}")
            continue
        kind = ev.get("type")
        if not isinstance(kind, str) or not kind:
            problems.append(f"{at}.type: missing")
        elif kind not in EVENT_TYPES and not kind.isidentifier():
            problems.append(f"{at}.type: {_kind(kind)} is not an event type")
        if not _is_time(ev.get("at")):
            problems.append(f"{at}.at: expected a date and time, found {_kind(ev.get('at'))}")
        m = ev.get("m", 0.0)
        if not isinstance(m, int | float) or isinstance(m, bool) or m < 0:
            problems.append(f"{at}.m: expected seconds (a number, 0 or more), found {_kind(m)}")
        seg = ev.get("seg", 0)
        if not isinstance(seg, int) or isinstance(seg, bool) or seg < 0:
            problems.append(f"{at}.seg: expected a whole number, found {_kind(seg)}")
        if len(problems) >= MAX_PROBLEMS:
            break
    first = events[0].get("type") if events and isinstance(events[0], dict) else None
    if isinstance(first, str) and first != "start":
        problems.append(f"{where}.events[0]: a check-in begins with a 'start' event")
    return problems


_SUMMARY_SHAPE: dict[str, type | tuple[type, ...]] = {
    "blocks": list,
    "talk": dict,
    "talk_share": dict,
    "ratings_before": dict,
    "ratings_after": dict,
    "actions": list,
    "review": dict,
    "pauses": dict,
    "breaks": dict,
    "parked": list,
    "elapsed": (int, float),
}


def _summary_ok(summary: Any) -> bool:
    """A stored summary has the shape lists and trends rely on (else it is worked out again)."""
    return isinstance(summary, dict) and all(isinstance(summary.get(key), kind) for key, kind in _SUMMARY_SHAPE.items())


def _merge_section(local: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """Add what the file has and the folder lacks; never change what is already here.

    Lists of objects merge by their "id", lists of plain values by value, objects by key."""
    merged = dict(local)
    for key, value in incoming.items():
        if key not in merged:
            merged[key] = value
            continue
        mine = merged[key]
        if isinstance(mine, dict) and isinstance(value, dict):
            merged[key] = _merge_section(mine, value)
        elif isinstance(mine, list) and isinstance(value, list):
            if all(isinstance(v, dict) and "id" in v for v in mine + value):
                ids = {v["id"] for v in mine}
                merged[key] = mine + [v for v in value if v["id"] not in ids]
            elif all(not isinstance(v, dict | list) for v in mine + value):
                merged[key] = mine + [v for v in value if v not in mine]
    return merged


def import_data(store: Store, data: Any) -> ImportReport:
    """Check the whole export, then merge it by id. Raises ImportProblem and changes nothing if
    anything is wrong."""
    problems = validate(data, store.couple())
    if problems:
        raise ImportProblem(problems)
    from checkin.core.finishing import finished_summary

    report = ImportReport()
    try:
        with store.transaction():  # names, sections and check-ins: all of them or none
            _apply(store, data, report, finished_summary)
    except UnicodeEncodeError:
        # e.g. a lone surrogate ("\ud800") that JSON allows but UTF-8 cannot hold
        raise ImportProblem(["the file holds text that is not valid Unicode and cannot be stored"]) from None
    return report


def _apply(store: Store, data: dict[str, Any], report: ImportReport, finished_summary: Any) -> None:
    couple = store.couple()
    if couple is None and data.get("couple"):
        store.save_first_run(imported_couple(data["couple"]), Settings.from_dict(data.get("settings") or {}))
        report.couple_added = True
    for name, incoming in (data.get("sections") or {}).items():
        if not incoming:
            continue
        local = store.section(name)
        merged = _merge_section(local, incoming)
        if merged != local:
            store.save_section(name, merged)
            report.sections.append(name)
    have = store.checkin_ids()  # the full history, never only the index (which may lag)
    new = []
    for record in sorted(data["checkins"], key=sort_key):
        if record["id"] in have:
            report.already += 1
            continue
        record = dict(record)
        if not _summary_ok(record.get("summary")):  # derived data: worked out again from the events
            names = imported_couple(data["couple"]) if data.get("couple") else store.couple()
            labels = {"a": names.name_a, "b": names.name_b} if names else None
            record["summary"] = finished_summary(record, labels)
        new.append(record)
        have.add(record["id"])
    if new:
        store.bulk_import(new)
    report.added = len(new)


def import_text(store: Store, text: str) -> ImportReport:
    return import_data(store, loads(text))


__all__ = ["MAX_PROBLEMS", "ImportProblem", "ImportReport", "import_data", "import_text", "loads", "validate"]
