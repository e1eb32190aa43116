"""Every binding of checkin has a unique dotted id, so keymap.toml can name it."""

from __future__ import annotations

import importlib
import pkgutil
import re

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

import checkin
from checkin.keymap import PLACES, binding_owners, own_bindings

DOTTED = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z0-9_]*$")


def every_class_with_keys() -> list[type]:
    """Imports every module of checkin, then walks the subclasses of Screen and App."""
    for info in pkgutil.walk_packages(checkin.__path__, "checkin."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    found: list[type] = []
    todo: list[type] = [Screen, App]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("checkin.") and own_bindings(cls):
            found.append(cls)
    return found


def test_every_binding_has_a_unique_dotted_id():
    classes = every_class_with_keys()
    names = {cls.__name__ for cls in classes}
    assert {"CheckinApp", "HomeScreen", "HistoryScreen", "ActivitiesScreen", "HelpScreen"} <= names
    seen: dict[str, str] = {}
    for cls in classes:
        for binding in own_bindings(cls):
            where = f"{cls.__qualname__} {binding!r}"
            assert isinstance(binding, Binding), where
            assert binding.id, f"no id: {where}"
            assert DOTTED.match(binding.id), f"not dotted: {where}"
            assert binding.id not in seen, f"{binding.id} in {seen.get(binding.id)} and {cls.__qualname__}"
            seen[binding.id] = cls.__qualname__
            assert binding.id.split(".")[0] in PLACES, f"say where {binding.id} works in keymap.PLACES"


def test_the_keymap_knows_every_class_with_keys():
    assert set(every_class_with_keys()) <= set(binding_owners())
