"""The bar along the top of every screen: the heart and the app's title."""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

ICON_WIDTH = 8  # the heart, with room to click it (as Textual's Header)
RIGHT_SPACE = 10  # kept free on the right, so the title sits where Header put it


class TitleBar(Widget):
    """What Textual's ``Header`` shows (icon, title, sub-title), drawn by one widget.

    Header is four widgets with their own styles; on the home screen they were about 50 ms of
    the time to the first frame in a real terminal (issue 11). Clicking the heart opens the
    command palette, as Header's icon does. The title does not change while the app runs.
    """

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, icon: str = "♥", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.icon = icon

    def on_mount(self) -> None:
        if self.app.ENABLE_COMMAND_PALETTE:
            self.tooltip = f"{self.icon} opens the command palette"

    def render(self) -> RenderResult:
        width = self.size.width
        middle = max(0, width - ICON_WIDTH - RIGHT_SPACE)
        title = self.app.format_title(self.app.title, self.app.sub_title)
        title = title.truncate(middle, ellipsis=True)
        left = (middle - title.cell_length) // 2  # where content-align: center put it
        icon = Content(f" {self.icon}").pad_right(max(0, ICON_WIDTH - 1 - len(self.icon)))
        return Content.assemble(icon, title.pad(left, middle - left - title.cell_length), " " * RIGHT_SPACE)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
