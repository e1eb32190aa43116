"""Agenda templates: what a check-in goes through, block by block.

An agenda is a list of blocks, each with a kind, a title, a warm prompt and a planned length.
Templates are TOML files: shipped ones live in ``checkin/data/agendas``; couples can add their own
in the data folder's ``agendas/`` (one with the same ``id`` as a shipped one replaces it).

A broken template never stops the app: :func:`load_agendas` skips it and returns a one-line reason
naming the file, the block and the field.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, cast

from checkin.core.model import BLOCK_KINDS, BlockKind
from checkin.core.text import clean_text
from checkin.errors import Refusal

KINDS: dict[BlockKind, str] = {
    "together": "one shared timer",
    "turns": "partners alternate, a timer per turn, N rounds",
    "floor": "speaker-listener: speak, paraphrase, 'Is there more?', then the floor passes",
    "rating": "each partner rates mood and connection 0-10",
    "review": "last week's action items: done, carry over or drop",
    "actions": "new action items, each with an owner and a due date",
    "activity": "plan good times together",
}
assert tuple(KINDS) == BLOCK_KINDS, "every block kind is described, in the order of BlockKind"
STAGES = ("before", "after")
DEFAULT_AGENDA_ID = "weekly"
MAX_BLOCK_MINUTES = 600
MAX_BLOCKS = 50  # the longest shipped agenda has 9; a 50,000-block file is refused at once
DEFAULT_SPEAKER_MINUTES = 3.0
DEFAULT_PARAPHRASE_MINUTES = 1.0

_AGENDA_KEYS = {"id", "title", "description", "blocks", "people"}
PEOPLE = (1, 2)  # 1: a solo reflection (one author, no floor); 2: a couple's check-in
_BLOCK_KEYS = {"id", "kind", "title", "prompt", "minutes"}
_KIND_KEYS: dict[str, set[str]] = {
    "turns": {"rounds", "turn_minutes", "listener_silent"},
    "floor": {"turn_minutes", "paraphrase_minutes"},
    "rating": {"stage", "question"},
}


class AgendaError(Refusal):
    """A template that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Block:
    """One part of a check-in.

    ``turn_minutes`` is the length of one speaker turn (``turns`` and ``floor`` blocks);
    ``paraphrase_minutes`` the listener's paraphrase in a ``floor`` block; ``rounds`` how many
    times each partner speaks in a ``turns`` block; ``stage`` whether a ``rating`` block is the
    "before" or the "after" rating; ``question`` an extra yes/no question asked with a rating.
    """

    id: str
    kind: BlockKind
    title: str
    prompt: str
    minutes: float
    rounds: int = 1
    turn_minutes: float | None = None
    paraphrase_minutes: float | None = None
    listener_silent: bool = False
    stage: str | None = None
    question: str | None = None

    @property
    def seconds(self) -> float:
        """Planned length in seconds."""
        return self.minutes * 60.0

    @property
    def has_floor(self) -> bool:
        """True when one partner speaks at a time (turns and floor blocks)."""
        return self.kind in ("turns", "floor")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "prompt": self.prompt,
            "minutes": self.minutes,
        }
        if self.kind == "turns":
            data.update(
                rounds=self.rounds,
                turn_minutes=self.turn_minutes,
                listener_silent=self.listener_silent,
            )
        elif self.kind == "floor":
            data.update(turn_minutes=self.turn_minutes, paraphrase_minutes=self.paraphrase_minutes)
        elif self.kind == "rating":
            data["stage"] = self.stage
            if self.question:
                data["question"] = self.question
        return data


@dataclass(frozen=True)
class Agenda:
    """A check-in template: an id, a title, a short description and its blocks, in order."""

    id: str
    title: str
    description: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    people: int = 2
    """2 for a couple's check-in; 1 for a solo reflection (see :mod:`checkin.core.solo`)."""

    @property
    def minutes(self) -> float:
        """Planned total length in minutes."""
        return sum(b.minutes for b in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe snapshot, stored with each check-in."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "blocks": [b.to_dict() for b in self.blocks],
        }
        if self.people != 2:
            data["people"] = self.people
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "agenda") -> Agenda:
        """Build and validate an agenda; raises :class:`AgendaError` with a clear reason.

        Every replay of a check-in reads the agenda stored with it, so the last few are kept
        (an Agenda cannot change): parsing was most of the time of a replay."""
        try:
            key = json.dumps(data, allow_nan=False)
        except (TypeError, ValueError, RecursionError):
            return parse_agenda(data, source)  # not plain JSON: parsing says what is wrong
        return _parsed_agenda(key, source)


