"""Home for one person ("Just me for now"): solo reflections, the hobby picker, an invitation.

The couple features (the check-in, look back, trends) open once a second name is added in
settings; then this screen gives way to the couple's home.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ..core.solo import BRIDGE_SECTION, INVITE_LINES, SAFETY_NOTE, is_solo, waiting_items
from ..widgets.footer import KeysFooter
from ..widgets.partner import partner_markup
from ..widgets.title_bar import TitleBar
from .base import CheckinScreen


def home_screen_for(app) -> Screen:
    """The home that fits the folder: one person's, or the couple's."""
    if is_solo(app.couple):
        return SoloHomeScreen()
    from .home import HomeScreen

    return HomeScreen()


class SoloHomeScreen(CheckinScreen[None]):
    """Home while only one name is known."""

    STYLED_AT_START = True

    BINDINGS = [
        Binding("o", "solo", "On my own", tooltip="Reflect on your own, privately", id="solo_home.solo"),
        Binding("a", "activities", "Activities", tooltip="Rate activities for your side", id="solo_home.activities"),
        Binding("i", "invite", "Invite", tooltip="How to invite your partner, gently", id="solo_home.invite"),
        Binding("comma", "settings", "Settings", tooltip="Add your partner, time, theme", id="solo_home.settings"),
    ]
    HELP_INTRO = "Reflect on your own, rate activities for your side, and add your partner in Settings when ready."

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="home"), Center(), Vertical(classes="card", id="solo-home-card"):
            yield Static("", id="solo-name", classes="title")
            yield Static(
                "Just you for now, and that is a real start: working on your own side changes "
                "more than it seems.",
                classes="lead",
            )
            yield Static("", id="solo-waiting", classes="banner")
            with Horizontal(classes="buttons", id="solo-home-buttons"):
                yield Button("On my own", variant="primary", id="solo", tooltip="Private reflections (o)")
                yield Button("Activities", id="activities", tooltip="Rate your own side now (a)")
                yield Button("Invite my partner", id="invite", tooltip="A gentle way to ask (i)")
                yield Button("Settings", id="settings", tooltip="Add your partner's name (,)")
            yield Static("", id="invite-text", classes="hint")
            yield Static(SAFETY_NOTE, classes="hint", id="safety")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_facts()
        self.query_one("#invite-text", Static).display = False

    def on_screen_resume(self) -> None:
        if not is_solo(self.app.couple):  # a partner's name was added: the couple's home now
            from .home import HomeScreen

            self.app.switch_screen(HomeScreen())
            return
        self.refresh_facts()

    def refresh_facts(self) -> None:
        couple = self.app.couple
        if couple is None:
            return
        self.query_one("#solo-name", Static).update(f"Welcome, {partner_markup(couple.name_a, 'a')}")
        waiting = waiting_items(self.app.repo.section(BRIDGE_SECTION))
        banner = self.query_one("#solo-waiting", Static)
        banner.display = bool(waiting)
        words = "thing" if len(waiting) == 1 else "things"
        banner.update(f"{len(waiting)} {words} you chose will wait for your first check-in together.")

    @on(Button.Pressed, "#solo")
    def action_solo(self) -> None:
        from .solo_unlock import open_solo

        open_solo(self.app, "a")

    @on(Button.Pressed, "#activities")
    def action_activities(self) -> None:
        from .activities import ActivitiesScreen

        self.app.push_screen(ActivitiesScreen())

    @on(Button.Pressed, "#invite")
    def action_invite(self) -> None:
        text = self.query_one("#invite-text", Static)
        text.update("\n".join(f"• {line}" for line in INVITE_LINES)
                    + "\n• When your partner says yes, add their name in Settings; the check-in opens then.")
        text.display = True

    @on(Button.Pressed, "#settings")
    def action_settings(self) -> None:
        self.app.open_settings()
