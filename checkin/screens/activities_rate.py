"""Rating, blind: one partner at a time rates activities love / like / meh / hate.

Before each turn the other partner is asked to look away. Only the rating partner's own answers are
ever read here, so the other's never reach the screen. Every key is saved at once, so stopping at
any moment (or a crash) loses nothing, and the next turn continues where this one stopped.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from ..core.catalogue import TIME_LABELS, Activity, RatingSession
from ..core.hobbies import rating_session
from ..core.hobby_service import HobbyData, couple_order_seed
from ..core.model import partner_names
from ..core.solo import ONE_PERSON_RATE, is_solo
from ..widgets.footer import KeysFooter
from ..widgets.markup import escape
from ..widgets.partner import partner_markup, with_descriptions
from ..widgets.title_bar import TitleBar
from .base import CheckinScreen

RATING_WORDS = {"love": "Love", "like": "Like", "meh": "Meh", "hate": "Hate"}
RATING_KEYS = {"love": "1", "like": "2", "meh": "3", "hate": "4"}


def tags_line(activity: Activity) -> str:
    """ "outdoors · free · half a day · active · something new" in plain words, each word once. """
    place = "indoors" if activity.place == "indoor" else "outdoors"
    parts = [activity.category, activity.cost if activity.cost == "free" else f"{activity.cost} cost",
             TIME_LABELS.get(activity.time, activity.time), place, activity.energy]
    if activity.novel:
        parts.append("something new")
    return " · ".join(dict.fromkeys(parts))


class ActivityRateScreen(CheckinScreen[str | None]):
    """One partner rates, blind. ``partner`` is "a" or "b". Dismisses with "reveal" when the couple
    asks to see what matched, else None."""

    BINDINGS = [
        Binding("enter", "start", "Start", tooltip="Start rating (the other looks away)", id="rate.start"),
        Binding("1", "rate('love')", "Love", tooltip="I'd love to do this", id="rate.love"),
        Binding("2", "rate('like')", "Like", tooltip="I'd like to do this", id="rate.like"),
        Binding("3", "rate('meh')", "Meh", tooltip="I don't mind either way", id="rate.meh"),
        Binding("4", "rate('hate')", "Hate", tooltip="I'd rather not, ever (it won't be suggested)", id="rate.hate"),
        Binding("s", "skip", "Skip", tooltip="Decide later", id="rate.skip"),
        Binding("u", "undo", "Undo", tooltip="Take back the last answer", id="rate.undo"),
        Binding("r", "revisit", "Skipped again", tooltip="Look at the skipped ones again",
                id="rate.revisit", show=False),
        Binding("c", "change", "Change earlier", tooltip="Change answers you gave before",
                id="rate.change", show=False),
        Binding("t", "hand_over", "Other's turn", tooltip="Hand over to your partner",
                id="rate.hand_over", show=False),
        Binding("m", "reveal", "See what matched", tooltip="Together: what you both enjoy", id="rate.reveal"),
        Binding("escape", "stop", "Stop for now", tooltip="Everything so far is saved", id="rate.stop"),
    ]

    def __init__(self, partner: str) -> None:
        super().__init__()
        self.partner = partner
        self.mode = "away"  # away -> rate -> done; change is a side view
        self.data: HobbyData | None = None
        self.session: RatingSession | None = None

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="rate-scroll"), Center(), Vertical(classes="card", id="rate-card"):
            yield Static("", id="rate-who", classes="title")
            with ContentSwitcher(initial="rate-away", id="rate-modes"):
                with Vertical(id="rate-away"):
                    yield Static("", id="away-title")
                    yield Static("", id="away-text", classes="lead")
                    with Horizontal(classes="buttons"):
                        yield Button("Start", variant="primary", id="away-start", action="screen.start")
                        yield Button("Not now", id="away-back", action="screen.stop")
                with Vertical(id="rate-one"):
                    yield ProgressBar(show_eta=False, id="rate-progress")
                    yield Static("", id="rate-progress-text", classes="hint")
                    yield Static("", id="act-name")
                    yield Static("", id="act-desc")
                    yield Static("", id="act-tags", classes="hint")
                    with Horizontal(id="rate-buttons"):
                        for value, word in RATING_WORDS.items():
                            yield Button(f"{word} {RATING_KEYS[value]}", id=f"rate-{value}", classes=f"rate-{value}",
                                         action=f"screen.rate('{value}')")
                    with Horizontal(id="rate-more"):
                        yield Button("Skip (s)", id="b-skip", compact=True, action="screen.skip")
                        yield Button("Undo (u)", id="b-undo", compact=True, action="screen.undo")
                        yield Button("Change earlier (c)", id="b-change", compact=True, action="screen.change")
                        yield Button("Stop for now (esc)", id="b-stop", compact=True, action="screen.stop")
                with Vertical(id="rate-done"):
                    yield Static("", id="done-text", classes="lead")
                    with Horizontal(classes="buttons"):
                        yield Button("", id="done-revisit", action="screen.revisit")
                        yield Button("Change earlier (c)", id="done-change", action="screen.change")
                    with Horizontal(classes="buttons"):
                        yield Button("", id="done-hand-over", variant="primary", action="screen.hand_over")
                        yield Button("See what matched (m)", id="done-reveal", action="screen.reveal")
                with Vertical(id="rate-change"):
                    yield Static(
                        "Pick one of your answers and press 1-4 (love, like, meh, hate) to change it.",
                        classes="hint",
                    )
                    yield OptionList(id="change-list")
                    with Horizontal(classes="buttons"):
                        yield Button("Back to rating (esc)", id="change-back", compact=True, action="screen.stop")
            yield Static("", id="rate-privacy", classes="hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        for button in self.query("#rate-one Button"):
            button.can_focus = False  # keys go to the screen, never to a focused button
        self.data = HobbyData(self.app.repo, self.app.clock)
        self.start_turn(self.partner)

    # -- drawing ------------------------------------------------------------------------------

    @property
    def solo(self) -> bool:
        """Only one name so far: no one to look away, no one to hand over to; the partner rates later."""
        return is_solo(self.app.couple)

    @property
    def other(self) -> str:
        return "b" if self.partner == "a" else "a"

    def start_turn(self, partner: str) -> None:
        """Show the look-away page for ``partner``'s turn."""
        data = self.data
        if data is None:
            return
        self.partner = partner
        self.session = rating_session(data.state, data.catalogue, partner, couple_order_seed(self.app.couple))
        self.set_mode("away")

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.query_one("#rate-modes", ContentSwitcher).current = f"rate-{'one' if mode == 'rate' else mode}"
        self.redraw()
        if mode == "change":
            self.query_one("#change-list", OptionList).focus()
        else:
            self.set_focus(None)  # enter and the shown keys work on the screen itself

    def redraw(self) -> None:
        session = self.session
        if session is None:
            return
        names = partner_names(self.app.couple)
        me, them = partner_markup(names[self.partner], self.partner), partner_markup(names[self.other], self.other)
        self.query_one("#rate-who", Static).update(f"Your side, {me}" if self.solo else f"{me}'s turn to rate")
        self.query_one("#rate-privacy", Static).update(
            f"{ONE_PERSON_RATE} Your answers stay hidden until you look at the matches together."
            if self.solo
            else f"{them}'s answers stay hidden, and so do yours, until you look at the matches together."
        )
        rated, total = session.progress
        if self.mode == "away":
            self.query_one("#away-title", Static).update(
                "Ready when you are." if self.solo else f"{them}, look away for a moment."
            )
            started = "Let's carry on where you stopped. " if rated else ""
            self.query_one("#away-text", Static).update(
                f"{started}{me}, rate each idea on your own: love, like, meh or hate (a hate means it is "
                "never suggested). Skip what you are unsure about; stop whenever you like."
            )
            self.query_one("#away-start", Button).label = f"I'm {escape(names[self.partner])}, start"
        elif self.mode == "rate":
            if session.current is None:
                self.set_mode("done")
                return
            self._draw_current(session)
        elif self.mode == "done":
            self._draw_done(session, names)
        elif self.mode == "change":
            self._draw_change(session)
        self.refresh_bindings()

    def _draw_current(self, session: RatingSession) -> None:
        activity = session.current
        if activity is None:
            return
        rated, total = session.progress
        bar = self.query_one("#rate-progress", ProgressBar)
        bar.update(total=max(total, 1), progress=rated)
        skipped = session.skipped_count
        self.query_one("#rate-progress-text", Static).update(
            f"{rated} of {total} rated" + (f", {skipped} skipped for later" if skipped else "")
        )
        mine = " [i](your own)[/]" if activity.custom else ""
        self.query_one("#act-name", Static).update(f"[b]{escape(activity.name)}[/]{mine}")
        self.query_one("#act-desc", Static).update(escape(activity.description))
        self.query_one("#act-tags", Static).update(escape(tags_line(activity)))

    def _draw_done(self, session: RatingSession, names: dict[str, str]) -> None:
        rated, total = session.progress
        skipped = session.skipped_count
        text = f"That's all for now, {escape(names[self.partner])}. Thank you! You rated {rated} of {total}."
        if skipped:
            text += f" You skipped {skipped}; you can look at them again or leave them."
        if self.solo:
            text += " Your partner rates later, still blind; then you see together what matched."
        self.query_one("#done-text", Static).update(text)
        for ident in ("#done-hand-over", "#done-reveal"):
            self.query_one(ident, Button).display = not self.solo
        revisit = self.query_one("#done-revisit", Button)
        revisit.label = f"Look at the {skipped} skipped (r)"
        revisit.display = bool(skipped)
        self.query_one("#done-hand-over", Button).label = f"{escape(names[self.other])}'s turn (t)"

    def _draw_change(self, session: RatingSession) -> None:
        data = self.data
        if data is None:
            return
        options_list = self.query_one("#change-list", OptionList)
        keep = options_list.highlighted
        options = []
        for activity in sorted(data.shown, key=lambda a: a.name.casefold()):
            value = session.rating_of(activity.id)
            if value:
                options.append(Option(f"{RATING_WORDS[value]:<5} {escape(activity.name)}", id=activity.id))
        options_list.set_options(options)
        if options:
            options_list.highlighted = min(keep or 0, len(options) - 1)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        names = partner_names(self.app.couple)
        words = {"t": f"{names[self.other]}'s turn"}
        if self.mode == "change":
            words["escape"] = "Back to rating"
        return with_descriptions(super().active_bindings, words)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session, mode = self.session, self.mode
        if session is None:
            return True
        if action == "start":
            return mode == "away"
        if action == "rate":
            return mode in ("rate", "change")
        if action in ("skip", "undo"):
            return mode == "rate"
        if action == "revisit":
            return mode == "done" and session.skipped_count > 0
        if action == "change":
            return mode in ("rate", "done")
        if action == "hand_over":
            return mode in ("done", "rate") and not self.solo
        if action == "reveal":
            return mode == "done" and not self.solo
        return True

    # -- actions ------------------------------------------------------------------------------

    def _save(self) -> None:
        if self.data is not None:
            self.data.save()

    def action_start(self) -> None:
        if self.mode == "away":
            self.set_mode("rate")

    def action_rate(self, value: str) -> None:
        session = self.session
        if session is None:
            return
        if self.mode == "rate":
            activity = session.current
            if activity is None:
                return
            session.rate(activity.id, value)
        elif self.mode == "change":
            option = self.query_one("#change-list", OptionList).highlighted_option
            if option is None or option.id is None:
                return
            session.rate(option.id, value)
        else:
            return
        self._save()
        self.redraw()

    def action_skip(self) -> None:
        if self.session is not None and self.mode == "rate" and self.session.skip():
            self._save()
            self.redraw()

    def action_undo(self) -> None:
        session = self.session
        if session is None or self.mode != "rate":
            return
        if session.undo() is None:
            self.notify("Nothing to take back in this turn.")
            return
        self._save()
        self.redraw()

    def action_revisit(self) -> None:
        if self.session is not None and self.session.revisit_skipped():
            self._save()
            self.set_mode("rate")

    def action_change(self) -> None:
        if self.session is None:
            return
        if not any(self.session.rating_of(a.id) for a in (self.data.shown if self.data else [])):
            self.notify("No answers to change yet.")
            return
        self.set_mode("change")

    def action_hand_over(self) -> None:
        if not self.solo:
            self.start_turn(self.other)

    def action_reveal(self) -> None:
        self._save()
        self.dismiss("reveal")

    def action_stop(self) -> None:
        if self.mode == "change":
            self.set_mode("rate")
            return
        self._save()
        self.dismiss(None)
