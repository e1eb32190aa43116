"""Ground rules: the facilitator reads them aloud, and each partner agrees with their own key.

Opens a check-in with a friend in the room (facilitator mode). It returns True once both have
agreed, None when they go back.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..core.facilitator import Agreement, Facilitator, load_guide
from ..core.model import partner_names
from ..widgets.facilitator import facilitator_markup
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import with_descriptions
from ..widgets.title_bar import TitleBar
from .base import CheckinScreen


class GroundRulesScreen(CheckinScreen[bool | None]):
    """The ground rules for a facilitated check-in; both partners agree before it starts."""

    BINDINGS = [
        Binding("1", "agree('a')", "First agrees", tooltip="The first of you agrees to the ground rules",
                id="rules.agree_a"),
        Binding("2", "agree('b')", "Second agrees", tooltip="The second of you agrees to the ground rules",
                id="rules.agree_b"),
        Binding("escape", "back", "Back", tooltip="Back, without starting", id="rules.back"),
    ]

    def __init__(self, facilitator: Facilitator) -> None:
        super().__init__()
        self.facilitator = facilitator
        self.agreement = Agreement()

    def compose(self) -> ComposeResult:
        guide = load_guide()
        names = partner_names(self.app.couple)
        yield TitleBar()
        with VerticalScroll(id="rules-page"), Center(), Vertical(classes="card", id="rules-card"):
            yield Static("Ground rules", classes="title")
            yield Static(
                f"{facilitator_markup(self.facilitator)}: {escape(guide.intro)}", id="rules-intro", classes="lead"
            )
            yield Static(
                "\n".join(f"{n}. {escape(rule)}" for n, rule in enumerate(guide.ground_rules, start=1)),
                id="rules-list",
            )
            with Horizontal(classes="buttons", id="rules-buttons"):
                for partner in ("a", "b"):
                    key = "1" if partner == "a" else "2"
                    yield Button(
                        f"{names[partner]} agrees", id=f"agree-{partner}", compact=True,
                        action=f"screen.agree('{partner}')",
                        tooltip=f"{names[partner]} agrees ({key})", classes=f"partner-{partner}-agree",
                    )
                yield Button("Back", id="rules-back", compact=True, tooltip="Back, without starting (esc)",
                             action="screen.back")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._show_status()

    def _show_status(self) -> None:
        names = partner_names(self.app.couple)
        for partner in ("a", "b"):
            done = self.agreement.agreed[partner]
            button = self.query_one(f"#agree-{partner}", Button)
            button.label = f"✓ {names[partner]} agreed" if done else f"{names[partner]} agrees"
            button.disabled = done
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "agree" and parameters and self.agreement.agreed.get(str(parameters[0])):
            return None  # shown greyed: already agreed
        return True

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # The footer names each partner rather than "first" and "second".
        names = partner_names(self.app.couple)
        return with_descriptions(
            super().active_bindings, {"1": f"{names['a']} agrees", "2": f"{names['b']} agrees"}
        )

    def action_agree(self, partner: str) -> None:
        if self.agreement.agreed.get(partner):
            return
        if self.agreement.agree(partner):
            self._show_status()
            self.dismiss(True)
            return
        self._show_status()

    def action_back(self) -> None:
        self.dismiss(None)
