"""Every key binding of checkin, and the couple's own keys from ``keymap.toml``.

Each binding has a dotted id (``talk.pass_floor``, ``home.start``, ``app.quit``); the part
before the first dot says where it works. A ``keymap.toml`` in the data folder gives other
keys to some of them::

    [keys]
    "talk.pass_floor" = "p"          # or "p,ctrl+space" for two keys
    "home.history" = ["h", "l"]      # a list works too

The file is checked whole before anything is applied (``App.set_keymap``): bad TOML, an id
that does not exist, a key name Textual does not know, or two actions on one key of one
screen make the whole file ignored, and each problem is named, so the couple never ends up
with half their keys changed.
"""

from __future__ import annotations

import importlib
import pkgutil
import string
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import REPLACED_KEYS, Keys, _character_to_key, _normalize_key_list, format_key
from textual.screen import Screen

KEYMAP_FILE = "keymap.toml"

# Where the bindings of an id prefix work, in the couple's words (README table, notices).
PLACES: dict[str, str] = {
    "app": "everywhere",
    "welcome": "the first start",
    "home": "home",
    "start": "choosing the agenda",
    "talk": "the talk",
    "pause": "a pause",
    "walk_away": "taking a break",
    "break": "the break",
    "summary": "the summary",
    "settings": "settings",
    "unsaved": "leaving settings unsaved",
    "history": "look back",
    "detail": "a past check-in",
    "trends": "trends",
    "activities": "activities",
    "rate": "rating activities",
    "matches": "matches and ideas",
    "custom": "your own activity",
    "plan": "planning an activity",
    "followup": "how a plan went",
    "confirm": "a question",
    "cards": "questions (cards)",
    "rules": "the ground rules",
    "words": "choosing a word",
    "friend": "adding a facilitator",
    "solo_home": "home, just you for now",
    "who": "on my own: who you are",
    "passphrase": "setting a passphrase",
    "recovery": "the recovery code",
    "unlock": "unlocking private notes",
    "solo": "on my own",
    "reflection": "a solo reflection",
    "bridge": "bringing notes to the check-in",
    "private_note": "a private note during the talk",
    "solo_notes": "reading your private notes",
    "change_passphrase": "changing your passphrase",
    "help": "help",
    "message": "a message page",
}

# The packages whose classes may bind keys (the screens import the widgets they use).
PACKAGES = ("checkin.screens", "checkin.widgets")
MODULES = ("checkin.app", "checkin.serve")
MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
# _character_to_key and _normalize_key_list are what App.set_keymap applies itself ('?' is
# 'question_mark'), so a key is checked the way Textual will read it.
KEY_NAMES = frozenset(k.value for k in Keys) | frozenset(REPLACED_KEYS)
# names of the printable ASCII keys: question_mark, comma, full_stop, slash...
CHARACTER_NAMES = frozenset(_character_to_key(c) for c in string.printable if c.strip())


def place(binding_id: str) -> str:
    prefix = binding_id.split(".", 1)[0]
    return PLACES.get(prefix, prefix)


# -- who binds what ---------------------------------------------------------------------


def _import_all() -> None:
    for name in MODULES:
        importlib.import_module(name)
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__, f"{package_name}."):
            importlib.import_module(info.name)


def _subclasses(cls: type) -> Iterator[type]:
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        yield sub
        yield from _subclasses(sub)


def binding_owners() -> list[type[DOMNode]]:
    """Every class of checkin (app, screens, widgets) that declares its own ``BINDINGS``,
    the app first, then in module and name order."""
    _import_all()
    seen: dict[type, None] = {}
    for cls in _subclasses(DOMNode):
        if cls.__module__.startswith("checkin.") and "BINDINGS" in vars(cls):
            seen[cls] = None
    return sorted(seen, key=lambda c: (not issubclass(c, App), c.__module__, c.__qualname__))


def own_bindings(cls: type) -> list[BindingType]:
    """The bindings a class declares itself (not those it inherits)."""
    return list(vars(cls).get("BINDINGS", []))


def expanded(bindings: Iterable[BindingType]) -> list[Binding]:
    """One Binding per key ("escape,q" is two), as Textual uses them."""
    return list(Binding.make_bindings(bindings))


def _inherited(cls: type) -> list[Binding]:
    out: list[Binding] = []
    for klass in reversed(cls.__mro__):
        out.extend(expanded(vars(klass).get("BINDINGS", [])))
    return out


def app_class() -> type[App[Any]]:
    from .app import CheckinApp

    return CheckinApp


def all_ids(owners: Iterable[type] | None = None) -> dict[str, Binding]:
    """Each binding id of checkin and its binding (the first key of it)."""
    found: dict[str, Binding] = {}
    for cls in owners if owners is not None else binding_owners():
        for binding in expanded(own_bindings(cls)):
            if binding.id:
                found.setdefault(binding.id, binding)
    return found


