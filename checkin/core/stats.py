"""Looking back: the history list and the talking balance over time (no Textual here).

Most functions take the small index rows from ``Repository.summaries()`` (each is
:func:`checkin.core.summary.summary` plus id, started_at, ended_at and status), so lists and
trends need no big file. The rest of looking back lives beside this module: dates and durations
in words (:mod:`checkin.core.dates`), ratings, cadence, breaks and follow-through
(:mod:`checkin.core.trends`), recurring topics (:mod:`checkin.core.topics`) and one check-in in
detail (:mod:`checkin.core.detail`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import arrow

from checkin.core.dates import ago_words, date_words, exact_date, minutes_words
from checkin.core.facilitator import with_words
from checkin.core.model import PARTNERS
from checkin.core.summary import talk_share
from checkin.core.trends import Row, oldest_first, rating_of


def ending_words(row: Row) -> str:
    """How a check-in ended, without blame: 'Completed', 'Ended early', '... after a break'."""
    status = row.get("status") or "completed"
    breaks = int((row.get("breaks") or {}).get("count") or 0)
    base = {"completed": "Completed", "ended_early": "Ended early"}.get(status, status.replace("_", " ").capitalize())
    called = int((row.get("breaks") or {}).get("facilitator") or 0)
    # the facilitator's breaks are theirs: never anyone's fault
    by_friend = ""
    if called:
        by_friend = " (the facilitator called it)" if breaks == 1 else f" (the facilitator called {called})"
    if breaks == 1:
        return f"{base} after a break{by_friend}"
    if breaks > 1:
        return f"{base} after {breaks} breaks{by_friend}"
    return base


def ratings_words(ratings: Mapping[str, Any] | None, names: Mapping[str, str]) -> str:
    """'Ana 7/8, Bo 6/6' (mood/connection); '-' for a partner who did not rate."""
    parts = []
    for p in PARTNERS:
        r = (ratings or {}).get(p)
        parts.append(f"{names[p]} {r['mood']}/{r['connection']}" if r else f"{names[p]} -")
    return ", ".join(parts)


def agenda_title(row: Row) -> str:
    """The agenda's title as best known from an index row."""
    agenda = row.get("agenda")
    if isinstance(agenda, Mapping):
        return str(agenda.get("title") or agenda.get("id") or "")
    return {
        "weekly": "Weekly check-in",
        "short": "Short check-in",
        "state-of-the-union": "State of the Union",
        "radar": "RADAR",
        "deep-listening": "Deep listening",
        "aftermath": "After a fight",
    }.get(str(agenda), str(agenda or ""))


# -- the history list -------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """One line of the history list, ready to show."""

    id: str
    when: str  # 'Sun 8 Nov 2026'
    ago: str  # '3 weeks ago'
    agenda: str
    length: str
    ended: str
    closing: str
    after: tuple[str, str]  # closing mood/connection of a and b: '7/8', or '-' if not rated
    actions: int
    search: str  # lower-case topics, actions and parked topics (notes are added later)
    facilitator: str = ""  # "with Mira" when a friend was in the room


def history_row(row: Row, now: arrow.Arrow | datetime, names: Mapping[str, str]) -> HistoryRow:
    started = row.get("started_at")
    return HistoryRow(
        id=str(row.get("id")),
        when=exact_date(started) if started else "unknown date",
        ago=ago_words(started, now) if started else "",
        agenda=agenda_title(row),
        length=f"{round((row.get('elapsed') or row.get('used') or 0.0) / 60)} min",
        ended=ending_words(row),
        closing=ratings_words(row.get("ratings_after"), names),
        after=_pair(row.get("ratings_after")),
        actions=len(row.get("actions") or []),
        search=row_search_text(row),
        facilitator=with_words(row),
    )


def _pair(ratings: Any) -> tuple[str, str]:
    a, b = (rating_of(ratings, p) for p in PARTNERS)
    return tuple(f"{r['mood']}/{r['connection']}" if r else "-" for r in (a, b))  # type: ignore[return-value]


def row_search_text(row: Row) -> str:
    """Text of a check-in that the index already holds: topics, action items, parked topics."""
    parts = [str(b.get("topic")) for b in row.get("blocks") or [] if b.get("topic")]
    parts += [str(a.get("text", "")) for a in row.get("actions") or []]
    parts += [str(p.get("text", "")) for p in row.get("parked") or []]
    parts.append(with_words(row))
    parts.append(agenda_title(row))
    return "\n".join(parts).lower()


def record_search_text(record: Row) -> str:
    """All the words of a full check-in (notes, topics, action items) for the `/` filter."""
    parts = []
    for ev in record.get("events") or []:
        if ev.get("type") in ("note", "topic", "action", "park") and isinstance(ev.get("text"), str):
            parts.append(ev["text"])
    summary = record.get("summary") or {}
    return (row_search_text(summary) + "\n" + "\n".join(parts).lower()).strip()


def matches(text: str, query: str) -> bool:
    """Every word of the query appears in the text (case-insensitive)."""
    return all(word in text for word in query.lower().split())


def talk_balance(rows: Iterable[Row]) -> dict[str, Any]:
    """Overall talk shares and, per check-in oldest first, partner a's share (0-100)."""
    total = {"a": 0.0, "b": 0.0}
    series: list[tuple[str, int]] = []
    for row in oldest_first(rows):
        talk = row.get("talk") or {}
        seconds: dict[str, float] = {p: max(0.0, float(talk.get(p) or 0.0)) for p in PARTNERS}
        if sum(seconds.values()) <= 0:
            continue
        for p in PARTNERS:
            total[p] += seconds[p]
        series.append((row["started_at"], talk_share(seconds)["a"]))
    return {"total": total, "share": talk_share(total), "series": series}


__all__ = [
    "HistoryRow",
    "agenda_title",
    "ago_words",
    "date_words",
    "ending_words",
    "exact_date",
    "history_row",
    "matches",
    "minutes_words",
    "ratings_words",
    "record_search_text",
    "row_search_text",
    "talk_balance",
]
