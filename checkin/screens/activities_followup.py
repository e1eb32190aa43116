"""Did you do it? After a planned day: yes or no, and if yes, how it went for each of you (1-5).

Dismisses with {"done": bool, "rating_a": int | None, "rating_b": int | None}, or None for "ask
me later". The caller records it with ``record_outcome`` and saves.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, Static

from ..core.hobby_service import HobbyData, save_outcome
from ..core.model import partner_names
from ..core.plans import describe_day
from ..core.solo import is_solo
from ..errors import Refusal
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import partner_markup
from .base import CheckinModal

SCORE_WORDS = {1: "badly", 2: "not great", 3: "OK", 4: "well", 5: "wonderfully"}


class ActivityFollowupScreen(CheckinModal[dict[str, Any] | None]):
    """Ask about one plan whose day has passed."""

    BINDINGS = [
        Binding("y", "yes", "We did it", tooltip="Yes, we did it", id="followup.yes"),
        Binding("n", "no", "Not this time", tooltip="No, it didn't happen", id="followup.no"),
        *[
            Binding(str(n), f"score({n})", str(n), tooltip=f"It went {SCORE_WORDS[n]}", id=f"followup.score_{n}",
                    show=False)
            for n in range(1, 6)
        ],
        Binding("ctrl+s", "save", "Save", tooltip="Save how it went", id="followup.save"),
        Binding("escape", "later", "Ask later", tooltip="Ask again another time", id="followup.later"),
    ]

    def __init__(self, plan: dict[str, Any], name: str, today: date) -> None:
        super().__init__(classes="modal")
        self.plan = plan
        self.activity_name = name
        self.today = today
        self.scores: dict[str, int | None] = {"a": None, "b": None}
        self.asking = "done"

    def compose(self) -> ComposeResult:
        names = partner_names(self.app.couple)
        when = describe_day(self.plan["day"], self.today)
        with Vertical(classes="dialog", id="followup-dialog"):
            yield Static(
                f"[b]{escape(self.activity_name)}[/] was planned for {when}. Did you do it?", classes="dialog-text"
            )
            with ContentSwitcher(initial="followup-done", id="followup-steps"):
                with Horizontal(id="followup-done", classes="buttons"):
                    yield Button("Yes, we did (y)", variant="primary", id="f-yes", action="screen.yes")
                    yield Button("Not this time (n)", id="f-no", action="screen.no")
                    yield Button("Ask later", id="f-later", action="screen.later")
                with Vertical(id="followup-scores"):
                    yield Static(
                        f"How did it go for {'you' if self.solo else 'each of you'}? 1 is badly, 5 is wonderfully.",
                        classes="hint",
                    )
                    for p in self.partners:
                        with Horizontal(classes="score-row"):
                            yield Static(partner_markup(names[p], p), classes="score-name")
                            for n in range(1, 6):
                                yield Button(str(n), id=f"score-{p}-{n}", compact=True, classes="score",
                                             action=f"screen.score_for('{p}', {n})")
                    yield Static("", id="score-said", classes="hint")
                    with Horizontal(classes="buttons"):
                        yield Button("Save", variant="primary", id="f-save", action="screen.save")
                        yield Button("Back", id="f-back", action="screen.later")
        yield KeysFooter()

    @property
    def solo(self) -> bool:
        return is_solo(self.app.couple)

    @property
    def partners(self) -> str:
        """Whose "how did it go" is asked: only the one person while there is one name."""
        return "a" if self.solo else "ab"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("yes", "no"):
            return self.asking == "done"
        if action in ("score", "save"):
            return self.asking == "scores"
        return True

    def _show(self, step: str) -> None:
        self.asking = step
        self.query_one(ContentSwitcher).current = f"followup-{step}"
        self._draw_scores()
        self.refresh_bindings()

    def _draw_scores(self) -> None:
        names = partner_names(self.app.couple)
        for p in self.partners:
            for n in range(1, 6):
                self.query_one(f"#score-{p}-{n}", Button).set_class(self.scores[p] == n, "-chosen")
        said = [
            f"{partner_markup(names[p], p)}: {SCORE_WORDS[s]}"
            for p in self.partners
            if (s := self.scores[p]) is not None
        ]
        waiting = next((p for p in self.partners if self.scores[p] is None), None)
        if waiting is not None:
            said.append(f"{partner_markup(names[waiting], waiting)}, press 1-5 or pick a number.")
        self.query_one("#score-said", Static).update("  ".join(said))

    def action_yes(self) -> None:
        self._show("scores")

    def action_no(self) -> None:
        self.dismiss({"done": False, "rating_a": None, "rating_b": None})

    def action_later(self) -> None:
        if self.asking == "scores":
            self._show("done")
            return
        self.dismiss(None)

    def action_score(self, n: int) -> None:
        """Keys 1-5 answer for whoever has not answered yet, the first partner first."""
        waiting = next((p for p in self.partners if self.scores[p] is None), self.partners[-1])
        self.scores[waiting] = n
        self._draw_scores()

    def action_score_for(self, partner: str, n: int) -> None:
        """A number button: that partner's answer."""
        self.scores[partner] = n
        self._draw_scores()

    def action_save(self) -> None:
        self.dismiss({"done": True, "rating_a": self.scores["a"], "rating_b": self.scores["b"]})


def notify_outcome(widget: Any, data: HobbyData, plan_id: str, answer: dict[str, Any]) -> bool:
    """Record a follow-up answer and thank the couple; a refused answer is shown gently."""
    try:
        thanks = save_outcome(data, plan_id, answer)
    except Refusal as refusal:
        widget.notify(str(refusal), severity="warning", markup=False)
        return False
    widget.notify(thanks)
    return True
