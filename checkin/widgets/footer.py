"""The footer of keys on the first screen, drawn by one widget and redrawn only when its keys
change."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


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


@dataclass(frozen=True)
class FooterItem:
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str
    palette: bool = False  # the command palette key, on the right

    @property
    def width(self) -> int:
        words = len(self.description) + 1 if self.description else 0
        if self.palette:  # compact, with a border on the left and padding on the right
            return 1 + len(self.display) + words + 1
        return len(self.display) + 2 + words


class KeysFooter(Widget, can_focus=False):
    """The keys of the screen along the bottom, drawn cell for cell as Textual's ``Footer``,
    but by one widget instead of one per key.

    Footer mounts a widget for every key, each styled on its own: on the home screen that was
    about 75 ms of the time to the first frame in a real terminal (issue 11). As Footer: a key
    is pressed by clicking it (a disabled one rings the bell), its tooltip shows on hover, the
    command palette key sits on the right, and the wheel scrolls keys that do not fit. It is
    redrawn only when the keys it shows change, not each time the screen publishes them.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--hover", "footer-key--edge"}
    DEFAULT_CSS = """
    KeysFooter {
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .footer-key--edge {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: tuple[FooterItem, ...] = ()
        self._drawn: tuple[Any, ...] | None = None
        self._hover: FooterItem | None = None
        self._scroll = 0  # cells scrolled to the right, when the keys do not fit

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        # The keys in the first frame, not one frame later when the screen publishes them; unless
        # the screen's check_action needs widgets that are not mounted yet (then it publishes).
        with contextlib.suppress(NoMatches):
            self._show(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus or screen is not self.screen:
            return  # as Footer: not while the terminal is in the background
        self._show(screen)

    def _show(self, screen: Screen) -> None:
        keys = shown_keys(screen)
        if keys == self._drawn:
            return
        self._drawn = keys
        self.items = self._items(screen)
        self._hover = None
        self.refresh()

    def _items(self, screen: Screen) -> tuple[FooterItem, ...]:
        app = screen.app
        items, seen = [], set()
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in seen:  # one key an action, as Footer
                seen.add(binding.action)
                items.append(FooterItem(binding.key, app.get_key_display(binding), binding.description,
                                        enabled, tooltip))
        palette = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None and app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, tooltip = palette
            items.append(FooterItem(binding.key, app.get_key_display(binding), binding.description,
                                    enabled, binding.tooltip or binding.description, palette=True))
        return tuple(items)

    # -- where each key is -----------------------------------------------------------------

    def _places(self) -> list[tuple[int, FooterItem]]:
        """The first cell of each key on screen (the palette key at the right edge)."""
        width = self.size.width
        places, x = [], -self._scroll
        for item in self.items:
            if item.palette:
                places.append((width - item.width, item))
            else:
                places.append((x, item))
                x += item.width
        return places

    def _item_at(self, x: int) -> FooterItem | None:
        found = None
        for start, item in self._places():
            if start <= x < start + item.width:
                found = item  # the palette key is last: it wins where keys run under it
        return found

    # -- drawing ---------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        key_style = base + self.get_component_rich_style("footer-key--key", partial=True)
        text_style = base + self.get_component_rich_style("footer-key--description", partial=True)
        hover_style = self.get_component_rich_style("footer-key--hover", partial=True)
        cells: list[Segment] = []
        palette: list[Segment] = []
        for item in self.items:
            segments = self._segments(item, key_style, text_style, hover_style, base)
            (palette if item.palette else cells).extend(segments)
        line = Strip(cells).crop(self._scroll, self._scroll + width).extend_cell_length(width, base)
        if palette:
            used = Strip(palette).cell_length
            line = Strip.join([line.crop(0, max(0, width - used)), Strip(palette)]).crop(0, width)
        return line.simplify()

    def _segments(self, item: FooterItem, key_style: Style, text_style: Style, hover_style: Style,
                  base: Style) -> list[Segment]:
        if item is self._hover:
            key_style, text_style = key_style + hover_style, text_style + hover_style
        if not item.enabled:
            key_style, text_style = key_style + Style(dim=True), text_style + Style(dim=True)
        if item.palette:  # as Footer draws it: compact, after a thin border
            # Footer's border is $foreground at 20% over the footer: blended here, as Textual does
            edge_color = self.background_colors[1] + self.get_component_styles("footer-key--edge").color
            edge = base + Style(color=edge_color.rich_color)
            segments = [Segment("▏", edge), Segment(item.display, key_style)]
            if item.description:
                segments.append(Segment(f" {item.description}", text_style))
            return [*segments, Segment(" ", base)]
        segments = [Segment(f" {item.display} ", key_style)]
        if item.description:
            segments.append(Segment(f"{item.description} ", text_style))
        return segments

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    # -- the mouse -----------------------------------------------------------------------------

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        if item is not self._hover:
            self._hover = item
            self.tooltip = item.tooltip if item is not None and item.tooltip else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()

    def _scroll_by(self, cells: int) -> None:
        keys = sum(item.width for item in self.items if not item.palette)
        room = self.size.width - sum(item.width for item in self.items if item.palette)
        self._scroll = max(0, min(self._scroll + cells, max(0, keys - room)))
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_by(4)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_by(-4)
        event.stop()
