"""The shared hobby picker's hub: how far each of you has rated, what is planned, and the way to
rating, matches, ideas, a surprise, your own activities and "did you do it?".

Thin on purpose: the matching, veto, ranking and plans live in ``checkin.core.hobbies``. Every change
is saved at once through ``checkin.core.hobby_service.HobbyData``.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..core.hobby_service import HobbyData
from ..core.model import partner_names
from ..core.plans import describe_day, due_followups, upcoming_plans
from ..core.solo import ONE_PERSON_RATE, is_solo
from ..widgets.activity_block import ActivityBlockPanel
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import partner_markup, with_descriptions
from ..widgets.plan_banner import when_words as plan_words
from ..widgets.title_bar import TitleBar
from .activities_followup import ActivityFollowupScreen, notify_outcome
from .base import CheckinScreen


def rated_words(data: HobbyData, partner: str) -> str:
    shown = data.shown
    ids = {activity.id for activity in shown}
    rated = sum(1 for i in data.state.ratings(partner) if i in ids)
    skipped = sum(1 for i in data.state.skipped(partner) if i in ids and i not in data.state.ratings(partner))
    if rated == 0 and not skipped:
        return "not started yet"
    text = f"{rated} of {len(shown)} rated"
    if rated == len(shown):
        text = f"all {rated} rated"
    if skipped:
        text += f", {skipped} skipped"
    return text


class ActivitiesScreen(CheckinScreen[None]):
    """Things to do together: rate blind, see what matched, pick, plan and follow up."""

    BINDINGS = [
        Binding("1", "rate('a')", "First rates", tooltip="The first of you rates, blind", id="activities.rate_a"),
        Binding("2", "rate('b')", "Second rates", tooltip="The second of you rates, blind", id="activities.rate_b"),
        Binding("m", "matches", "Matches", tooltip="See what matched for you both", id="activities.matches"),
        Binding("i", "ideas", "Ideas", tooltip="Suggestions, best first, with filters", id="activities.ideas",
                show=False),
        Binding("s", "surprise", "Surprise us", tooltip="A pick among your best matches", id="activities.surprise"),
        Binding("n", "add", "Add your own", tooltip="Add an activity of your own", id="activities.add", show=False),
        Binding("f", "followup", "Did you do it?", tooltip="Tell us how a plan went", id="activities.followup"),
        Binding("x", "cancel_plan", "Cancel plan", tooltip="Call off the next plan", id="activities.cancel_plan",
                show=False),
        Binding("escape", "back", "Back", tooltip="Back to where you were (all is saved)", id="activities.back"),
    ]

    def __init__(self, checkin_id: str | None = None) -> None:
        super().__init__()
        self.checkin_id = checkin_id
        self.data: HobbyData | None = None

    def compose(self) -> ComposeResult:
        names = partner_names(self.app.couple)
        yield TitleBar()
        with VerticalScroll(id="hobby-hub"), Center(), Vertical(classes="card", id="hobby-card"):
            yield Static("Things to do together", classes="title")
            lead = (
                "Plans you make now are kept with this check-in."
                if self.checkin_id
                else ONE_PERSON_RATE
                if self.solo
                else "Rate on your own, then see what you both enjoy."
            )
            yield Static(f"{lead} A \"hate\" is a veto.", classes="lead", id="hobby-lead")
            yield Static("", id="hobby-progress")
            yield Static("", id="hobby-plans", classes="banner")
            with Horizontal(id="hobby-followup-row", classes="banner"):
                yield Static("", id="hobby-followup-text")
                yield Button("Tell us (f)", id="hobby-followup", action="screen.followup", compact=True,
                             variant="primary")
            with Horizontal(classes="hobby-buttons"):
                yield Button(f"{partner_markup(names['a'], 'a')} rates (1)", id="hobby-rate-a",
                             action="screen.rate('a')")
                yield Button(f"{partner_markup(names['b'], 'b')} rates (2)", id="hobby-rate-b",
                             action="screen.rate('b')")
                yield Button("Matches (m)", id="hobby-matches", variant="primary", action="screen.matches")
            with Horizontal(classes="hobby-buttons", id="hobby-second-row"):
                yield Button("Ideas (i)", id="hobby-ideas", action="screen.ideas")
                yield Button("Surprise me (s)" if self.solo else "Surprise us (s)", id="hobby-surprise",
                             action="screen.surprise")
                yield Button("Add your own (n)", id="hobby-add", action="screen.add")
            with Horizontal(id="hobby-small-row"):
                yield Static("", id="hobby-hidden-text")
                yield Button("Show them again", id="hobby-unhide", compact=True, action="screen.unhide_all")
                yield Button("Cancel next plan (x)", id="hobby-cancel-plan", compact=True, action="screen.cancel_plan")
                yield Button("Back", id="hobby-back", compact=True, action="screen.back")
        yield KeysFooter()

    @property
    def solo(self) -> bool:
        """Only one name so far: the screen speaks to one person, who rates their side now."""
        return is_solo(self.app.couple)

    def on_mount(self) -> None:
        self.query_one("#hobby-rate-b").display = not self.solo
        self.data = HobbyData(self.app.repo, self.app.clock)
        for problem in self.data.problems:
            self.notify(problem, title="Activity list", severity="error", timeout=10, markup=False)
        self.refresh_view()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.data = HobbyData(self.app.repo, self.app.clock)
            self.refresh_view()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # The footer names each partner rather than "first" and "second".
        names = partner_names(self.app.couple)
        words = {"1": f"{names['a']} rates", "2": f"{names['b']} rates"}
        if self.solo:
            words["s"] = "Surprise me"
        return with_descriptions(super().active_bindings, words)

    def refresh_view(self) -> None:
        data = self.data
        if data is None:
            return
        names = partner_names(self.app.couple)
        today = data.today
        progress = [f"{partner_markup(names[p], p)}: {rated_words(data, p)}" for p in ("a" if self.solo else "ab")]
        if self.solo:
            progress.append("Your partner: later, still blind")
        self.query_one("#hobby-progress", Static).update("   ".join(progress))
        plans = upcoming_plans(data.state, today)
        plans_box = self.query_one("#hobby-plans", Static)
        plans_box.display = bool(plans)
        if plans:
            lines = [
                f"Planned: [b]{escape(data.name_of(p['activity_id']))}[/] — {plan_words(p, today)}" for p in plans[:3]
            ]
            plans_box.update("\n".join(lines))
        due = due_followups(data.state, today)
        row = self.query_one("#hobby-followup-row")
        row.display = bool(due)
        if due:
            first = due[0]
            more = f" (and {len(due) - 1} more)" if len(due) > 1 else ""
            self.query_one("#hobby-followup-text", Static).update(
                f"[b]{escape(data.name_of(first['activity_id']))}[/] was planned for "
                f"{describe_day(first['day'], today)}. Did you do it?{more}"
            )
        hidden = [i for i in data.state.hidden if i in data.by_id()]
        self.query_one("#hobby-hidden-text", Static).update(
            f"{len(hidden)} hidden from your list." if hidden else ""
        )
        self.query_one("#hobby-unhide").display = bool(hidden)
        self.query_one("#hobby-cancel-plan").display = bool(plans)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate" and parameters == ("b",) and self.solo:
            return False  # one person: there is no second side to rate yet
        if action == "followup":
            return bool(self.data and due_followups(self.data.state, self.data.today))
        if action == "cancel_plan":
            return bool(self.data and upcoming_plans(self.data.state, self.data.today))
        return True

    # -- actions --------------------------------------------------------------------------

    def action_rate(self, partner: str) -> None:
        from .activities_rate import ActivityRateScreen

        if self.check_action("rate", (partner,)) is False:
            return

        def finished(result: str | None) -> None:
            if result == "reveal":
                self.action_matches()

        self.app.push_screen(ActivityRateScreen(partner), finished)

    def action_matches(self) -> None:
        from .activities_matches import ActivityMatchesScreen

        self.app.push_screen(ActivityMatchesScreen(tab="reveal", checkin_id=self.checkin_id))

    def action_ideas(self) -> None:
        from .activities_matches import ActivityMatchesScreen

        self.app.push_screen(ActivityMatchesScreen(tab="ideas", checkin_id=self.checkin_id))

    def action_surprise(self) -> None:
        from .activities_matches import ActivityMatchesScreen

        self.app.push_screen(ActivityMatchesScreen(tab="ideas", checkin_id=self.checkin_id, surprise=True))

    def action_add(self) -> None:
        from .activities_custom import ActivityEditScreen

        data = self.data
        if data is None:
            return

        def added(entry: dict[str, Any] | None) -> None:
            if entry is None or self.data is None:
                return
            self.data.keep_custom(entry)
            later = (
                "Rate it next time you rate; your partner can too, later."
                if self.solo
                else "You can both rate it next time you rate."
            )
            self.notify(f"Added {entry['name']}. {later}", markup=False)
            self.refresh_view()

        self.app.push_screen(ActivityEditScreen(None, taken=[a.id for a in data.catalogue]), added)

    def action_followup(self) -> None:
        data = self.data
        if data is None:
            return
        due = due_followups(data.state, data.today)
        if not due:
            self.notify("Nothing to look back on just now.")
            return
        first = due[0]
        self.app.push_screen(
            ActivityFollowupScreen(first, data.name_of(first["activity_id"]), data.today),
            lambda answer: self._answered(first["id"], answer),
        )

    def _answered(self, plan_id: str, answer: dict[str, Any] | None) -> None:
        if answer is None or self.data is None:
            return
        self.data = HobbyData(self.app.repo, self.app.clock)
        notify_outcome(self, self.data, plan_id, answer)
        self.refresh_view()

    def action_cancel_plan(self) -> None:
        from .confirm import ConfirmScreen

        data = self.data
        plans = upcoming_plans(data.state, data.today) if data else []
        if data is None or not plans:
            return
        first = plans[0]
        name = data.name_of(first["activity_id"])

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            self.data = HobbyData(self.app.repo, self.app.clock)
            self.data.state.cancel_plan(first["id"])
            self.data.save()
            self.notify(f"{name} is off the plan. It can come up again in your ideas.", markup=False)
            self.refresh_view()

        self.app.push_screen(
            ConfirmScreen(
                f"Call off [b]{escape(name)}[/], {plan_words(first, data.today)}?",
                yes="Call it off",
                no="Keep it",
            ),
            answer,
        )

    def action_back(self) -> None:
        self.dismiss(None)

    def action_unhide_all(self) -> None:
        if self.data is None:
            return
        count = len(self.data.state.hidden)
        self.data.state.hidden = []
        self.data.save()
        self.notify(
            f"{count} {'activity is' if count == 1 else 'activities are'} back in your list.", markup=False
        )
        self.refresh_view()


class ActivityBlockHost(CheckinScreen[None]):
    """Base of a screen that shows the check-in's "plan good times" block (the talk screen): the
    block asks with a message and this opens the hobby picker or the "did you do it?" question."""

    def on_activity_block_panel_pick_requested(self, message: ActivityBlockPanel.PickRequested) -> None:
        message.stop()
        panel = message.panel
        self.app.push_screen(ActivitiesScreen(checkin_id=message.checkin_id), lambda _result: panel.reload())

    def on_activity_block_panel_followup_requested(self, message: ActivityBlockPanel.FollowupRequested) -> None:
        message.stop()
        panel = message.panel
        data = HobbyData(self.app.repo, self.app.clock)
        due = due_followups(data.state, data.today)
        if not due:
            return
        first = due[0]

        def answered(answer: dict[str, Any] | None) -> None:
            if answer is None:
                return
            notify_outcome(panel, HobbyData(self.app.repo, self.app.clock), first["id"], answer)
            panel.reload()

        self.app.push_screen(ActivityFollowupScreen(first, data.name_of(first["activity_id"]), data.today), answered)
