"""Export everything to JSON or Markdown, and import a JSON export back (no Textual here).

The JSON export (``format: "checkin-export"``, ``version: 1``) holds::

    couple        {"name_a", "name_b", "created_at", ...}  or null before the first run
    settings      the couple's settings (see checkin.core.model.Settings)
    sections      {"hobbies": {...}}: the hobby picker's ratings, own activities, plans, outcomes
    checkins      every finished check-in in full: agenda, events, previous_actions, summary
    action_items  derived, for reading: every action item with its owner, due day and status
    since         the --since day, or null when everything was exported

It is written with sorted keys and a fixed layout, so the same data always gives the same bytes:
export, import into an empty folder and export again gives an identical file. Import merges by id
(importing a file twice changes nothing), and checks the whole file first: on any problem it
changes nothing and lists exactly what is wrong (never the text of a note).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import arrow

from checkin.core import stats
from checkin.core.agenda import Agenda, AgendaError
from checkin.core.events import EVENT_TYPES
from checkin.core.model import Couple, Settings
from checkin.core.schedule import parse_time

FORMAT = "checkin-export"
VERSION = 1
SECTIONS = ("hobbies",)
STATUSES = ("completed", "ended_early")
MAX_PROBLEMS = 20


class Store(Protocol):
    """What export and import need from the repository."""

    def couple(self) -> Couple | None: ...
    def settings(self) -> Settings: ...
    def section(self, name: str) -> dict[str, Any]: ...
    def save_section(self, name: str, data: dict[str, Any]) -> None: ...
    def save_first_run(self, couple: Couple, settings: Settings) -> None: ...
    def summaries(self) -> list[dict[str, Any]]: ...
    def all_checkins(self) -> list[dict[str, Any]]: ...
    def bulk_import(self, records: list[dict[str, Any]]) -> None: ...


class ImportProblem(ValueError):
    """The file cannot be imported; ``problems`` lists each thing that is wrong."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = "" if len(problems) <= 1 else f" (and {len(problems) - 1} more)"
        super().__init__(f"{problems[0]}{more}" if problems else "the file cannot be imported")


# -- export ---------------------------------------------------------------------------------------


def parse_since(text: str | None, tz: str = "local") -> arrow.Arrow | None:
    """'2026-11-01' (or any ISO-8601 date/time) -> the start of that day; ValueError if not a date."""
    if not text:
        return None
    try:
        when = arrow.get(text.strip(), tzinfo=tz)
    except (arrow.parser.ParserError, ValueError, TypeError):
        raise ValueError(f"'{text}' is not a date; use a day like 2026-11-01") from None
    return when.floor("day") if len(text.strip()) <= 10 else when


def _sort_key(record: Mapping[str, Any]) -> tuple[str, str]:
    return str(record.get("started_at") or ""), str(record.get("id") or "")


def export_data(store: Store, since: arrow.Arrow | None = None) -> dict[str, Any]:
    """Everything the couple keeps, as one JSON-safe dict (check-ins oldest first)."""
    couple = store.couple()
    records = sorted(store.all_checkins(), key=_sort_key)
    if since is not None:
        records = [r for r in records if r.get("started_at") and arrow.get(r["started_at"]) >= since]
    kept = {str(r.get("id")) for r in records}
    items = []
    for item in stats.action_histories(store.summaries()).values():
        if item.checkin_id in kept:
            items.append(
                {
                    "id": item.id,
                    "text": item.text,
                    "owner": item.owner,
                    "due": item.due,
                    "checkin_id": item.checkin_id,
                    "created": item.created,
                    "status": item.status,
                    "reviews": list(item.reviews),
                }
            )
    items.sort(key=lambda i: (i["created"], i["id"]))
    return {
        "format": FORMAT,
        "version": VERSION,
        "since": since.date().isoformat() if since is not None else None,
        "couple": couple.to_dict() if couple else None,
        "settings": store.settings().to_dict(),
        "sections": {name: store.section(name) for name in SECTIONS},
        "checkins": records,
        "action_items": items,
    }


