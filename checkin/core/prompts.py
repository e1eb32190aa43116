"""The prompt library: cards of questions and words for the right moment in a check-in.

Plain Python, no Textual. Shipped prompts live in ``checkin/data/prompts/``, one TOML file per
category; couples add their own in the data folder's ``prompts/`` (a file for a shipped category
adds to it, a file for a new category makes a new one). A broken file never stops anything: it is
skipped whole and named in one line by :func:`load_library`.

A file looks like this::

    category = "love-map"             # a short lowercase id
    title = "Getting to know each other now"
    about = "One sentence shown above the cards."     # optional
    source = "Where the idea comes from"              # optional

    [[group]]
    depth = "light"                   # light or deeper
    family = "I feel"                 # optional: a sub-group (repair families, feelings families)
    prompts = ["What are you looking forward to this month?", "..."]

Every prompt gets a stable id from its category and its text, so what a couple has seen, liked
or hidden survives new versions of the library (a prompt whose text changes is a new card).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from checkin.core.text import clean_text

DEPTHS = ("light", "deeper")

#: The shipped categories in the order screens list them (a couple's new ones come after).
CATEGORY_ORDER = (
    "appreciation", "love-map", "reconnect", "good-times", "gentle-start", "repair",
    "dream", "feelings", "needs",
)  # fmt: skip

#: The categories that are words to pick rather than questions to ask.
WORD_LISTS = ("feelings", "needs")

MAX_TEXT = 300
MAX_TITLE = 80
MAX_ABOUT = 300
MAX_PROMPTS_PER_FILE = 2000
MAX_FILE_BYTES = 1_000_000
MAX_USER_FILES = 100

_CATEGORY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_FILE_KEYS = {"category", "title", "about", "source", "group"}
_GROUP_KEYS = {"depth", "family", "prompts"}


class PromptFileError(ValueError):
    """A prompt file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Prompt:
    """One card: its text, the category it belongs to, light or deeper, and an optional family."""

    id: str
    category: str
    text: str
    depth: str = "light"
    family: str | None = None
    custom: bool = False  # from the couple's own prompts/ folder


@dataclass(frozen=True)
class Category:
    """A deck: an id, a title for screens, a sentence about it, and where the idea comes from."""

    id: str
    title: str
    about: str = ""
    source: str = ""
    custom: bool = False


@dataclass
class PromptLibrary:
    """Every usable prompt, grouped by category, in a stable order."""

    categories: dict[str, Category] = field(default_factory=dict)
    prompts: dict[str, Prompt] = field(default_factory=dict)  # id -> prompt, in file order

    def in_category(self, category: str) -> list[Prompt]:
        return [p for p in self.prompts.values() if p.category == category]

    def counts(self) -> dict[str, int]:
        """How many prompts each category holds, in the order screens show categories."""
        counts = {cid: 0 for cid in self.categories}
        for prompt in self.prompts.values():
            counts[prompt.category] += 1
        return counts

    def get(self, prompt_id: str) -> Prompt | None:
        return self.prompts.get(prompt_id)

    def __len__(self) -> int:
        return len(self.prompts)


def prompt_id(category: str, text: str) -> str:
    """A stable id: the category and a short digest of the text (case and spacing ignored)."""
    key = " ".join(text.casefold().split())
    return f"{category}:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


def _text(data: dict[str, Any], key: str, where: str, limit: int, *, required: bool) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise PromptFileError(f"{where}: {key} must be text")
    value = clean_text(value, lines=False).strip()
    if required and not value:
        raise PromptFileError(f"{where}: {key} is missing")
    if len(value) > limit:
        raise PromptFileError(f"{where}: {key} is longer than {limit} characters")
    return value


