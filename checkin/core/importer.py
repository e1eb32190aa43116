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

from checkin.core.agenda import MAX_BLOCKS, Agenda, AgendaError
from checkin.core.export_format import FORMAT, VERSION, Store, sort_key
from checkin.core.model import Couple, Settings
from checkin.core.names import clean_name, name_problem, names_problem
from checkin.core.schedule import parse_time
from checkin.core.schema import MAX_EVENTS, Unreadable, checkin_problems, clean_tree, summary_fits
from checkin.core.schema import kind_of as _kind
from checkin.errors import Refusal

MAX_PROBLEMS = 20


class ImportProblem(Refusal):
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


MAX_FILE_BYTES = 256 * 1024 * 1024  # a lifetime of weekly check-ins is a few megabytes
MAX_CHECKINS = 100_000
_LONGEST_NUMBER = 20  # digits: more than any count or time the app keeps


def _number(text: str) -> int | Unreadable:
    # Python refuses to read an integer of more than 4300 digits with a ValueError, not a JSON
    # error; a number that long is damage, reported at its field like any other.
    return int(text) if len(text.lstrip("-")) <= _LONGEST_NUMBER else Unreadable("a number with too many digits")


def loads(text: str) -> Any:
    """Parse the file; ImportProblem says where the JSON is broken.

    The size is checked first; NaN, Infinity and overlong numbers are parsed into markers that
    :func:`validate` reports by their field's path."""
    if len(text) > MAX_FILE_BYTES:
        raise ImportProblem([f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; no export is that big"])
    try:
        return json.loads(
            text,
            parse_int=_number,
            parse_constant=lambda name: Unreadable(name),
        )
    except json.JSONDecodeError as err:
        raise ImportProblem([f"not valid JSON: {err.msg.removesuffix(' at')} (line {err.lineno}, column {err.colno})"]) from None
    except RecursionError:
        raise ImportProblem(["not a checkin export: it is nested far too deeply"]) from None


def validate(data: Any, current: Couple | None = None) -> list[str]:
    """Everything that is wrong with an export, one line each (empty: fine to import)."""
    return _prepare(data, current)[1]


def _prepare(data: Any, current: Couple | None) -> tuple[dict[str, Any], list[str]]:
    """The export with every text cleaned of terminal controls, and its problems.

    Cheap checks come first and stop the rest: the format, then sizes and the shape of every
    value, then each field of each check-in, and only then the agendas and the summaries."""
    if not isinstance(data, dict):
        return {}, [f"expected a JSON object at the top, found {_kind(data)}"]
    problems: list[str] = []
    if data.get("format") != FORMAT:
        problems.append(f"format: expected '{FORMAT}', found {_show(data.get('format'))}")
        return {}, problems
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"version: expected a whole number, found {_show(version)}")
    elif version > VERSION:
        problems.append(
            f"version: the file is version {version}, newer than this checkin reads ({VERSION}); please update checkin"
        )
        return {}, problems
    checkins = data.get("checkins")
    if isinstance(checkins, list) and len(checkins) > MAX_CHECKINS:
        return {}, [f"checkins: more than {MAX_CHECKINS} check-ins; no export is that big"]
    oversized = _oversized(checkins)
    if oversized:
        return {}, oversized
    clean = {_quote(str(key), 40): clean_tree(value, _quote(str(key), 40), problems) for key, value in data.items()}
    if problems:
        return clean, problems[:MAX_PROBLEMS]
    raw_couple = data.get("couple")
    if isinstance(raw_couple, dict) and isinstance(clean.get("couple"), dict):
        # Names have their own, stricter cleaning (imported_couple), from what the file holds.
        clean["couple"].update({k: raw_couple[k] for k in ("name_a", "name_b") if k in raw_couple})
    problems += _check_couple(clean.get("couple"), current)
    problems += _check_settings(clean.get("settings"))
    sections = clean.get("sections", {})
    if not isinstance(sections, dict):
        problems.append(f"sections: expected an object, found {_kind(sections)}")
    else:
        for name, value in sections.items():
            if not isinstance(value, dict):
                problems.append(f"sections.{_quote(str(name))}: expected an object, found {_kind(value)}")
    checkins = clean.get("checkins")
    if not isinstance(checkins, list):
        problems.append(f"checkins: expected a list, found {_kind(checkins)}")
        return clean, problems[:MAX_PROBLEMS]
    seen: set[str] = set()
    for i, record in enumerate(checkins):
        where = f"checkins[{i}]"
        problems += checkin_problems(record, where)
        rid = record.get("id") if isinstance(record, dict) else None
        if isinstance(rid, str):
            if rid in seen:
                problems.append(f"{where}: the id '{_quote(rid)}' appears twice in the file")
            seen.add(rid)
        if len(problems) >= MAX_PROBLEMS:
            return clean, problems[:MAX_PROBLEMS]
    for i, record in enumerate(checkins):  # the slower part, once every cheap check has passed
        if not isinstance(record, dict):
            continue  # named above by checkin_problems ("expected an object")
        if not problems and isinstance(record.get("agenda"), dict):
            try:
                Agenda.from_dict(record["agenda"], f"checkins[{i}].agenda")
            except AgendaError as err:
                problems.append(str(err))
        elif not isinstance(record.get("agenda"), dict):
            problems.append(f"checkins[{i}].agenda: expected an object, found {_kind(record.get('agenda'))}")
        if len(problems) >= MAX_PROBLEMS:
            break
    return clean, problems[:MAX_PROBLEMS]


def _oversized(checkins: Any) -> list[str]:
    """The first check-in with too many blocks or events, found before any of it is read."""
    for i, record in enumerate(checkins if isinstance(checkins, list) else []):
        if not isinstance(record, dict):
            continue
        agenda = record.get("agenda")
        blocks = agenda.get("blocks") if isinstance(agenda, dict) else None
        if isinstance(blocks, list) and len(blocks) > MAX_BLOCKS:
            return [f"checkins[{i}].agenda: {len(blocks)} blocks; an agenda has at most {MAX_BLOCKS}"]
        events = record.get("events")
        if isinstance(events, list) and len(events) > MAX_EVENTS:
            return [f"checkins[{i}].events: more than {MAX_EVENTS} events"]
    return []


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
    # One person so far ("Just me for now"): their export has an empty second name.
    alone = isinstance(couple.get("name_b"), str) and not couple["name_b"].strip()
    for key in ("name_a",) if alone else ("name_a", "name_b"):
        value = couple.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"couple.{key}: expected a name, found {_show(value)}")
        elif not clean_name(value):
            problems.append(f"couple.{key}: expected a name, found only control characters or escape codes")
    if problems:
        return problems
    a, b = clean_name(couple["name_a"]), clean_name(couple["name_b"])
    problem = name_problem(a) if alone else names_problem(a, b)
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
    data, problems = _prepare(data, store.couple())
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
        if not summary_fits(record.get("summary"), record):  # derived data: worked out again from the events
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


__all__ = [
    "MAX_CHECKINS",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "ImportProblem",
    "ImportReport",
    "import_data",
    "import_text",
    "loads",
    "validate",
]
