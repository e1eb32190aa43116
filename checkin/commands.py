"""The command palette (ctrl+p): every action of the screen you are on, made from its key
bindings, so the palette, the footer and help never disagree.

A screen's action is offered when it could be pressed now (``check_action`` allows it), also
while typing in a box, where its letter key is taken by the box: the palette is the way to
reach it then. The app adds its own commands (help, settings, themes, quit) in ``app.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from textual.actions import parse
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from .keymap import expanded, own_bindings

# Textual's own bindings (moving the focus, copying) are not actions of checkin.
TEXTUAL_OWN = ("focus_next", "focus_previous", "copy_text", "command_palette")


def _words(binding: Binding, keys: list[str]) -> str:
    help_text = binding.tooltip or binding.description
    return f"{help_text} ({', '.join(keys)})" if keys else help_text


def _allowed(node: DOMNode, action: str) -> bool:
    _, name, params = parse(action)
    try:
        return bool(node.check_action(name, params))
    except Exception:  # noqa: BLE001 - a screen still being built: offer nothing from it
        return False


def _declared(screen: Screen[Any]) -> Iterator[Binding]:
    """The bindings the screen's own classes declare (checkin's, not Textual's)."""
    for cls in type(screen).__mro__:
        if cls.__module__.startswith("checkin."):
            yield from expanded(own_bindings(cls))


def binding_commands(app: App[Any], screen: Screen[Any]) -> list[SystemCommand]:
    """One command per action of ``screen`` that has words and can be used now."""
    found: dict[tuple[int, str], tuple[Binding, DOMNode, list[str]]] = {}
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if node is app or not binding.description or binding.system or not active.enabled:
            continue
        if binding.action.endswith(TEXTUAL_OWN) or (node is not screen and not binding.show):
            continue  # a widget's own keys only when it shows them (the list's "Open")
        _, keys = found.setdefault((id(node), binding.action), (binding, node, []))[1:]
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    for binding in _declared(screen):
        # keys a focused box takes for typing are missing above; the action is still there
        slot = (id(screen), binding.action)
        if binding.description and slot not in found and _allowed(screen, binding.action):
            found[slot] = (binding, screen, [])
    commands: list[SystemCommand] = []
    titles: set[str] = set()
    for binding, node, keys in found.values():
        if binding.description in titles:
            continue  # one key per phase, e.g. space: "Pass floor" or "I feel understood"
        titles.add(binding.description)
        run = partial(app.run_action, binding.action, node)
        commands.append(SystemCommand(binding.description, _words(binding, keys), run))
    return commands