def parse_prompt_file(
    data: Any, source: str, *, custom: bool = False, known: dict[str, Category] | None = None
) -> tuple[Category, list[Prompt]]:
    """Check one file's data and build its category and prompts; raises PromptFileError.

    ``known`` holds the categories already loaded: a file for one of them may leave out the title."""
    if not isinstance(data, dict):
        raise PromptFileError(f"{source}: must be a table")
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise PromptFileError(f"{source}: unknown field {unknown[0]!r}")
    category_id = data.get("category")
    if not isinstance(category_id, str) or not _CATEGORY_ID.fullmatch(category_id):
        raise PromptFileError(f"{source}: category must be a short lowercase name like 'love-map'")
    existing = (known or {}).get(category_id)
    title = _text(data, "title", source, MAX_TITLE, required=existing is None)
    category = Category(
        id=category_id,
        title=title or (existing.title if existing else category_id),
        about=_text(data, "about", source, MAX_ABOUT, required=False) or (existing.about if existing else ""),
        source=_text(data, "source", source, MAX_ABOUT, required=False) or (existing.source if existing else ""),
        custom=custom and existing is None,
    )
    groups = data.get("group")
    if not isinstance(groups, list) or not groups:
        raise PromptFileError(f"{source}: no prompts; add a [[group]] with a prompts list")
    prompts: list[Prompt] = []
    for index, group in enumerate(groups, start=1):
        where = f"{source}, group {index}"
        if not isinstance(group, dict):
            raise PromptFileError(f"{where}: must be a table ([[group]])")
        unknown = sorted(set(group) - _GROUP_KEYS)
        if unknown:
            raise PromptFileError(f"{where}: unknown field {unknown[0]!r}")
        depth = group.get("depth", "light")
        if depth not in DEPTHS:
            raise PromptFileError(f"{where}: depth must be 'light' or 'deeper'")
        family = _text(group, "family", where, MAX_TITLE, required=False) or None
        texts = group.get("prompts")
        if not isinstance(texts, list) or not texts:
            raise PromptFileError(f"{where}: prompts must be a list of texts")
        for number, raw in enumerate(texts, start=1):
            if not isinstance(raw, str):
                raise PromptFileError(f"{where}, prompt {number}: must be text")
            text = clean_text(raw, lines=False).strip()
            if not text:
                raise PromptFileError(f"{where}, prompt {number}: is empty")
            if len(text) > MAX_TEXT:
                raise PromptFileError(f"{where}, prompt {number}: is longer than {MAX_TEXT} characters")
            prompts.append(
                Prompt(
                    id=prompt_id(category_id, text), category=category_id, text=text,
                    depth=depth, family=family, custom=custom,
                )
            )
            if len(prompts) > MAX_PROMPTS_PER_FILE:
                raise PromptFileError(f"{source}: more than {MAX_PROMPTS_PER_FILE} prompts in one file")
    return category, prompts


def _shipped_sources() -> list[tuple[str, str]]:
    folder = resources.files("checkin.data").joinpath("prompts")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            found.append((f"checkin/data/prompts/{entry.name}", entry.read_text("utf-8")))
    return found


def _user_sources(folder: Path, problems: list[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    try:
        paths = sorted(folder.glob("*.toml"))
    except OSError as exc:
        problems.append(f"prompts/: cannot be read ({exc.strerror or exc})")
        return found
    if len(paths) > MAX_USER_FILES:
        problems.append(f"prompts/: {len(paths)} files; only the first {MAX_USER_FILES} are read")
        paths = paths[:MAX_USER_FILES]
    for path in paths:
        label = f"prompts/{clean_text(path.name, lines=False)}"
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                problems.append(f"{label}: larger than {MAX_FILE_BYTES // 1_000_000} MB, not read")
                continue
            found.append((label, path.read_text("utf-8")))
        except UnicodeDecodeError:
            problems.append(f"{label}: is not UTF-8 text")
        except OSError as exc:
            problems.append(f"{label}: cannot be read ({exc.strerror or exc})")
    return found


def _add(library: PromptLibrary, category: Category, prompts: Iterable[Prompt]) -> None:
    if category.id not in library.categories or not category.custom:
        library.categories.setdefault(category.id, category)
    for prompt in prompts:
        library.prompts.setdefault(prompt.id, prompt)  # the same text twice is one card


def load_library(extra_dir: Path | None = None) -> tuple[PromptLibrary, list[str]]:
    """The shipped prompts plus the couple's own (``extra_dir`` is the data folder's ``prompts/``,
    which may be missing), and one line per file that could not be used. Never raises."""
    library = PromptLibrary()
    problems: list[str] = []
    sources: list[tuple[str, str, bool]] = []
    try:
        sources.extend((label, text, False) for label, text in _shipped_sources())
    except OSError as exc:  # pragma: no cover - a broken install
        problems.append(f"checkin/data/prompts: cannot be read ({exc})")
    if extra_dir is not None and extra_dir.is_dir():
        sources.extend((label, text, True) for label, text in _user_sources(extra_dir, problems))
    for label, text, custom in sources:
        try:
            data = tomllib.loads(text)
            category, prompts = parse_prompt_file(data, label, custom=custom, known=library.categories)
        except tomllib.TOMLDecodeError as exc:
            problems.append(f"{label}: not valid TOML ({exc})")
            continue
        except PromptFileError as exc:
            problems.append(str(exc))
            continue
        except RecursionError:
            problems.append(f"{label}: nested too deeply")
            continue
        _add(library, category, prompts)
    order = {cid: n for n, cid in enumerate(CATEGORY_ORDER)}
    library.categories = dict(
        sorted(library.categories.items(), key=lambda item: (order.get(item[0], len(order)), item[1].title.casefold()))
    )
    return library, problems

