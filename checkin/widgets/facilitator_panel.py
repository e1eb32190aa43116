"""The facilitator's panel beside the talk: whose turn, time left, the rule in force, prompts.

It draws only from the check-in's state (``CheckinState``), the facilitator and the guide, so the
talk screen calls :meth:`FacilitatorPanel.show` on each repaint. When the heat-up rule fires (two
breaks, or both not up for a hard topic) it adds a gentle suggestion to stop for today and that a
professional can help, with a button to stop for today.

The facilitator acts from here too, each with a key on the talk screen and a button here: call a
pause or a break (``screen.friend_pause``, ``screen.friend_break``; recorded as the facilitator's,
never a partner's), and note an agreement or an action item (``screen.friend_agreement``,
``screen.friend_action``): the only notes a facilitator writes.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from ..core.facilitator import Facilitator, Guide, load_guide, state_heat
from .facilitator import facilitator_markup
from .markup import escape
from .partner import partner_markup
from .steady import SteadyInput


def clock(seconds: float) -> str:
    """'3:05' for a time left (never negative: overtime shows as 0:00)."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


def panel_lines(
    state: Any, facilitator: Facilitator, names: dict[str, str], guide: Guide | None = None
) -> dict[str, str]:
    """What the panel says, as markup, by part: who, turn, rule, prompts, heat."""
    guide = guide or load_guide()
    block = state.block
    speaker, listener = state.speaker, state.listener
    roles = {
        "speaker": names.get(speaker, "the speaker") if speaker else "the speaker",
        "listener": names.get(listener, "the listener") if listener else "the listener",
    }
    if state.paused:
        turn = "Paused: every timer is frozen."
        rule = guide.rule("pause")
    elif state.on_break:
        turn = f"A break: {clock(state.break_left)} left."
        rule = guide.rule("break")
    else:
        if speaker:
            turn = f"{partner_markup(names.get(speaker, speaker), speaker)} has the floor"
            left = state.turn_remaining
            turn += f", {clock(left)} left in this turn" if left is not None else ""
        else:
            turn = "Together"
        turn += f" · {clock(state.block_remaining)} left in {escape(block.title)}"
        rule = guide.rule(block.kind, state.phase, roles)
    prompts = [] if state.paused or state.on_break else guide.prompts_for(block.kind, state.phase, roles)
    heat = state_heat(state, guide)
    return {
        "who": f"{facilitator_markup(facilitator)} · facilitator",
        "turn": turn,
        "rule": f"[b]Rule:[/] {escape(rule)}" if rule else "",
        "prompts": "\n".join(f"• {escape(p)}" for p in prompts[:4]),
        "heat": (
            f"[b]{escape(heat.title)}[/] ({escape(heat.reason)})\n{escape(heat.stop)}\n{escape(heat.professional)}"
            if heat else ""
        ),
        "notes": escape(guide.notes),
    }


class FacilitatorPanel(VerticalScroll):
    """A column for the friend in the room (shown only in facilitated check-ins)."""

    DEFAULT_CSS = """
    FacilitatorPanel {
        width: 34;
        max-width: 45%;
        height: 100%;
        padding: 0 1;
        border-left: tall $primary 30%;
    }
    FacilitatorPanel > Static {
        margin-bottom: 1;
    }
    FacilitatorPanel > Horizontal {
        height: auto;
        margin-bottom: 1;
    }
    FacilitatorPanel Button {
        width: auto;
        min-width: 0;
        margin-right: 1;
    }
    FacilitatorPanel #fac-heat-box {
        height: auto;
        color: $warning;
        border: round $warning 60%;
        padding: 0 1;
        margin-bottom: 1;
    }
    FacilitatorPanel #fac-heat-box Static {
        margin-bottom: 1;
    }
    FacilitatorPanel #fac-note {
        width: 100%;
        margin-bottom: 0;
    }
    FacilitatorPanel #fac-notes {
        color: $foreground 60%;
        text-style: italic;
    }
    """

    def __init__(self, facilitator: Facilitator, names: dict[str, str], **kwargs: Any) -> None:
        super().__init__(can_focus=False, **kwargs)
        self.facilitator = facilitator
        self.names = names

    def compose(self) -> ComposeResult:
        yield Static("", id="fac-who")
        yield Static("", id="fac-turn")
        with Horizontal(id="fac-calls"):
            yield self._button("Call a pause", "fac-pause", "screen.friend_pause")
            yield self._button("Call a break", "fac-break", "screen.friend_break")
        with VerticalScroll(id="fac-heat-box", can_focus=False):
            yield Static("", id="fac-heat")
            yield self._button("Stop for today", "fac-stop", "screen.stop_for_today")
        for part in ("rule", "prompts"):
            yield Static("", id=f"fac-{part}")
        yield SteadyInput(placeholder="An agreement or an action item", id="fac-note", compact=True, max_length=500)
        with Horizontal(id="fac-note-buttons"):
            yield self._button("Agreed", "fac-agreement", "screen.friend_agreement")
            yield self._button("Action item", "fac-action", "screen.friend_action")
        yield Static("", id="fac-notes")

    @staticmethod
    def _button(label: str, ident: str, action: str) -> Button:
        button = Button(label, id=ident, compact=True, action=action)
        button.can_focus = False  # keys stay with the talk (typing always writes)
        return button

    @property
    def note_input(self) -> Input:
        return self.query_one("#fac-note", Input)

    def show(self, state: Any) -> None:
        for part, text in panel_lines(state, self.facilitator, self.names).items():
            widget = self.query_one(f"#fac-{part}", Static)
            widget.display = bool(text)
            if part == "heat":
                self.query_one("#fac-heat-box").display = bool(text)
            widget.update(text)
