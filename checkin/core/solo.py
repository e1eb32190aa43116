"""What "solo" means, and when private notes lock again. Plain Python, no Textual.

Two cases share the word:

- **Just me for now**: the data folder knows one name (``Couple.name_b`` is empty). Home
  offers solo reflections, the hobby picker for one's own side and a gentle invitation;
  the couple features open once a second name is added in settings.
- **On my own**: in a couple's folder, either partner says who they are and reflects alone.

Either way, what is written there is private to its author (see
:mod:`checkin.store.private`) and the journal locks again when the author leaves solo mode
or after :data:`IDLE_LOCK_SECONDS` without a key (:class:`IdleLock`, on an injected clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .clock import Clock
from .model import PARTNERS, Couple, Partner

IDLE_LOCK_SECONDS = 10 * 60
"""Ten minutes without a key press lock the private notes again."""

SAFETY_NOTE = (
    "If you ever feel unsafe with your partner, a couples tool is not the right help. "
    "Please talk to someone you trust, or to a professional who can see you on your own."
)

INVITE_LINES = (
    "Your partner isn't ready yet, and that is all right: working on your own side already counts.",
    "When you ask, choose a calm moment, not the middle of a disagreement.",
    "Say what you need rather than what is wrong, and offer a short trial: three weekly talks, then decide together.",
)


def is_solo(couple: Couple | None) -> bool:
    """One person so far: the couple features wait for a second name."""
    return couple is not None and not couple.name_b.strip()


def people(couple: Couple | None) -> list[Partner]:
    """The partners who have a name (who can start "On my own")."""
    if couple is None:
        return []
    return [p for p in PARTNERS if couple.name(p).strip()]


@dataclass
class IdleLock:
    """Counts time since the last key on a monotonic clock; :meth:`due` says when to lock."""

    clock: Clock
    seconds: float = IDLE_LOCK_SECONDS
    last: float = 0.0

    def __post_init__(self) -> None:
        self.last = self.clock.monotonic()

    def touch(self) -> None:
        """A key was pressed."""
        self.last = self.clock.monotonic()

    def remaining(self) -> float:
        return max(0.0, self.seconds - (self.clock.monotonic() - self.last))

    def due(self) -> bool:
        return self.remaining() <= 0.0


# -- reflections and the bridge to the couple ------------------------------------------------

BRIDGE_SECTION = "bridge"
"""checkin.json section holding what an author chose to bring (shared on purpose, nothing else)."""


def reflection_entry(record: dict[str, Any], author: str) -> dict[str, Any]:
    """The journal entry for a solo reflection's runner record (sealed with the rest)."""
    return {"id": f"r-{record['id']}", "kind": "reflection", "author": author, "record": record}


def item_kind(block_id: str) -> str:
    """Where a brought note belongs in the couple's check-in."""
    return "appreciation" if "appreciat" in block_id else "topic"


