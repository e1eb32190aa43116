"""The facilitator's panel beside the talk: whose turn, time left, the rule in force, prompts.

It draws only from the check-in's state (``CheckinState``), the facilitator and the guide, so the
talk screen calls :meth:`FacilitatorPanel.show` on each repaint. When the heat-up rule fires (two
breaks, or both not up for a hard topic) it adds a gentle suggestion to stop for today and that a
professional can help.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ..core.facilitator import Facilitator, Guide, load_guide, state_heat
from .facilitator import facilitator_markup
from .markup import escape
from .partner import partner_markup


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


class FacilitatorPanel(Vertical):
    """A column for the friend in the room (shown only in facilitated check-ins)."""

    DEFAULT_CSS = """
    FacilitatorPanel {
        width: 34;
        height: 100%;
        padding: 0 1;
        border-left: tall $primary 30%;
    }
    FacilitatorPanel > Static {
        margin-bottom: 1;
    }
    FacilitatorPanel #fac-heat {
        color: $warning;
        border: round $warning 60%;
        padding: 0 1;
    }
    FacilitatorPanel #fac-notes {
        color: $foreground 60%;
        text-style: italic;
    }
    """

    def __init__(self, facilitator: Facilitator, names: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.facilitator = facilitator
        self.names = names

    def compose(self) -> ComposeResult:
        for part in ("who", "turn", "rule", "prompts", "heat", "notes"):
            yield Static("", id=f"fac-{part}")

    def show(self, state: Any) -> None:
        for part, text in panel_lines(state, self.facilitator, self.names).items():
            widget = self.query_one(f"#fac-{part}", Static)
            widget.display = bool(text)
            widget.update(text)