@functools.lru_cache(maxsize=32)
def _parsed_agenda(key: str, source: str) -> Agenda:
    return parse_agenda(json.loads(key), source)  # a refusal raises and is not kept


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "block"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# Text that may hold line breaks; every other text is one line.
_MULTILINE = {"prompt", "description"}


def _text(data: dict[str, Any], key: str, where: str, *, required: bool, limit: int) -> str:
    """A text field, cleaned of escape sequences and control characters (it is shown in the
    terminal as it is, on the start screen and in every check-in)."""
    value = data.get(key, "")
    if not isinstance(value, str):
        raise AgendaError(f"{where}: {key} must be text")
    value = clean_text(value, lines=key in _MULTILINE).strip()
    if required and not value:
        raise AgendaError(f"{where}: {key} is missing")
    if len(value) > limit:
        raise AgendaError(f"{where}: {key} is longer than {limit} characters")
    return value


def _minutes(data: dict[str, Any], key: str, where: str, default: float | None) -> float | None:
    if key not in data:
        if default is None and key == "minutes":
            raise AgendaError(f"{where}: minutes is missing")
        return default
    value = data[key]
    if not _is_number(value) or not 0 < value <= MAX_BLOCK_MINUTES:
        raise AgendaError(
            f"{where}: {key} must be a positive number of minutes (at most {MAX_BLOCK_MINUTES})"
        )
    return float(value)


def _parse_block(data: Any, index: int, source: str, first_rating: bool) -> Block:
    where = f"{source}, block {index}"
    if not isinstance(data, dict):
        raise AgendaError(f"{where}: must be a table ([[blocks]])")
    title = data.get("title")
    if isinstance(title, str) and clean_text(title, lines=False).strip():
        where = f"{source}, block {index} '{clean_text(title, lines=False).strip()[:80]}'"
    kind = data.get("kind")
    if kind not in KINDS:
        raise AgendaError(f"{where}: kind must be one of {', '.join(KINDS)}")
    allowed = _BLOCK_KEYS | _KIND_KEYS.get(kind, set())
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise AgendaError(f"{where}: unknown field {unknown[0]!r} for a {kind} block")
    title = _text(data, "title", where, required=True, limit=80)
    prompt = _text(data, "prompt", where, required=False, limit=500)
    minutes = _minutes(data, "minutes", where, None)
    assert minutes is not None
    block_id = _text(data, "id", where, required=False, limit=40) or _slug(title)
    extra: dict[str, Any] = {}
    if kind == "turns":
        rounds = data.get("rounds", 1)
        if not isinstance(rounds, int) or isinstance(rounds, bool) or not 1 <= rounds <= 50:
            raise AgendaError(f"{where}: rounds must be a whole number from 1 to 50")
        silent = data.get("listener_silent", False)
        if not isinstance(silent, bool):
            raise AgendaError(f"{where}: listener_silent must be true or false")
        extra.update(
            rounds=rounds,
            turn_minutes=_minutes(data, "turn_minutes", where, minutes / (2 * rounds)),
            listener_silent=silent,
        )
    elif kind == "floor":
        extra.update(
            turn_minutes=_minutes(data, "turn_minutes", where, DEFAULT_SPEAKER_MINUTES),
            paraphrase_minutes=_minutes(data, "paraphrase_minutes", where, DEFAULT_PARAPHRASE_MINUTES),
        )
    elif kind == "rating":
        stage = data.get("stage", "before" if first_rating else "after")
        if stage not in STAGES:
            raise AgendaError(f"{where}: stage must be 'before' or 'after'")
        question = _text(data, "question", where, required=False, limit=200)
        extra.update(stage=stage, question=question or None)
    return Block(id=block_id, kind=cast(BlockKind, kind), title=title, prompt=prompt, minutes=minutes, **extra)


