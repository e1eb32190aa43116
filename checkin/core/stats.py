"""Looking back: plain-Python statistics over finished check-ins (no Textual here).

Most functions take the small index rows from ``Repository.summaries()`` (each is
:func:`checkin.core.summary.summary` plus id, started_at, ended_at and status), so trends need
no big file. :func:`checkin_detail` takes one full record with its events.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import arrow

from checkin.core.agenda import Agenda
from checkin.core.events import advance_to, apply, latest_position
from checkin.core.state import CheckinState

Row = Mapping[str, Any]
PARTNERS = ("a", "b")
RECURRING_TIMES = 3
"""A topic that came up this many times is flagged (gently) as recurring."""

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

RECURRING_NOTE = (
    "Topics that come back are normal: most of a couple's conflicts are lasting differences "
    "to understand, not problems to solve once. It can help to talk about what this one "
    "means to each of you, rather than to settle it."
)


# -- dates and words ------------------------------------------------------------------------


def _local(when: str | arrow.Arrow | datetime) -> datetime:
    """A stamp in local time (fast: history lists format thousands of them)."""
    if isinstance(when, arrow.Arrow):
        when = when.datetime
    elif isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError:
            when = arrow.get(when).datetime
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone()


def exact_date(when: str | arrow.Arrow | datetime) -> str:
    """'Sun 8 Nov 2026' in local time."""
    day = _local(when)
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def ago_words(when: str | arrow.Arrow | datetime, now: arrow.Arrow | datetime) -> str:
    """'today', 'yesterday', '5 days ago', '3 weeks ago', '11 months ago', '2 years ago'
    (calendar days in local time; a stamp from the future reads as today)."""
    then, today = _local(when).date(), _local(now).date()
    days = (today - then).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    months = (today.year - then.year) * 12 + today.month - then.month - (today.day < then.day)
    if months < 12:
        return f"{max(2, months)} months ago"
    years = months // 12
    return "a year ago" if years == 1 else f"{years} years ago"


def date_words(when: str | arrow.Arrow | None, now: arrow.Arrow) -> str:
    """'Sun 8 Nov 2026, 3 weeks ago': the exact day and the same in people's words."""
    if not when:
        return "unknown date"
    return f"{exact_date(when)}, {ago_words(when, now)}"


def minutes_words(seconds: float | None) -> str:
    """'42 min', '1 h 5 min'."""
    total = round((seconds or 0.0) / 60)
    if total < 60:
        return f"{total} min"
    hours, rest = divmod(total, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def ending_words(row: Row) -> str:
    """How a check-in ended, without blame: 'Completed', 'Ended early', '... after a break'."""
    status = row.get("status") or "completed"
    breaks = int((row.get("breaks") or {}).get("count") or 0)
    base = {"completed": "Completed", "ended_early": "Ended early"}.get(status, status.replace("_", " ").capitalize())
    if breaks == 1:
        return f"{base} after a break"
    if breaks > 1:
        return f"{base} after {breaks} breaks"
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
    )


def _pair(ratings: Any) -> tuple[str, str]:
    a, b = (_rating(ratings, p) for p in PARTNERS)
    return tuple(f"{r['mood']}/{r['connection']}" if r else "-" for r in (a, b))  # type: ignore[return-value]


def row_search_text(row: Row) -> str:
    """Text of a check-in that the index already holds: topics, action items, parked topics."""
    parts = [str(b.get("topic")) for b in row.get("blocks") or [] if b.get("topic")]
    parts += [str(a.get("text", "")) for a in row.get("actions") or []]
    parts += [str(p.get("text", "")) for p in row.get("parked") or []]
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


# -- talk balance -------------------------------------------------------------------------------


def talk_shares(seconds: Mapping[str, float]) -> dict[str, int]:
    """Whole percentages that always sum to 100 (both 0 when nobody talked)."""
    a, b = max(0.0, float(seconds.get("a", 0.0))), max(0.0, float(seconds.get("b", 0.0)))
    if a + b <= 0:
        return {"a": 0, "b": 0}
    share_a = round(100 * a / (a + b))
    return {"a": share_a, "b": 100 - share_a}


def talk_balance(rows: Iterable[Row]) -> dict[str, Any]:
    """Overall talk shares and, per check-in oldest first, partner a's share (0-100)."""
    total = {"a": 0.0, "b": 0.0}
    series: list[tuple[str, int]] = []
    for row in _oldest_first(rows):
        talk = row.get("talk") or {}
        if (talk.get("a", 0) or 0) + (talk.get("b", 0) or 0) <= 0:
            continue
        for p in PARTNERS:
            total[p] += float(talk.get(p) or 0.0)
        series.append((row["started_at"], talk_shares(talk)["a"]))
    return {"total": total, "share": talk_shares(total), "series": series}