def bridge_candidates(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The notes of a reflection, each with where it would go in the couple's check-in."""
    from .runner import replay

    state = replay(record)
    out = []
    for note in state.notes:
        block = state.agenda.blocks[note.block]
        out.append({"id": note.id, "text": note.text, "block": block.title, "kind": item_kind(block.id)})
    return out


def bring(section: dict[str, Any], author: str, chosen: list[dict[str, Any]], at: str) -> dict[str, Any]:
    """The bridge section with ``chosen`` items added for the next couple check-in."""
    items = [dict(i) for i in section.get("items", []) if isinstance(i, dict)]
    have = {(i.get("author"), i.get("note")) for i in items}
    for item in chosen:
        if (author, item["id"]) in have:
            continue
        items.append(
            {"author": author, "note": item["id"], "kind": item["kind"], "text": item["text"], "at": at, "used": False}
        )
    return {**section, "items": items}


def waiting_items(section: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    """Brought items not yet taken into a couple check-in (optionally of one kind)."""
    return [
        dict(i)
        for i in section.get("items", [])
        if isinstance(i, dict) and not i.get("used") and (kind is None or i.get("kind") == kind)
    ]


def pair_problem(a: str, b: str, couple: Couple | None) -> str | None:
    """Why these cleaned names cannot be saved in settings: while one person uses checkin the
    second name may stay empty (adding it opens the couple features); once set it stays."""
    from .names import name_problem, names_problem

    if not b and is_solo(couple):
        return name_problem(a)
    return names_problem(a, b)


def take_waiting(section: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The brought items for a couple check-in starting now, and the section with them marked used."""
    waiting = waiting_items(section)
    if not waiting:
        return [], section
    items = [
        {**i, "used": True} if isinstance(i, dict) and not i.get("used") else i for i in section.get("items", [])
    ]
    return [{k: i[k] for k in ("author", "kind", "text") if k in i} for i in waiting], {**section, "items": items}


def brought_for_block(record: dict[str, Any], block_id: str, block_kind: str) -> list[dict[str, Any]]:
    """What partners brought that belongs in this block: topics in the speaker-listener part
    ("one issue"), appreciations in an appreciation part."""
    wanted = "appreciation" if "appreciat" in block_id else "topic" if block_kind == "floor" else None
    return [i for i in record.get("brought") or [] if isinstance(i, dict) and i.get("kind") == wanted]


def brought_words(items: list[dict[str, Any]], names: dict[str, str]) -> str:
    """One line per brought item, marked with its author."""
    return "\n".join(f"Brought by {names.get(str(i.get('author')), 'one of you')}: {i.get('text', '')}" for i in items)


# -- a private note during a couple check-in -------------------------------------------------

PRIVATE_NOTE_KIND = "checkin-note"
"""A journal entry written during a couple check-in, sealed in its author's journal only."""


def private_note_entry(
    entry_id: str, author: str, text: str, at: str, checkin_id: str | None, draft: bool
) -> dict[str, Any]:
    """The journal entry for a private note written during a couple check-in. ``draft``: still
    being written (sealed each second, so a kill loses at most a second of typing)."""
    return {
        "id": entry_id, "kind": PRIVATE_NOTE_KIND, "author": author, "text": text,
        "at": at, "checkin": checkin_id, "draft": draft,
    }


def unfinished_private_note(entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The last private note left unsaved (the app was closed or killed while it was typed)."""
    for entry in reversed(entries):
        if entry.get("kind") == PRIVATE_NOTE_KIND and entry.get("draft") and str(entry.get("text", "")).strip():
            return entry
    return None


def private_notes(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The private notes written during couple check-ins and saved, oldest first."""
    return [e for e in entries if e.get("kind") == PRIVATE_NOTE_KIND and not e.get("draft")]


# -- the hobby picker for one person -------------------------------------------------------

ONE_PERSON_RATE = "Rate your side now; your partner rates later, still blind."
"""What the activities screens say while only one name is known (never "both of you")."""

ONE_PERSON_MATCHES = (
    "Nothing to show yet: it is just you for now. Your partner rates later, on their own and "
    "still blind; then what you have in common shows up here."
)

ONE_PERSON_REASONS = {
    "love-new": "You love it; your partner rates later",
    "like-new": "You like it; your partner rates later",
    "meh-new": "You don't mind it; your partner rates later",
    "new": "Not rated yet",
}
ONE_PERSON_SHORT = {"love-new": "you love it", "like-new": "you like it", "meh-new": "fine for you", "new": "not rated"}


def one_person_reason(match: str, reason: str) -> str:
    """A suggestion's reason in one person's words (the ranking's own words speak to two)."""
    words = ONE_PERSON_REASONS.get(match)
    if words is None:
        return reason
    head = reason.split(",", 1)  # keep what the ranking adds after the match ("done twice, ...")
    return words + ("," + head[1] if len(head) > 1 else "")


# -- "The dream behind my position": the topics that keep coming back ----------------------

DREAM_AGENDA = "the-dream"
"""The solo agenda for a topic that keeps coming back; its first part lists them from history."""


def topics_coming_back(rows: list[dict[str, Any]], most: int = 3) -> str:
    """A line naming the topics of "one issue" that came back in the couple's check-ins
    (at least twice), most frequent first; empty when none did."""
    from .topics import recurring_topics

    again = [t for t in recurring_topics(rows) if t.count >= 2][:most]
    if not again:
        return ""
    return "From your check-ins together: " + "; ".join(t.words() for t in again) + "."


# -- reading one's own journal back -----------------------------------------------------------


def journal_pages(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the author wrote, newest first, one page per reflection or private note:
    {"title", "at", "lines": [text, ...], "unfinished": bool}. Only for its author's eyes (the
    journal is open); a reflection that cannot be read is named, never dropped silently."""
    from .runner import replay

    pages: list[dict[str, Any]] = []
    for entry in entries:
        if entry.get("kind") == PRIVATE_NOTE_KIND:
            text = str(entry.get("text", ""))
            if text.strip():
                pages.append({"title": "A private note during a check-in", "at": entry.get("at"),
                              "lines": [text], "unfinished": bool(entry.get("draft"))})
            continue
        record = entry.get("record")
        if entry.get("kind") != "reflection" or not isinstance(record, dict):
            continue
        title = str((record.get("agenda") or {}).get("title", "A reflection"))
        try:
            state = replay(record)
        except (ValueError, KeyError, TypeError):
            pages.append({"title": title, "at": record.get("started_at"),
                          "lines": ["(this reflection could not be read; it is kept as it is)"], "unfinished": False})
            continue
        lines = [f"{state.agenda.blocks[n.block].title}: {n.text}" for n in state.notes]
        draft = (record.get("draft") or {}).get("text", "")
        if not state.finished and str(draft).strip():
            lines.append(f"(still being written) {draft}")
        if lines:
            pages.append({"title": title, "at": record.get("started_at"), "lines": lines,
                          "unfinished": not state.finished})
    pages.sort(key=lambda p: str(p.get("at") or ""), reverse=True)
    return pages
