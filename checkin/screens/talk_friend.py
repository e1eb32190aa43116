"""The facilitator's pause and break: the same dialogs as a partner's, saying who called them
(the facilitator, never a partner: no blame), with a key and a button to hand back the floor.

The talk screen opens them (``TalkExtras.action_friend_pause`` / ``action_friend_break``, and on
reopening a check-in the facilitator had paused, through :func:`pause_screen_for`)."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Static

from ..core.facilitator import ROLE, Facilitator
from ..core.session import CheckinSession
from ..widgets.facilitator import facilitator_markup
from .breakview import BreakScreen
from .pause import PauseScreen

HAND_BACK = "hand_back"  # what the pause dialog returns when the facilitator hands back the floor


def facilitator_of(session: CheckinSession) -> Facilitator | None:
    return Facilitator.from_dict(session.record.get("facilitator"))


class FriendPauseScreen(PauseScreen):
    """A pause the facilitator called: ``f8`` (or the button) hands back the floor."""

    BINDINGS = [
        Binding("f8", "hand_back", "Hand back the floor", tooltip="The talk goes on where it stopped",
                id="pause.hand_back"),
    ]

    def __init__(self, session: CheckinSession, facilitator: Facilitator) -> None:
        super().__init__(session)
        self.facilitator = facilitator

    def on_mount(self) -> None:
        # who called it goes into the title, and the hand-back button beside "Another phrase":
        # the dialog keeps its height, so every button still fits at 80x24
        who = facilitator_markup(self.facilitator)
        self.query_one("#pause-dialog .title", Static).update(f"{who} called a pause: nobody did anything wrong")
        self.query_one("#pause-another").remove()
        row = Horizontal(
            Button("Another phrase (a)", id="pause-another", compact=True),
            Button("Hand back the floor (f8)", variant="primary", id="hand-back", compact=True),
            id="pause-friend-row",
        )
        self.query_one("#pause-dialog").mount(row, before="#resume")

    @on(Button.Pressed, "#hand-back")
    def action_hand_back(self) -> None:
        self.dismiss(HAND_BACK)


class FriendBreakScreen(BreakScreen):
    """A break the facilitator called: after the 20 minutes every break lasts, ``f8`` (or the
    button) hands back the floor, as both partners saying they are ready would."""

    BINDINGS = [
        Binding("f8", "hand_back", "Hand back the floor", tooltip="End the break: the talk goes on",
                id="break.hand_back"),
    ]

    def __init__(self, session: CheckinSession, names: dict[str, str], facilitator: Facilitator) -> None:
        super().__init__(session, names)
        self.facilitator = facilitator

    def on_mount(self) -> None:
        who = facilitator_markup(self.facilitator)
        buttons = self.query_one("#ready-buttons")
        parent = buttons.parent
        assert isinstance(parent, Widget)
        parent.mount(Static(f"{who} called this break. It is nobody's fault.", id="break-by"), before=buttons)
        can = self.session.state.can_return
        buttons.mount(Button("Hand back (f8)", id="hand-back", disabled=not can))

    def tick(self) -> None:
        super().tick()
        if self.is_mounted and self.session.state.on_break:
            for button in self.query("#hand-back"):
                button.disabled = not self.session.state.can_return

    @on(Button.Pressed, "#hand-back")
    def action_hand_back(self) -> None:
        self.run(self.session.hand_back)  # the break view closes itself once the break is over


def pause_screen_for(session: CheckinSession) -> PauseScreen:
    """The pause dialog for the pause in progress: the facilitator's when they called it."""
    friend = facilitator_of(session)
    if friend is not None and session.state.pause_caller == ROLE:
        return FriendPauseScreen(session, friend)
    return PauseScreen(session)


def break_screen_for(session: CheckinSession, names: dict[str, str]) -> BreakScreen:
    """The break view for the break in progress: the facilitator's when they called it."""
    friend = facilitator_of(session)
    if friend is not None and session.state.break_caller == ROLE:
        return FriendBreakScreen(session, names, friend)
    return BreakScreen(session, names)


__all__ = ["HAND_BACK", "FriendBreakScreen", "FriendPauseScreen", "break_screen_for", "pause_screen_for"]