# -- ratings over time --------------------------------------------------------------------------


@dataclass
class RatingPoint:
    at: str
    before: dict[str, int] | None  # {"mood": 5, "connection": 6}
    after: dict[str, int] | None

    def change(self, what: str) -> int | None:
        if self.before is None or self.after is None:
            return None
        return int(self.after[what]) - int(self.before[what])


def rating_trends(rows: Iterable[Row]) -> dict[str, list[RatingPoint]]:
    """Per partner, oldest first: the ratings before and after each check-in that has any."""
    out: dict[str, list[RatingPoint]] = {"a": [], "b": []}
    for row in _oldest_first(rows):
        for p in PARTNERS:
            before = _rating(row.get("ratings_before"), p)
            after = _rating(row.get("ratings_after"), p)
            if before or after:
                out[p].append(RatingPoint(row["started_at"], before, after))
    return out


def _rating(ratings: Any, partner: str) -> dict[str, int] | None:
    r = (ratings or {}).get(partner) if isinstance(ratings, Mapping) else None
    if not isinstance(r, Mapping) or "mood" not in r or "connection" not in r:
        return None
    return {"mood": int(r["mood"]), "connection": int(r["connection"])}


def series(points: Sequence[RatingPoint], what: str, stage: str = "after") -> list[float]:
    """Values of one measure ('mood' or 'connection') at one stage, skipping gaps."""
    values = []
    for point in points:
        r = point.after if stage == "after" else point.before
        if r is not None:
            values.append(float(r[what]))
    return values


def average_change(points: Sequence[RatingPoint], what: str) -> float | None:
    """Average change from start to end of a check-in (positive: felt better after)."""
    changes = [c for c in (p.change(what) for p in points) if c is not None]
    return sum(changes) / len(changes) if changes else None


# -- cadence and breaks -------------------------------------------------------------------------


def _week_of(when: str | arrow.Arrow | datetime) -> date:
    """The Monday of the local calendar week (as checkin.core.schedule.week_start, but fast)."""
    day = _local(when).date()
    return day - timedelta(days=day.weekday())


def cadence(rows: Iterable[Row], now: arrow.Arrow | datetime, weeks: int = 12) -> dict[str, int]:
    """Weeks with a check-in out of the last ``weeks`` and the current run of weeks in a row
    (Monday-first local weeks; a week not over yet does not count against them)."""
    have = {_week_of(r["started_at"]) for r in rows if r.get("started_at")}
    current = _week_of(now)
    if current not in have:
        current -= timedelta(weeks=1)
    window = {current - timedelta(weeks=i) for i in range(weeks)}
    run = 0
    while current - timedelta(weeks=run) in have:
        run += 1
    return {"weeks": weeks, "with_checkin": len(have & window), "run": run}


def breaks_per_month(rows: Iterable[Row], now: arrow.Arrow | datetime, months: int = 12) -> list[tuple[str, int]]:
    """[('Dec 2025', 1), ..., ('Nov 2026', 0)]: breaks taken in each of the last ``months`` months."""
    counts: Counter[tuple[int, int]] = Counter()
    for row in rows:
        if row.get("started_at"):
            day = _local(row["started_at"])
            counts[(day.year, day.month)] += int((row.get("breaks") or {}).get("count") or 0)
    today = _local(now)
    index = today.year * 12 + today.month - 1 - (months - 1)
    out = []
    for i in range(index, index + months):
        year, month = divmod(i, 12)
        out.append((f"{_MONTHS[month]} {year}", counts.get((year, month + 1), 0)))
    return out


# -- action items -------------------------------------------------------------------------------


@dataclass
class ActionHistory:
    id: str
    text: str
    owner: str
    due: str
    checkin_id: str
    created: str
    reviews: list[str] = field(default_factory=list)  # statuses at each later check-in

    @property
    def status(self) -> str:
        """open (not reviewed yet), done, carried (over, still open) or dropped."""
        return self.reviews[-1] if self.reviews else "open"

    @property
    def on_time(self) -> bool:
        """Ticked done at the first check-in after it was made."""
        return bool(self.reviews) and self.reviews[0] == "done"


