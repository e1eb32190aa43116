"""Export everything to JSON or Markdown (no Textual here).

The file format is described in :mod:`checkin.core.export_format`; reading a file back in is
:mod:`checkin.core.importer` (its names are importable from here too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import arrow

from checkin.core.dates import exact_date, minutes_words
from checkin.core.detail import checkin_detail, stop_words
from checkin.core.export_format import FORMAT, SECTIONS, VERSION, Store, dumps, sort_key
from checkin.core.importer import (
    MAX_FILE_BYTES,
    ImportProblem,
    ImportReport,
    import_data,
    import_text,
    loads,
    validate,
)
from checkin.core.stats import ending_words
from checkin.core.text import safe_for_terminal
from checkin.core.trends import action_histories
from checkin.errors import Refusal

# -- export ---------------------------------------------------------------------------------------


class NotADate(Refusal):
    """A day the couple typed that is not a date."""


def parse_since(text: str | None, tz: str = "local") -> arrow.Arrow | None:
    """'2026-11-01' (or any ISO-8601 date/time) -> the start of that day; NotADate if not a date."""
    if not text:
        return None
    try:
        when = arrow.get(text.strip(), tzinfo=tz)
    except (arrow.parser.ParserError, ValueError, TypeError):
        raise NotADate(f"'{text}' is not a date; use a day like 2026-11-01") from None
    return when.floor("day") if len(text.strip()) <= 10 else when


def export_data(store: Store, since: arrow.Arrow | None = None) -> dict[str, Any]:
    """Everything the couple keeps, as one JSON-safe dict (check-ins oldest first)."""
    couple = store.couple()
    records = sorted(store.all_checkins(), key=sort_key)
    if since is not None:
        records = [r for r in records if r.get("started_at") and arrow.get(r["started_at"]) >= since]
    kept = {str(r.get("id")) for r in records}
    items = []
    for item in action_histories(store.summaries()).values():
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
    together = f"{names['a']} & {names['b']}" if names["b"].strip() else names["a"]  # one person so far
    out = [f"# Check-ins of {together}", ""]
    if records:
        first, last = records[-1]["started_at"], records[0]["started_at"]
        count = f"{len(records)} check-in{'s' if len(records) != 1 else ''}"
        out += [f"{count}, from {exact_date(first)} to {exact_date(last)}.", ""]
    else:
        out += ["No check-ins yet.", ""]
    hobbies = data["sections"].get("hobbies") or {}
    for record in records:
        out += _markdown_checkin(record, names, status, planned_activities(hobbies, str(record.get("id"))))
    # Whatever was stored (by an older version, or typed), the text is read in a terminal and
    # printed: no escape sequence or control character in it can act on the terminal.
    return safe_for_terminal("\n".join(out).rstrip() + "\n")


def planned_activities(hobbies: Mapping[str, Any], checkin_id: str) -> list[str]:
    """The hobby picker's plans made during this check-in, and how they went, in words:
    'Jigsaw puzzle, Sat 28 Nov 2026: you did it'."""
    plans = [p for p in hobbies.get("plans") or [] if isinstance(p, Mapping) and p.get("checkin_id") == checkin_id]
    if not plans:
        return []
    from .catalogue import load_catalogue

    titles = {a.id: a.name for a in load_catalogue(hobbies.get("custom") or [])[0]}
    lines = []
    for p in plans:
        name = titles.get(str(p.get("activity_id")), str(p.get("activity_id")))
        outcome = p.get("outcome")
        how = "not looked back on yet"
        if isinstance(outcome, Mapping):
            how = "you did it" if outcome.get("done") else "it did not happen"
        day = exact_date(p["day"]) if p.get("day") else "a day to choose"
        lines.append(f"{name}, {day}: {how}")
    return lines


def _markdown_checkin(
    record: Mapping[str, Any], names: Mapping[str, str], status: Mapping[str, str], plans: Sequence[str] = ()
) -> list[str]:
    detail = checkin_detail(record)
    summary = record.get("summary") or {}
    who = {**names, "both": "Both", "agreement": "Agreed"}
    out = [f"## {exact_date(detail.started_at)}: {detail.agenda}", ""]
    if detail.facilitator:  # the role, never judging: "With Mira (facilitator)"
        out += [_md(f"W{detail.facilitator[1:]} (facilitator)"), ""]
    facts = [
        ending_words({"status": detail.status, "breaks": summary.get("breaks") or {}}),
        f"{minutes_words(detail.elapsed)} in all",
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
        for s in stops:  # "After 14 min: the facilitator called a break of 20 min" (the role, no blame)
            words = stop_words(s, names)
            out.append(f"- After {minutes_words(s.at)}: {words}")
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
            due = f", by {exact_date(a['due'])}" if a.get("due") else ""
            out.append(f"- [{mark}] {_md(a['text'])} ({owner}{due}; {_STATUS.get(state, state)})")
        out.append("")
    if plans:
        out += ["**Planned together**", ""]
        out += [f"- {_md(line)}" for line in plans]
        out.append("")
    parked = record.get("summary", {}).get("parked") or []
    if parked:
        out += ["**Parked for next week**", ""]
        out += [f"- {_md(p.get('text', ''))}" for p in parked]
        out.append("")
    out += ["---", ""]
    return out


__all__ = [
    "FORMAT",
    "MAX_FILE_BYTES",
    "VERSION",
    "ImportProblem",
    "ImportReport",
    "Store",
    "dumps",
    "export_data",
    "export_json",
    "export_markdown",
    "import_data",
    "import_text",
    "loads",
    "parse_since",
    "planned_activities",
    "validate",
]