def dumps(data: Any) -> str:
    """The one layout used for exports: sorted keys, 2 spaces, UTF-8 text, a final newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_json(store: Store, since: arrow.Arrow | None = None) -> str:
    return dumps(export_data(store, since))


# -- Markdown ---------------------------------------------------------------------------------------

_OWNER = {"both": "both of you"}
_STATUS = {"done": "done", "carried": "carried over", "dropped": "dropped", "open": "open"}


def _md(text: str) -> str:
    """A note as Markdown: line breaks kept, nothing taken as a heading or a list by accident."""
    lines = [line.rstrip() for line in str(text).strip().splitlines() or [""]]
    return "  \n  ".join(lines)


def export_markdown(store: Store, since: arrow.Arrow | None = None) -> str:
    """A calm, printable account of every check-in, newest first."""
    data = export_data(store, since)
    couple = data["couple"] or {"name_a": "Partner A", "name_b": "Partner B"}
    names = {"a": couple["name_a"], "b": couple["name_b"]}
    status = {i["id"]: i["status"] for i in data["action_items"]}
    records = list(reversed(data["checkins"]))
    out = [f"# Check-ins of {names['a']} & {names['b']}", ""]
    if records:
        first, last = records[-1]["started_at"], records[0]["started_at"]
        count = f"{len(records)} check-in{'s' if len(records) != 1 else ''}"
        out += [f"{count}, from {stats.exact_date(first)} to {stats.exact_date(last)}.", ""]
    else:
        out += ["No check-ins yet.", ""]
    for record in records:
        out += _markdown_checkin(record, names, status)
    return "\n".join(out).rstrip() + "\n"


def _markdown_checkin(record: Mapping[str, Any], names: Mapping[str, str], status: Mapping[str, str]) -> list[str]:
    detail = stats.checkin_detail(record)
    summary = record.get("summary") or {}
    who = {**names, "both": "Both"}
    out = [f"## {stats.exact_date(detail.started_at)}: {detail.agenda}", ""]
    facts = [
        stats.ending_words({"status": detail.status, "breaks": summary.get("breaks") or {}}),
        f"{stats.minutes_words(detail.elapsed)} in all",
    ]
    if sum(detail.talk.values()) > 0:
        facts.append(f"talking time {names['a']} {detail.share['a']}%, {names['b']} {detail.share['b']}%")
    out += ["; ".join(facts) + ".", ""]
    if any(detail.ratings_before.values()) or any(detail.ratings_after.values()):
        out += ["| | mood before | mood after | connection before | connection after |", "|---|---|---|---|---|"]
        for p in ("a", "b"):
            before, after = detail.ratings_before.get(p) or {}, detail.ratings_after.get(p) or {}
            cells = [before.get("mood"), after.get("mood"), before.get("connection"), after.get("connection")]
            out.append(f"| {names[p]} | " + " | ".join("-" if c is None else str(c) for c in cells) + " |")
        out.append("")
    for block in detail.blocks:
        if block.kind == "rating" or (block.used <= 0 and not block.notes):
            continue
        title = f"{block.title}: {block.topic}" if block.topic else block.title
        used, planned = round(block.used / 60), round(block.planned / 60)
        out += [f"### {title} ({used} of {planned} min)", ""]
        out += [f"- **{who.get(p, p)}:** {_md(text)}" for p, text in block.notes]
        if block.notes:
            out.append("")
    stops = detail.stops
    if stops:
        out += ["**Pauses and breaks**", ""]
        for s in stops:
            kind = "A pause" if s.kind == "pause" else "A break"
            asked = f" ({names[s.caller]} asked for it)" if s.caller is not None and s.caller in names else ""
            out.append(f"- {kind} of {stats.minutes_words(s.seconds)} after {stats.minutes_words(s.at)}{asked}")
        out.append("")
    if detail.reviewed:
        out += ["**Last week's action items**", ""]
        for item in detail.reviewed:
            mark = "x" if item["status"] == "done" else " "
            out.append(f"- [{mark}] {_md(item.get('text', ''))} ({_STATUS.get(item['status'], item['status'])})")
        out.append("")
    if detail.actions:
        out += ["**Action items**", ""]
        for a in detail.actions:
            state = status.get(a["id"], "open")
            mark = "x" if state == "done" else " "
            owner = _OWNER.get(a["owner"], names.get(a["owner"], a["owner"]))
            due = f", by {stats.exact_date(a['due'])}" if a.get("due") else ""
            out.append(f"- [{mark}] {_md(a['text'])} ({owner}{due}; {_STATUS.get(state, state)})")
        out.append("")
    parked = record.get("summary", {}).get("parked") or []
    if parked:
        out += ["**Parked for next week**", ""]
        out += [f"- {_md(p.get('text', ''))}" for p in parked]
        out.append("")
    out += ["---", ""]
    return out


# -- import ---------------------------------------------------------------------------------------


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
                problems.append(f"sections.{name}: expected an object, found {_kind(value)}")
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
                    problems.append(f"{where}: the id '{rid}' appears twice in the file")
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


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value[:40]}'"
    return _kind(value)


def _check_couple(couple: Any, current: Couple | None) -> list[str]:
    if couple is None:
        return []
    if not isinstance(couple, dict):
        return [f"couple: expected an object, found {_kind(couple)}"]
    problems = []
    for key in ("name_a", "name_b"):
        value = couple.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"couple.{key}: expected a name, found {_show(value)}")
    if problems or current is None:
        return problems
    mine = {current.name_a.casefold(), current.name_b.casefold()}
    theirs = {couple["name_a"].casefold(), couple["name_b"].casefold()}
    if mine != theirs:
        problems.append(
            f"couple: the file belongs to {couple['name_a']} & {couple['name_b']}, but this data "
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
        where = f"{where} (id {rid[:12]})"
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
    couple = store.couple()
    if couple is None and data.get("couple"):
        store.save_first_run(Couple.from_dict(data["couple"]), Settings.from_dict(data.get("settings") or {}))
        report.couple_added = True
    for name, incoming in (data.get("sections") or {}).items():
        if not incoming:
            continue
        local = store.section(name)
        merged = _merge_section(local, incoming)
        if merged != local:
            store.save_section(name, merged)
            report.sections.append(name)
    have = {str(row.get("id")) for row in store.summaries()}
    new = []
    for record in sorted(data["checkins"], key=_sort_key):
        if record["id"] in have:
            report.already += 1
            continue
        record = dict(record)
        if not _summary_ok(record.get("summary")):  # derived data: worked out again from the events
            names = Couple.from_dict(data["couple"]) if data.get("couple") else store.couple()
            labels = {"a": names.name_a, "b": names.name_b} if names else None
            record["summary"] = finished_summary(record, labels)
        new.append(record)
        have.add(record["id"])
    if new:
        store.bulk_import(new)
    report.added = len(new)
    return report


def import_text(store: Store, text: str) -> ImportReport:
    return import_data(store, loads(text))