def action_histories(rows: Iterable[Row]) -> dict[str, ActionHistory]:
    """Every action item by id, with what became of it in later reviews."""
    items: dict[str, ActionHistory] = {}
    for row in _oldest_first(rows):
        for item, status in (row.get("review") or {}).items():
            if item in items:
                items[item].reviews.append(str(status))
        for a in row.get("actions") or []:
            items[str(a["id"])] = ActionHistory(
                id=str(a["id"]),
                text=str(a.get("text", "")),
                owner=str(a.get("owner", "both")),
                due=str(a.get("due", "")),
                checkin_id=str(row.get("id")),
                created=str(a.get("at", "")),
            )
    return items


def follow_through(rows: Iterable[Row]) -> dict[str, int]:
    """Counts over action items that have been looked at again: made, done, done on time, dropped."""
    items = action_histories(rows).values()
    reviewed = [i for i in items if i.reviews]
    return {
        "made": len(list(items)),
        "reviewed": len(reviewed),
        "done": sum(1 for i in reviewed if i.status == "done"),
        "on_time": sum(1 for i in reviewed if i.on_time),
        "dropped": sum(1 for i in reviewed if i.status == "dropped"),
        "open": sum(1 for i in items if i.status in ("open", "carried")),
    }


# -- recurring topics ---------------------------------------------------------------------------

_WORD = re.compile(r"[^\w\s]+")
_LEADING = ("the ", "our ", "my ", "your ", "a ", "an ", "about ")


def normalise_topic(text: str) -> str:
    """'  The Dishes!! ' -> 'dishes': case, punctuation, spacing and a leading article ignored."""
    key = " ".join(_WORD.sub(" ", text.lower()).split())
    changed = True
    while changed:
        changed = False
        for word in _LEADING:
            if key.startswith(word) and len(key) > len(word):
                key, changed = key[len(word) :], True
    return key


@dataclass
class Topic:
    key: str
    label: str  # the most used spelling
    dates: list[str]

    @property
    def count(self) -> int:
        return len(self.dates)

    @property
    def recurring(self) -> bool:
        return self.count >= RECURRING_TIMES

    def words(self) -> str:
        """'the dishes, 5 times in 3 months'."""
        if self.count == 1:
            return f"{self.label}, once"
        return f"{self.label}, {self.count} times in {span_words(self.dates[0], self.dates[-1])}"


