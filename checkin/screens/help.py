"""Help for any screen, made from that screen's active key bindings, so it never goes stale.

`?` (or F1, which works even while typing in a box) opens it on every screen: the app binds
it, and a screen that binds `?` to its own ``action_help`` opens the same ``HelpScreen``. A
screen can add a sentence above the keys with a ``HELP_INTRO`` class attribute.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from .base import CheckinModal

FLOOR_RULES = (
    "Whoever holds the floor speaks about their own feelings, a sentence or two at a time. "
    "The other listens without rebuttal, then says back what they heard. Solving starts only "
    "when you both feel understood."
)
# For screens that do not (yet) say it themselves with HELP_INTRO.
INTROS = {"TalkScreen": FLOOR_RULES}

TEXTUAL_OWN = ("focus_next", "focus_previous", "copy_text")
GROUPS = ("On this screen", "In the box you are in", "Anywhere")


def help_intro(screen: Screen[Any]) -> str:
    return str(getattr(screen, "HELP_INTRO", "") or INTROS.get(type(screen).__name__, ""))


def key_groups(screen: Screen[Any]) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """The screen's active bindings that have a description, as (group, [(keys, words, enabled)]).

    Keys bound to the same action with the same words are listed together ("esc, q")."""
    app = screen.app
    found: dict[str, dict[tuple[int, str, str], tuple[list[str], str, bool]]] = {g: {} for g in GROUPS}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system or binding.action.endswith(TEXTUAL_OWN):
            continue  # Textual's own (tab, copy) are not news
        if active.node is app:
            group = GROUPS[2]
        elif active.node is screen:
            group = GROUPS[0]
        elif binding.show:  # a widget's own keys: only those it puts in the footer
            group = GROUPS[1]
        else:
            continue
        words = binding.description
        if binding.tooltip and binding.tooltip.lower() != words.lower():
            words = f"{words}: {binding.tooltip}"
        slot = (id(active.node), binding.action, words)
        keys, _, enabled = found[group].get(slot, ([], words, False))
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
        found[group][slot] = (keys, words, enabled or active.enabled)
    return [
        (group, [(", ".join(keys), words, enabled) for keys, words, enabled in entries.values()])
        for group, entries in found.items()
        if entries
    ]


def help_markup(screen: Screen[Any]) -> str:
    lines: list[str] = []
    for group, entries in key_groups(screen):
        lines.append(f"[b $primary]{group}[/]")
        width = max(len(keys) for keys, _, _ in entries)
        for keys, words, enabled in entries:
            text = f"[b]{escape(keys):<{width}}[/]  {escape(words)}"
            lines.append(text if enabled else f"[dim]{text} (not just now)[/]")
        lines.append("")
    return "\n".join(lines).rstrip()


class HelpScreen(CheckinModal[None]):
    """The keys of the screen underneath (by default the one showing when it was made)."""

    BINDINGS = [Binding("escape,question_mark,q,f1", "close", "Close", id="help.close")]

    def __init__(self, screen: Screen[Any] | None = None) -> None:
        super().__init__(classes="modal")
        self.target = screen if screen is not None else self.app.screen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static("Keys", classes="title")
            with VerticalScroll(id="help-keys"):
                intro = help_intro(self.target)
                if intro:
                    yield Static(intro, id="help-intro", classes="lead")
                yield Static(help_markup(self.target), id="help-text")
            yield Button("Close", variant="primary", id="close", action="screen.close")
        yield KeysFooter()

    def action_close(self) -> None:
        self.dismiss(None)