# -- reading keymap.toml ----------------------------------------------------------------


@dataclass(frozen=True)
class Keymap:
    """What ``keymap.toml`` asks for: ``keys`` to apply, or the ``problems`` that stop it."""

    keys: dict[str, str]
    problems: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        return not self.problems


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``[keys]`` written as quoted ids, TOML dotted keys or sub-tables: one (id, value) each."""
    for name, value in table.items():
        ident = f"{prefix}{name}"
        if isinstance(value, dict):
            yield from _flatten(value, f"{ident}.")
        else:
            yield ident, value


def _key_problem(key: str) -> str | None:
    if not key:
        return "an empty key"
    if " " in key:
        return f"'{key}' (no spaces inside a key; separate keys with commas)"
    *modifiers, name = key.split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"'{key}' ({unknown[0]!r} is not one of {', '.join(MODIFIERS)})"
    known = len(name) == 1 or name in KEY_NAMES or name in CHARACTER_NAMES
    return None if known else f"'{key}' (not a key name)"


def parse_keymap(text: str, known: Mapping[str, Binding]) -> Keymap:
    """The keymap in ``text``; ``known`` maps every binding id to its binding."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return Keymap({}, (f"it is not valid TOML ({err})",))
    problems: list[str] = []
    keys: dict[str, str] = {}
    for name in data:
        if name != "keys":
            problems.append(f"'{name}' is not known here (put the keys under [keys])")
    table = data.get("keys", {})
    if not isinstance(table, dict):
        return Keymap({}, ("'keys' must be a table: [keys]",))
    for ident, value in _flatten(table):
        if ident not in known:
            problems.append(f"'{ident}' is not a key id of checkin (the README lists them)")
            continue
        if isinstance(value, str):
            parts = value.split(",")
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            parts = list(value)
        else:
            problems.append(f"'{ident}' needs a key in quotes, e.g. \"ctrl+x\" or \"a,b\"")
            continue
        normal = _normalize_key_list(",".join(p.strip() for p in parts)).split(",")
        bad = [p for p in (_key_problem(k) for k in normal) if p]
        if bad:
            problems.append(f"'{ident}': {bad[0]}")
            continue
        keys[ident] = ",".join(normal)
    problems.extend(find_clashes(keys))  # also among the good lines: name every problem at once
    return Keymap({}, tuple(problems)) if problems else Keymap(keys)


def load_keymap(folder: Path) -> Keymap:
    """The keymap of a data folder; no file is an empty keymap, never an error."""
    path = folder / KEYMAP_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Keymap({})
    except (OSError, UnicodeDecodeError) as err:
        return Keymap({}, (f"it could not be read ({type(err).__name__})",))
    return parse_keymap(text, all_ids())


# -- clashes ----------------------------------------------------------------------------


def _chain(screen: type, app: type) -> list[Binding]:
    """The bindings that answer on a screen: its own and inherited, then the app's."""
    out = _inherited(screen) + _inherited(app)
    if getattr(app, "ENABLE_COMMAND_PALETTE", False):
        out.append(Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Commands"))  # type: ignore[attr-defined]
    return out


def _remapped(bindings: list[Binding], keymap: Mapping[str, str]) -> list[Binding]:
    out: list[Binding] = []
    done: set[str] = set()
    for binding in bindings:
        if binding.id and binding.id in keymap:
            if binding.id not in done:
                done.add(binding.id)
                out.extend(binding.with_key(key) for key in keymap[binding.id].split(","))
        else:
            out.append(binding)
    return out


def _by_key(bindings: Iterable[Binding]) -> dict[str, dict[str, Binding]]:
    found: dict[str, dict[str, Binding]] = {}
    for binding in bindings:
        found.setdefault(binding.key, {}).setdefault(binding.action, binding)
    return found


def find_clashes(keymap: Mapping[str, str], owners: Iterable[type] | None = None) -> list[str]:
    """Keys that the keymap gives to two actions on one screen (with the app's keys), in
    words. Keys shared on purpose already (Esc closes the keys panel or goes back) are fine."""
    owners = list(owners) if owners is not None else binding_owners()
    app = next((o for o in owners if issubclass(o, App)), app_class())
    problems: list[str] = []
    for screen in owners:
        if not issubclass(screen, Screen):
            continue
        chain = _chain(screen, app)
        before = _by_key(chain)
        for key, actions in _by_key(_remapped(chain, keymap)).items():
            if len(actions) > 1 and not set(actions) <= set(before.get(key, {})):
                words = " and ".join(f"'{b.description or b.action}'" for b in actions.values())
                where = next((place(b.id) for b in actions.values() if b.id and not b.id.startswith("app.")), "")
                problem = f"{format_key(key)} would do both {words}" + (f" on {where}" if where else "")
                if problem not in problems:
                    problems.append(problem)
    return problems