def span_words(first: str, last: str) -> str:
    """How long from the first to the last time: '2 weeks', '3 months', '2 years'."""
    days = max(0, (_local(last) - _local(first)).days)
    if days < 8:
        return "a week"
    if days < 60:
        weeks = -(-days // 7)
        return f"{weeks} weeks"
    months = -(-days // 30)
    if months < 24:
        return f"{months} months"
    return f"{round(days / 365)} years"


def recurring_topics(rows: Iterable[Row], kinds: tuple[str, ...] = ("floor",)) -> list[Topic]:
    """Topics of the "one issue" blocks, most frequent first (ties: the most recent first)."""
    dates: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for row in _oldest_first(rows):
        for block in row.get("blocks") or []:
            topic = block.get("topic")
            if not topic or block.get("kind") not in kinds:
                continue
            key = normalise_topic(str(topic))
            if not key:
                continue
            dates[key].append(row["started_at"])
            spellings[key][" ".join(str(topic).split())] += 1
    topics = [Topic(k, spellings[k].most_common(1)[0][0], d) for k, d in dates.items()]
    topics.sort(key=lambda t: (-t.count, _neg_time(t.dates[-1])))
    return topics


def _neg_time(iso: str) -> float:
    return -_local(iso).timestamp()


def _oldest_first(rows: Iterable[Row]) -> list[Row]:
    return sorted((r for r in rows if r.get("started_at")), key=lambda r: str(r["started_at"]))


# -- one check-in in detail ---------------------------------------------------------------------


@dataclass
class Turn:
    speaker: str
    seconds: float


@dataclass
class BlockDetail:
    index: int
    title: str
    kind: str
    planned: float
    used: float
    topic: str | None
    notes: list[tuple[str, str]]  # (partner "a" | "b" | "both", text)
    turns: list[Turn]


@dataclass
class Stop:
    """A pause or a break, placed on the meeting's timeline (seconds from the start)."""

    kind: str  # "pause" | "break"
    at: float
    seconds: float
    caller: str | None = None  # only when the couple chose to record it


@dataclass
class CheckinDetail:
    id: str
    started_at: str
    status: str
    agenda: str
    elapsed: float
    blocks: list[BlockDetail]
    talk: dict[str, float]
    share: dict[str, int]
    stops: list[Stop]
    ratings_before: dict[str, dict[str, Any] | None]
    ratings_after: dict[str, dict[str, Any] | None]
    actions: list[dict[str, Any]]  # this check-in's new items
    reviewed: list[dict[str, Any]]  # last week's items and what was decided
    notes: int


def checkin_detail(record: Mapping[str, Any]) -> CheckinDetail:
    """Blocks with notes and floor turns, and pauses and breaks on a timeline, from the events."""
    agenda = Agenda.from_dict(record["agenda"], "check-in agenda")
    state = CheckinState(agenda=agenda, first_speaker=record.get("first_speaker", "a"))
    turns: dict[int, list[Turn]] = defaultdict(list)
    stops: list[Stop] = []
    current: tuple[int, int, str] | None = None  # (block, turn, speaker) of the last turn
    pause: tuple[Stop, float] | None = None  # the open pause and paused seconds at its start
    brk: tuple[Stop, float] | None = None  # the open break and break time done at its start
    for ev in record.get("events") or []:
        block, speaker, turn_index = state.block_index, state.speaker, state.turn_index
        talk_before = dict(state.talk)
        was_paused, was_break = state.paused, state.on_break
        apply(state, ev)
        if speaker is not None:
            spent = state.talk[speaker] - talk_before[speaker]
            key = (block, turn_index, speaker)
            if current == key:
                turns[block][-1].seconds += spent
            elif spent > 0:
                turns[block].append(Turn(speaker, spent))
                current = key
        if pause is not None and not state.paused:
            pause[0].seconds = state.paused_seconds - pause[1]
            pause = None
        if brk is not None and not state.on_break:
            brk[0].seconds = state.break_time_done - brk[1]
            brk = None
        if not was_paused and state.paused:
            pause = (Stop("pause", state.elapsed, 0.0), state.paused_seconds)
            stops.append(pause[0])
        if not was_break and state.on_break:
            caller = ev.get("caller") if ev.get("caller") in PARTNERS else None
            brk = (Stop("break", state.elapsed, 0.0, caller), state.break_time_done)
            stops.append(brk[0])
    position = latest_position(dict(record))
    if position is not None:
        advance_to(state, position)
    if pause is not None:
        pause[0].seconds = state.paused_seconds - pause[1]
    if brk is not None:
        brk[0].seconds = state.break_total - brk[1]
    notes_by_block: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for n in state.notes:
        notes_by_block[n.block].append((n.partner, n.text))
    blocks = [
        BlockDetail(
            index=i,
            title=b.title,
            kind=b.kind,
            planned=b.seconds,
            used=state.block_used[i],
            topic=state.topics.get(i),
            notes=notes_by_block.get(i, []),
            turns=turns.get(i, []),
        )
        for i, b in enumerate(agenda.blocks)
    ]
    summary = record.get("summary") or {}
    review = state.review
    reviewed = [
        {**dict(item), "status": review.get(str(item.get("id")), "not looked at")}
        for item in record.get("previous_actions") or []
    ]
    return CheckinDetail(
        id=str(record.get("id")),
        started_at=str(record.get("started_at")),
        status=state.status,
        agenda=agenda.title,
        elapsed=state.elapsed,
        blocks=blocks,
        talk=dict(state.talk),
        share=talk_shares(state.talk),
        stops=stops,
        ratings_before=summary.get("ratings_before") or _ratings_dict(state.ratings_before),
        ratings_after=summary.get("ratings_after") or _ratings_dict(state.ratings_after),
        actions=[{"id": a.id, "text": a.text, "owner": a.owner, "due": a.due} for a in state.actions],
        reviewed=reviewed,
        notes=len(state.notes),
    )


def _ratings_dict(ratings: Mapping[str, Any]) -> dict[str, dict[str, Any] | None]:
    return {
        p: {"mood": r.mood, "connection": r.connection, "hard_topic_ok": r.hard_topic_ok}
        if (r := ratings.get(p))
        else None
        for p in PARTNERS
    }


__all__ = [
    "RECURRING_NOTE",
    "ActionHistory",
    "CheckinDetail",
    "HistoryRow",
    "RatingPoint",
    "Topic",
    "action_histories",
    "average_change",
    "breaks_per_month",
    "cadence",
    "checkin_detail",
    "date_words",
    "ending_words",
    "exact_date",
    "follow_through",
    "history_row",
    "matches",
    "minutes_words",
    "normalise_topic",
    "rating_trends",
    "record_search_text",
    "recurring_topics",
    "series",
    "span_words",
    "talk_balance",
    "talk_shares",
]