def parse_agenda(data: dict[str, Any], source: str, default_id: str | None = None) -> Agenda:
    """Validate a template's data (as read from TOML or a stored snapshot)."""
    if not isinstance(data, dict):
        raise AgendaError(f"{source}: an agenda must be a table")
    unknown = sorted(set(data) - _AGENDA_KEYS)
    if unknown:
        raise AgendaError(f"{source}: unknown field {unknown[0]!r}")
    raw_id = data.get("id", default_id)
    if not isinstance(raw_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", raw_id):
        raise AgendaError(f"{source}: id must be a short lowercase name like 'weekly'")
    title = _text(data, "title", source, required=True, limit=80)
    description = _text(data, "description", source, required=False, limit=500)
    people = data.get("people", 2)
    if people not in PEOPLE or isinstance(people, bool):
        raise AgendaError(f"{source}: people must be 1 (a solo reflection) or 2 (a couple)")
    raw_blocks = data.get("blocks")
    if raw_blocks is None or raw_blocks == []:
        raise AgendaError(f"{source}: no blocks; an agenda needs at least one block ([[blocks]])")
    if not isinstance(raw_blocks, list):
        raise AgendaError(f"{source}: blocks must be a list of tables ([[blocks]])")
    if len(raw_blocks) > MAX_BLOCKS:
        raise AgendaError(f"{source}: {len(raw_blocks)} blocks; an agenda has at most {MAX_BLOCKS}")
    blocks: list[Block] = []
    taken: set[str] = set()
    seen_rating = False
    for index, raw in enumerate(raw_blocks, start=1):
        block = _parse_block(raw, index, source, first_rating=not seen_rating)
        seen_rating = seen_rating or block.kind == "rating"
        if block.id in taken:
            if isinstance(raw, dict) and raw.get("id"):
                raise AgendaError(f"{source}, block {index} '{block.title}': id {block.id!r} is used twice")
            suffix = 2  # an id made from a repeated title: number it
            while f"{block.id}-{suffix}" in taken:
                suffix += 1
            block = replace(block, id=f"{block.id}-{suffix}")
        if people == 1 and block.has_floor or people == 1 and block.kind == "rating":
            raise AgendaError(f"{source}, block {index} '{block.title}': a solo reflection has no floor or turns")
        blocks.append(block)
        taken.add(block.id)
    return Agenda(id=raw_id, title=title, description=description, blocks=tuple(blocks), people=people)


def _load_text(text: str, source: str, default_id: str) -> Agenda:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AgendaError(f"{source}: not valid TOML ({exc})") from None
    return parse_agenda(data, source, default_id)


def _shipped() -> list[tuple[str, str, str]]:
    """(source label, default id, text) for each shipped template."""
    found = []
    folder = resources.files("checkin.data").joinpath("agendas")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            label = f"checkin/data/agendas/{entry.name}"
            found.append((label, entry.name.removesuffix(".toml"), entry.read_text("utf-8")))
    return found


def load_agendas(extra_dir: Path | None = None, people: int = 2) -> tuple[list[Agenda], list[str]]:
    """All usable agendas ("weekly" first, then by title) and one line per broken template.

    ``extra_dir`` is the data folder's ``agendas/``; it may be missing. Never raises for a bad file.
    ``people`` picks the couple's agendas (2, the default) or the solo reflections (1).
    """
    by_id: dict[str, Agenda] = {}
    problems: list[str] = []
    sources: list[tuple[str, str, str | None]] = []
    try:
        sources.extend(_shipped())
    except OSError as exc:  # pragma: no cover - a broken install
        problems.append(f"checkin/data/agendas: cannot be read ({exc})")
    if extra_dir is not None and extra_dir.is_dir():
        for path in sorted(extra_dir.glob("*.toml")):
            label = f"agendas/{clean_text(path.name, lines=False)}"  # a file name is shown too
            try:
                sources.append((label, path.stem, path.read_text("utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"{label}: cannot be read ({exc})")
    for label, stem, text in sources:
        try:
            agenda = _load_text(text or "", label, _slug(stem))
        except AgendaError as exc:
            problems.append(str(exc))
            continue
        by_id[agenda.id] = agenda  # user templates come later and override shipped ones
    wanted = [a for a in by_id.values() if a.people == people]
    if people == 1:  # solo reflections in the order their files are numbered
        return sorted(wanted, key=lambda a: _SOLO_ORDER.get(a.id, 99)), problems
    agendas = sorted(wanted, key=lambda a: (a.id != DEFAULT_AGENDA_ID, a.title.casefold()))
    return agendas, problems


_SOLO_ORDER = {
    name: n
    for n, name in enumerate(
        ("calm-down", "my-part", "my-side", "the-dream", "appreciate", "getting-ready", "inviting")
    )
}
