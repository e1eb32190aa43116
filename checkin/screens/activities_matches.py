"""What matched, and ideas for what to do: the reveal, ranked suggestions with filters, and a
seeded "Surprise us" with re-roll. From an idea you can plan it, edit it or hide it.

Vetoed activities (a "hate" from either partner) never reach this screen: ``rank`` leaves them out,
and the reveal shows only how many there are, never which or who.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, OptionList, Select, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from ..core.catalogue import FILTER_WORDS, Filters
from ..core.hobbies import Suggestion, rank, reveal, surprise
from ..core.hobby_service import HobbyData
from ..core.model import partner_names
from ..core.solo import ONE_PERSON_MATCHES, ONE_PERSON_SHORT, is_solo, one_person_reason
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import partner_markup, with_descriptions
from ..widgets.title_bar import TitleBar
from .activities_rate import tags_line
from .base import CheckinScreen

REVEAL_TITLES = {
    "both-love": "You both love",
    "love-like": "One of you loves, the other likes",
    "both-like": "You both like",
    "love-meh": "One of you loves, the other doesn't mind",
    "like-meh": "One of you likes, the other doesn't mind",
    "both-meh": "Fine for you both",
}
SHORT_MATCH = {
    "both-love": "both love",
    "love-like": "love + like",
    "both-like": "both like",
    "love-new": "love + new",
    "like-new": "like + new",
    "new": "new to you both",
    "love-meh": "love + meh",
    "like-meh": "like + meh",
    "meh-new": "meh + new",
    "both-meh": "both meh",
}
FILTER_PROMPTS = {"cost": "Any cost", "time": "Any length", "place": "In or out", "energy": "Calm or active"}


def reveal_text(data: HobbyData, names: dict[str, str]) -> str:
    """The reveal in words: each kind of match with its activities, and only a count of the vetoed."""
    state = data.state
    shown = data.shown
    result = reveal(shown, state.ratings_a, state.ratings_b)
    a, b = partner_markup(names["a"], "a"), partner_markup(names["b"], "b")
    if not names["b"].strip():  # one person so far
        return ONE_PERSON_MATCHES + "\nIdeas (i) shows what you would enjoy, and Surprise me (s) picks one."
    if not result["both_rated"]:
        return (
            f"Nothing to show yet. When {a} and {b} have both rated a few of the same ideas, "
            "what you have in common shows up here."
        )
    lines = [f"{a} and {b} have both rated {result['both_rated']} ideas. Here is what matched.", ""]
    for group, title in REVEAL_TITLES.items():
        members = result["groups"][group]
        if members:
            lines.append(f"[b $primary]{title}[/] ({len(members)})")
            lines.append("  " + " · ".join(escape(m.name) for m in members))
    vetoed = result["counts"]["vetoed"]
    lines.append("")
    if vetoed:
        lines.append(
            f"[dim]{vetoed} set aside, because one of you would rather not. "
            f"{'It' if vetoed == 1 else 'They'} will not be suggested.[/]"
        )
    lines.append("Ideas (i) puts them in order, and Surprise us (s) picks one for you.")
    return "\n".join(lines)


def suggestion_prompt(s: Suggestion, solo: bool = False) -> str:
    mine = " [i](yours)[/]" if s.activity.custom else ""
    short = (ONE_PERSON_SHORT if solo else {}).get(s.match) or SHORT_MATCH.get(s.match, "")
    return f"{escape(s.activity.name)}{mine}  [dim]{short}[/]"


class ActivityMatchesScreen(CheckinScreen[None]):
    """The reveal and the ideas, with filters and a surprise pick."""

    BINDINGS = [
        Binding("v", "show_tab('reveal')", "Matched", tooltip="What you both enjoy", id="matches.matched",
                show=False),
        Binding("i", "show_tab('ideas')", "Ideas", tooltip="Suggestions, best first", id="matches.ideas", show=False),
        Binding("s", "surprise", "Surprise us", tooltip="A pick among your best matches", id="matches.surprise"),
        Binding("p", "plan", "Plan it", tooltip="Choose a day for the highlighted idea", id="matches.plan"),
        Binding("t", "toggle_new", "Try new", tooltip="Include ideas one of you has not rated", id="matches.try_new"),
        Binding("e", "edit", "Edit", tooltip="Change the highlighted idea", id="matches.edit", show=False),
        Binding("h", "hide", "Hide", tooltip="Never show the highlighted idea again", id="matches.hide",
                show=False),
        Binding("escape", "back", "Back", tooltip="Back (everything is saved)", id="matches.back"),
    ]

    def __init__(
        self, tab: str = "reveal", checkin_id: str | None = None, *, surprise: bool = False, seed: int | None = None
    ) -> None:
        super().__init__()
        self.initial_tab = tab
        self.checkin_id = checkin_id
        self.surprise_first = surprise
        self.seed = seed
        self.rolls = 0
        self.picked: list[str] = []  # earlier surprise picks, not drawn again until all have been
        self.data: HobbyData | None = None
        self.suggestions: list[Suggestion] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with TabbedContent(initial=self.initial_tab, id="matches-tabs"):
            with TabPane("What matched (v)", id="reveal"), VerticalScroll(id="reveal-scroll"):
                yield Static("", id="reveal-text")
            with TabPane("Ideas (i)", id="ideas"), Vertical(id="ideas-body"):
                with Horizontal(id="filters"):
                    for name, prompt in FILTER_PROMPTS.items():
                        options = [(word, value) for value, word in FILTER_WORDS[name].items()]
                        yield Select(options, prompt=prompt, id=f"filter-{name}", compact=True)
                with Horizontal(id="ideas-count-row"):
                    yield Static("", id="ideas-count")
                    yield Checkbox("Try something new (t)", id="try-new", compact=True)
                yield Static("", id="surprise-banner")
                yield OptionList(id="ideas-list")
                yield Static("", id="idea-detail")
                with Horizontal(id="ideas-buttons"):
                    yield Button("Plan it (p)", id="b-plan", variant="primary", compact=True, action="screen.plan")
                    yield Button("Surprise us (s)", id="b-surprise", compact=True, action="screen.surprise")
                    yield Button("Edit (e)", id="b-edit", compact=True, action="screen.edit")
                    yield Button("Hide (h)", id="b-hide", compact=True, action="screen.hide")
                    yield Button("Back", id="b-back", compact=True, action="screen.back")
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.seed is None:
            self.seed = int(self.app.clock.now().timestamp())
        for button in self.query("#ideas-buttons Button"):
            button.can_focus = False
        self.data = HobbyData(self.app.repo, self.app.clock)
        if self.solo:
            # One person: nothing is shared yet, so ideas include what only they have rated.
            self.query_one("#try-new", Checkbox).value = True
            self.query_one("#b-surprise", Button).label = "Surprise me (s)"
        self.refresh_all()
        if self.surprise_first:
            self.action_surprise()
        elif self.initial_tab == "ideas":
            self.query_one("#ideas-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.data = HobbyData(self.app.repo, self.app.clock)
            self.refresh_all()

    # -- drawing ------------------------------------------------------------------------------

    @property
    def filters(self) -> Filters:
        chosen: dict[str, frozenset[str]] = {}
        for name in FILTER_PROMPTS:
            value = self.query_one(f"#filter-{name}", Select).value
            if isinstance(value, str):
                chosen[name] = frozenset([value])
        return Filters(**chosen)

    @property
    def solo(self) -> bool:
        """Only one name so far: words for one person, never "both of you"."""
        return is_solo(self.app.couple)

    def reason(self, s: Suggestion) -> str:
        return one_person_reason(s.match, s.reason) if self.solo else s.reason

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return with_descriptions(super().active_bindings, {"s": "Surprise me"} if self.solo else {})

    @property
    def try_new(self) -> bool:
        return self.query_one("#try-new", Checkbox).value

    def refresh_all(self) -> None:
        if self.data is None:
            return
        self.query_one("#reveal-text", Static).update(reveal_text(self.data, partner_names(self.app.couple)))
        self.refresh_ideas()

    def refresh_ideas(self, highlight: str | None = None) -> None:
        data = self.data
        if data is None:
            return
        ideas = self.query_one("#ideas-list", OptionList)
        current = ideas.highlighted_option
        keep = highlight or (current.id if current else None)
        self.suggestions = rank(data.shown, data.state, self.filters, self.try_new, today=data.today)
        ideas.set_options([Option(suggestion_prompt(s, self.solo), id=s.activity.id) for s in self.suggestions])
        ids = [s.activity.id for s in self.suggestions]
        if ids:
            ideas.highlighted = ids.index(keep) if keep in ids else 0
        count = len(ids)
        ideas.display = bool(count)  # a sentence says why, instead of an empty box
        if count:
            words = f"{count} {'idea' if count == 1 else 'ideas'} for you, best first"
        elif self.solo:
            words = (
                "Nothing fits these filters. Try fewer filters."
                if self.filters != Filters()
                else "Nothing to suggest yet. Rate a few ideas first; your partner rates later."
            )
        elif not self.try_new:
            words = "No shared favourites here yet. Rate some more, or try something new (t)."
        elif self.filters != Filters():
            words = "Nothing fits these filters. Try fewer filters."
        else:
            words = "No ideas left to suggest: the ones you both rated are vetoed, hidden or planned."
        self.query_one("#ideas-count", Static).update(words)
        self.show_detail()
        self.refresh_bindings()

    def highlighted(self) -> Suggestion | None:
        option = self.query_one("#ideas-list", OptionList).highlighted_option
        if option is None:
            return None
        return next((s for s in self.suggestions if s.activity.id == option.id), None)

    def show_detail(self) -> None:
        chosen = self.highlighted()
        detail = self.query_one("#idea-detail", Static)
        if chosen is None:
            detail.update("")
            return
        activity = chosen.activity
        detail.update(
            f"[b]{escape(activity.name)}[/]: {escape(activity.description)}\n"
            f"[i]{escape(self.reason(chosen))}[/] · [dim]{escape(tags_line(activity))}[/]"
        )

    @on(OptionList.OptionHighlighted, "#ideas-list")
    def highlighted_changed(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#ideas-list")
    def selected(self) -> None:
        self.action_plan()

    @on(Select.Changed)
    def filter_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.refresh_ideas()

    @on(Checkbox.Changed, "#try-new")
    def try_new_changed(self) -> None:
        self.refresh_ideas()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("plan", "edit", "hide"):
            tabs = self.query(TabbedContent)
            on_ideas = bool(tabs) and tabs.first().active == "ideas"
            return on_ideas and bool(self.suggestions)
        return True

    # -- actions ------------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "ideas":
            self.query_one("#ideas-list", OptionList).focus()
        self.refresh_bindings()

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self.refresh_bindings()

    def action_toggle_new(self) -> None:
        box = self.query_one("#try-new", Checkbox)
        box.value = not box.value

    def action_surprise(self) -> None:
        """A weighted pick among the best: the screen's seed plus the number of rolls, so it is exact."""
        self.action_show_tab("ideas")
        banner = self.query_one("#surprise-banner", Static)
        if not self.suggestions:
            banner.update("Nothing to pick from yet. Rate a few more, or try something new (t).")
            banner.add_class("-shown")
            return
        pick = surprise(self.suggestions, seed=(self.seed or 0) + self.rolls, exclude=self.picked)
        if pick is None:  # every good one has come up: start again
            self.picked.clear()
            pick = surprise(self.suggestions, seed=(self.seed or 0) + self.rolls)
        if pick is None:
            return
        self.rolls += 1
        self.picked.append(pick.activity.id)
        ideas = self.query_one("#ideas-list", OptionList)
        ideas.highlighted = [s.activity.id for s in self.suggestions].index(pick.activity.id)
        banner.update(
            f"How about [b]{escape(pick.activity.name)}[/]? {escape(self.reason(pick))}. "
            "Plan it (p), or another one (s)."
        )
        banner.add_class("-shown")
        self.query_one("#b-surprise", Button).label = "Another one (s)"
        self.show_detail()

    def action_plan(self) -> None:
        from .activities_plan import ActivityPlanScreen

        chosen, data = self.highlighted(), self.data
        if chosen is None or data is None:
            return

        def planned(new_plan: dict[str, Any] | None) -> None:
            if new_plan is None or self.data is None:
                return
            self.data = HobbyData(self.app.repo, self.app.clock)
            self.data.state.add_plan(new_plan)
            self.data.save()
            from ..widgets.plan_banner import when_words as plan_words

            self.notify(f"Planned: {chosen.activity.name}, {plan_words(new_plan, self.data.today)}.", markup=False)
            self.query_one("#surprise-banner", Static).remove_class("-shown")
            self.refresh_all()

        self.app.push_screen(ActivityPlanScreen(chosen.activity, data.today, self.checkin_id), planned)

    def action_edit(self) -> None:
        from .activities_custom import ActivityEditScreen

        chosen = self.highlighted()
        if chosen is None or self.data is None:
            return

        def edited(entry: dict[str, Any] | None) -> None:
            if entry is None or self.data is None:
                return
            self.data.keep_custom(entry)
            self.notify(f"Saved {entry['name']}.", markup=False)
            self.refresh_all()

        self.app.push_screen(ActivityEditScreen(chosen.activity), edited)

    def action_hide(self) -> None:
        chosen = self.highlighted()
        if chosen is None or self.data is None:
            return
        self.data.state.hide(chosen.activity.id)
        self.data.save()
        self.notify(
            f"{chosen.activity.name} is hidden. \"Show them again\" on the first page brings it back.",
            markup=False,
        )
        self.refresh_all()

    def action_back(self) -> None:
        self.dismiss(None)
