"""The footer of keys, redrawn only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple[Any, ...]:
    """What a footer on ``screen`` would draw: each shown binding with its key, label,
    tooltip and whether it is enabled, and the command palette key."""
    app = screen.app
    keys = []
    for node, binding, enabled, tooltip in screen.active_bindings.values():
        if binding.show or binding.key == app.COMMAND_PALETTE_BINDING:
            keys.append((id(node), binding.key, app.get_key_display(binding), binding.action,
                         binding.description, binding.tooltip, binding.group, enabled, tooltip))
    return tuple(keys)


class KeysFooter(Footer):
    """Textual's Footer, recomposed once per change of the keys it shows.

    Footer removes and mounts all its keys each time the screen publishes its bindings, once
    per publish even when several come before the next refresh and nothing changed. At
    start-up home published twice: two recomposes (about 50 ms of CPU) before its keys were
    drawn. This one skips a publish that would draw the same keys, or one that comes while a
    recompose is already waiting (that recompose reads the bindings as they are by then).
    """

    _waiting = False
    _drawn: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # Textual's own rules (marks the bindings ready)
            return
        if self._waiting or shown_keys(screen) == self._drawn:
            return
        self._waiting = True
        super().bindings_changed(screen)  # schedules one recompose after the next refresh

    async def recompose(self) -> None:
        self._waiting = False
        # Footer composes no keys until the screen has published its bindings once
        if self._bindings_ready and self.is_attached:
            self._drawn = shown_keys(self.screen)
        await super().recompose()
