"""The end of a check-in: time per part, who talked how much, ratings before and after,
and the new action items."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..core.session import CheckinSession
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import partner_markup
from ..widgets.title_bar import TitleBar
from .base import CheckinScreen


def share_bar(share: dict[str, int], names: dict[str, str], width: int = 40) -> str:
    """'Ana 55% ██████░░░░ 45% Bo' with each side in the partner's colour."""
    a = round(width * share.get("a", 0) / 100)
    return (
        f"{partner_markup(names['a'], 'a')} {share.get('a', 0)}% "
        f"[$partner-a]{'█' * a}[/][$partner-b]{'█' * (width - a)}[/] "
        f"{share.get('b', 0)}% {partner_markup(names['b'], 'b')}"
    )


def _rating(r: dict[str, Any] | None) -> str:
    return f"mood {r['mood']}, connection {r['connection']}" if r else "not rated"


class SummaryScreen(CheckinScreen[None]):
    """What the session made of the finished check-in (it is already in history)."""

    BINDINGS = [Binding("escape,enter", "done", "Done", tooltip="Back to home", id="summary.done")]

    def __init__(self, session: CheckinSession) -> None:
        super().__init__()
        if session.summary is None:
            raise ValueError("The summary is shown once the check-in is finished.")
        self.result: dict[str, Any] = session.summary
        self.names = session.names or {"a": "A", "b": "B"}

    def compose(self) -> ComposeResult:
        r, names = self.result, self.names
        yield TitleBar()
        with VerticalScroll(id="summary"):
            with Center():
                with Vertical(classes="card", id="summary-card"):
                    ended = "Well done, you finished" if r["status"] == "completed" else "You ended early"
                    yield Static(f"{ended}: thank you both.", classes="title")
                    talked = sum(r["talk"].values()) > 0
                    lines = [t for t in r.get("text", []) if not (talked and t.startswith("Talking time:"))]
                    yield Static("\n".join(escape(t) for t in lines), classes="lead")  # the bar says the rest
                    if sum(r["talk"].values()) > 0:
                        yield Static("Talking time", classes="field-label")
                        yield Static(share_bar(r["talk_share"], names), id="share")
                    yield Static("Ratings before → after", classes="field-label")
                    for p in "ab":
                        before = r["ratings_before"].get(p) if r["ratings_before"] else None
                        after = r["ratings_after"].get(p) if r["ratings_after"] else None
                        yield Static(f"{partner_markup(names[p], p)}: {_rating(before)} → {_rating(after)}")
                    yield Static("Time per part (used / planned minutes)", classes="field-label")
                    lines = [
                        f"{escape(b['title']):<28} {round(b['used'] / 60):>3} / {round(b['planned'] / 60)}"
                        for b in r["blocks"]
                    ]
                    yield Static("\n".join(lines), id="block-times")
                    yield Static("New action items", classes="field-label")
                    actions = r.get("actions") or []
                    if not actions:
                        yield Static("None this week.", classes="hint")
                    for a in actions:
                        who = "both" if a["owner"] == "both" else partner_markup(names[a["owner"]], a["owner"])
                        yield Static(f"• {escape(a['text'])} — {who}, by {a['due']}")
                    planned = self.planned_lines()
                    if planned:
                        yield Static("Planned together", classes="field-label")
                        yield Static("\n".join(planned), id="planned")
                    if r.get("parked"):
                        yield Static("Parked for next week", classes="field-label")
                        for p in r["parked"]:
                            yield Static(f"• {escape(p['text'])}")
                    with Horizontal(classes="buttons"):
                        yield Button("Done", variant="primary", id="done")
        yield KeysFooter()

    def planned_lines(self) -> list[str]:
        """The good times planned at this check-in (or coming up this week), so the summary
        leaves nothing out."""
        from ..core.catalogue import load_catalogue
        from ..core.hobbies import HobbyState, local_today
        from ..core.plans import upcoming_plans
        from ..widgets.plan_banner import activity_name, when_words

        try:
            state = HobbyState.from_dict(self.app.repo.section("hobbies"))
        except (AttributeError, KeyError, TypeError, ValueError):
            return []
        today = local_today(self.app.clock)
        plans = upcoming_plans(state, today)
        ours = [p for p in plans if p.get("checkin_id") == self.result.get("id")] or plans[:1]
        catalogue, _problems = load_catalogue(state.custom)
        return [
            f"• [b]{escape(activity_name(p['activity_id'], catalogue))}[/] — {escape(when_words(p, today))}"
            for p in ours[:3]
        ]

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        self.app.pop_screen()
