"""Trends: how you felt over time, the talking balance, how regularly you meet, breaks,
follow-through on action items, and the topics that keep coming back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Center, Grid, Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.markup import escape
from textual.message import Message
from textual.widgets import Sparkline, Static
from textual_plotext import PlotextPlot

from ..core import stats
from ..core import topics as topic_stats
from ..core import trends as trend_stats
from ..core.dates import exact_date
from ..core.model import partner_names
from ..themes import PARTNER_DEFAULTS
from ..widgets.balance import TalkBalance
from ..widgets.footer import KeysFooter
from ..widgets.partner import partner_markup
from ..widgets.title_bar import TitleBar
from .base import CheckinScreen

RECENT = 52
"""Charts show the last year of check-ins (the numbers below them say so)."""

ROOMY = (100, 34)
"""From this many columns and rows the ratings are charts with axes; below, Sparklines."""

MEASURES = ("mood", "connection")

MARKERS = {"a": "braille", "b": "dot"}
"""Each partner's line has its own texture as well as colour: a fine line, a dotted one."""

LEGEND = {"a": "⠒⠒⠒", "b": "•••"}


@dataclass
class TrendFigures:
    count: int
    first: str | None
    last: str | None
    ratings: dict[str, dict[str, list[float]]]  # partner -> mood/connection -> values after
    points: dict[str, dict[str, list[tuple[float, float]]]]  # partner -> measure -> (day, value after)
    ticks: tuple[list[float], list[str]]  # the date axis: days from the first check-in, labels
    changes: dict[str, dict[str, float | None]]  # partner -> mood/connection -> average change
    change_series: dict[str, list[float]]  # partner -> mood change (after - before) per check-in
    shares: list[float]
    share_total: dict[str, int]
    cadence: dict[str, int]
    breaks: list[tuple[str, int]]
    follow: dict[str, int]
    topics: list[topic_stats.Topic]


def figures(rows: Sequence[Mapping[str, Any]], now: Any) -> TrendFigures:
    """Everything the screen shows, computed off the UI thread."""
    ordered = sorted((r for r in rows if r.get("started_at")), key=lambda r: r["started_at"])
    recent = ordered[-RECENT:]
    ratings = trend_stats.rating_trends(recent)
    balance = stats.talk_balance(recent)
    return TrendFigures(
        count=len(recent),
        first=recent[0]["started_at"] if recent else None,
        last=recent[-1]["started_at"] if recent else None,
        ratings={p: {w: trend_stats.series(ratings[p], w) for w in MEASURES} for p in "ab"},
        points={
            p: {w: trend_stats.chart_points(ratings[p], w, recent[0]["started_at"]) for w in MEASURES} for p in "ab"
        }
        if recent
        else {p: {w: [] for w in MEASURES} for p in "ab"},
        ticks=trend_stats.date_ticks(recent[0]["started_at"], recent[-1]["started_at"], 3) if recent else ([], []),
        changes={p: {w: trend_stats.average_change(ratings[p], w) for w in ("mood", "connection")} for p in "ab"},
        change_series={
            p: [float(c) for c in (point.change("mood") for point in ratings[p]) if c is not None] for p in "ab"
        },
        shares=[float(s) for _, s in balance["series"]],
        share_total=balance["share"],
        cadence=trend_stats.cadence(ordered, now),
        breaks=trend_stats.breaks_per_month(ordered, now),
        follow=trend_stats.follow_through(recent),
        topics=topic_stats.recurring_topics(ordered),
    )


def _range(values: list[float], unit: str = "") -> str:
    """The chart's scale in words: 'range 3–10, now 8'."""
    return f"range {min(values):.0f}–{max(values):.0f}{unit}, now {values[-1]:.0f}{unit}"


def _now_words(f: TrendFigures, names: dict[str, str]) -> str:
    """'Latest: Ana mood 8, connection 6 · Bo mood 6, connection 5' (the charts' last points)."""
    parts = []
    for p in "ab":
        values = [f.ratings[p][w] for w in MEASURES]
        if all(values):
            latest = ", ".join(f"{w} {v[-1]:.0f}" for w, v in zip(MEASURES, values, strict=True))
            parts.append(f"{partner_markup(names[p], p)} {latest}")
    return "Latest: " + " · ".join(parts) if parts else ""


class TrendsScreen(CheckinScreen[None]):
    """Ratings are charts with axes where there is room (one line per partner, in their colour and
    texture, named in the legend) and Sparklines with their range written beside them where space
    is tight; the other series are Sparklines with their range, so numbers are never guessed."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the list of check-ins", id="trends.back"),
        Binding("w", "friend_filter", "With a friend?", tooltip="All check-ins, only those with a facilitator, "
                "or only those without", id="trends.friend"),
    ]

    #: which check-ins the charts show (see ``core.trends.FRIEND_FILTERS``)
    friend_filter = "all"
    FRIEND_WORDS: ClassVar[dict[str, str]] = {
        "all": "",
        "with": " (only those with a friend present)",
        "without": " (only those without a facilitator)",
    }

    def action_friend_filter(self) -> None:
        """Next filter: all -> with a friend -> without (skipped when empty) -> all."""
        from ..core.trends import FRIEND_FILTERS, with_friend

        rows = self.app.repo.summaries()
        if not with_friend(rows, "with"):
            self.notify("No check-ins with a friend present yet.", markup=False)
            return
        at = FRIEND_FILTERS.index(self.friend_filter)
        following = FRIEND_FILTERS[(at + 1) % len(FRIEND_FILTERS)]
        if following == "without" and not with_friend(rows, "without"):
            following = "all"  # every check-in had a friend present: "without" would be empty
        self.friend_filter = following
        self.compute()

    @dataclass
    class Computed(Message):
        figures: TrendFigures

    def compose(self) -> ComposeResult:
        couple = self.app.couple
        names = (couple.name_a, couple.name_b) if couple else ("A", "B")
        yield TitleBar()
        with VerticalScroll(id="trends"), Center(), Vertical(id="trends-card", classes="card"):
            yield Static("Trends", classes="title")
            yield Static("Reading your check-ins…", id="trends-range", classes="lead")
            yield Static("How you felt at the end (0 to 10)", classes="section-label")
            yield Static(
                "   ".join(
                    f"[$partner-{p}]{LEGEND[p]}[/] {partner_markup(n, p)}" for p, n in zip("ab", names, strict=True)
                ),
                id="trends-legend",
            )
            with Horizontal(id="trends-charts"):
                for what in MEASURES:
                    with Vertical(classes="chart-box"):
                        yield Static(what.capitalize(), classes="chart-title")
                        yield PlotextPlot(id=f"chart-{what}")
            yield Static("", id="trends-now", classes="chart-range")
            with Grid(id="trends-ratings"):
                for p, name in zip("ab", names, strict=True):
                    for what in ("mood", "connection"):
                        yield Static(f"{partner_markup(name, p)} {what}", classes="chart-label")
                        yield Sparkline([], id=f"spark-{p}-{what}", classes=f"partner-{p}")
                        yield Static("", id=f"range-{p}-{what}", classes="chart-range")
            yield Static("", id="trends-axis", classes="chart-axis")
            yield Static("Change in mood during each check-in", classes="section-label")
            with Grid(id="trends-changes"):
                for p, name in zip("ab", names, strict=True):
                    yield Static(f"{partner_markup(name, p)} mood change", classes="chart-label")
                    yield Sparkline([], id=f"spark-{p}-change", classes=f"partner-{p}")
                    yield Static("", id=f"range-{p}-change", classes="chart-range")
            yield Static("", id="trends-change")
            yield Static("Talking time", classes="section-label")
            yield TalkBalance(names, id="trends-balance")
            with Grid(id="trends-share"):
                yield Static(f"{partner_markup(names[0], 'a')}'s share", classes="chart-label")
                yield Sparkline([], id="spark-share", classes="partner-a")
                yield Static("", id="range-share", classes="chart-range")
            yield Static("Meeting and pausing", classes="section-label")
            yield Static("", id="trends-cadence")
            with Grid(id="trends-breaks"):
                yield Static("Breaks a month", classes="chart-label")
                yield Sparkline([], id="spark-breaks")
                yield Static("", id="range-breaks", classes="chart-range")
            yield Static("", id="breaks-axis", classes="chart-axis")
            yield Static("Action items", classes="section-label")
            yield Static("", id="trends-follow")
            yield Static("Topics that come back", classes="section-label")
            yield Static("", id="trends-topics")
            yield Static("", id="trends-note", classes="banner")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#trends-note").display = False
        self._figures: TrendFigures | None = None
        self._fit()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw_charts())
        self.call_after_refresh(self.compute)

    def on_resize(self, event: Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """Charts with axes where they fit; Sparklines where space is tight."""
        width, height = self.app.size
        self.set_class(width >= ROOMY[0] and height >= ROOMY[1], "-roomy")

    def _colour(self, partner: str) -> tuple[int, int, int]:
        """The partner's colour from the current theme, as plotext wants it."""
        name = f"partner-{partner}"
        value = self.app.theme_variables.get(name) or PARTNER_DEFAULTS[name]
        try:
            return Color.parse(value).rgb
        except Exception:
            return Color.parse(PARTNER_DEFAULTS[name]).rgb

    def _draw_charts(self) -> None:
        f = self._figures
        if f is None or not f.count:
            return
        days, labels = f.ticks
        for what in MEASURES:
            plot = self.query_one(f"#chart-{what}", PlotextPlot)
            plt = plot.plt
            plt.clear_figure()
            for p in "ab":
                points = f.points[p][what]
                if points:
                    xs, ys = zip(*points, strict=True)
                    plt.plot(list(xs), list(ys), color=self._colour(p), marker=MARKERS[p])
            plt.ylim(0, 10)
            plt.yticks([0, 5, 10])
            plt.xticks(days, labels)
            plt.xlim(0, max(days[-1], 1.0))
            plt.xaxes(True, False)
            plt.yaxes(True, False)
            plot.refresh()

    @work(thread=True, exclusive=True)
    def compute(self) -> None:
        app = self.app
        from ..core.trends import with_friend

        rows = with_friend(app.repo.summaries(), self.friend_filter)
        self.post_message(self.Computed(figures(rows, app.clock.now())))

    @on(Computed)
    def computed(self, message: Computed) -> None:
        f = message.figures
        names = partner_names(self.app.couple)
        if not f.count:
            self.query_one("#trends-range", Static).update(
                "No check-ins yet. After a few, you will see here how things change."
            )
            return
        span = f"{exact_date(f.first)} to {exact_date(f.last)}" if f.first and f.last else ""
        if f.count == 1:
            which, span = "your first check-in", exact_date(f.first) if f.first else ""
        elif f.count == RECENT:
            which = f"the last {f.count} check-ins"
        else:
            which = f"all {f.count} check-ins"
        self._figures = f
        self._draw_charts()
        self.query_one("#trends-now", Static).update(_now_words(f, names))
        self.query_one("#trends-range", Static).update(
            f"Charts show {which}{self.FRIEND_WORDS[self.friend_filter]}, {span}."
        )
        for p in "ab":
            for what in ("mood", "connection"):
                values = f.ratings[p][what]
                spark = self.query_one(f"#spark-{p}-{what}", Sparkline)
                spark.summary_function = fmean
                spark.data = values
                label = _range(values) if values else "not rated"
                self.query_one(f"#range-{p}-{what}", Static).update(label)
        self.query_one("#trends-axis", Static).update(
            f"{exact_date(f.first)} → {exact_date(f.last)}" if f.first and f.last else ""
        )
        for p in "ab":
            values = f.change_series[p]
            spark = self.query_one(f"#spark-{p}-change", Sparkline)
            spark.summary_function = fmean
            spark.data = values
            self.query_one(f"#range-{p}-change", Static).update(
                f"range {min(values):+.0f} to {max(values):+.0f}" if values else "not rated before and after"
            )
        self.query_one("#trends-change", Static).update(self._changes(f, names))
        share = f.share_total
        self.query_one(TalkBalance).shares = (share["a"], share["b"]) if sum(share.values()) else None
        spark = self.query_one("#spark-share", Sparkline)
        spark.summary_function = fmean
        spark.data = f.shares
        self.query_one("#range-share", Static).update(_range(f.shares, "%") if f.shares else "")
        c = f.cadence
        run = (
            f"{c['run']} week{'s' if c['run'] != 1 else ''} in a row now"
            if c["run"]
            else "a new run can start this week"
        )
        self.query_one("#trends-cadence", Static).update(
            f"{c['with_checkin']} of the last {c['weeks']} weeks had a check-in; {run}."
        )
        counts = [float(n) for _, n in f.breaks]
        self.query_one("#spark-breaks", Sparkline).data = counts
        total = int(sum(counts))
        self.query_one("#range-breaks", Static).update(f"{total} in 12 months, at most {int(max(counts))}")
        self.query_one("#breaks-axis", Static).update(f"{f.breaks[0][0]} → {f.breaks[-1][0]}")
        self.query_one("#trends-follow", Static).update(self._follow(f.follow))
        self._topics(f.topics)

    def _changes(self, f: TrendFigures, names: dict[str, str]) -> str:
        lines = []
        for p in "ab":
            parts = []
            for what in ("mood", "connection"):
                change = f.changes[p][what]
                if change is None:
                    continue
                if abs(change) < 0.05:
                    parts.append(f"{what} stays about the same")
                else:
                    parts.append(f"{what} {'rises' if change > 0 else 'dips'} by {abs(change):.1f}")
            if parts:
                lines.append(f"During a check-in, {partner_markup(names[p], p)}'s {' and '.join(parts)} on average.")
        return "\n".join(lines)

    @staticmethod
    def _follow(follow: dict[str, int]) -> str:
        if not follow["made"]:
            return "No action items yet."
        if not follow["reviewed"]:
            return f"{follow['made']} action items, none looked back on yet."
        return (
            f"{follow['on_time']} of {follow['reviewed']} action items were done by the next check-in; "
            f"{follow['done']} done in all, {follow['dropped']} let go"
            + (f", {follow['open']} still open." if follow["open"] else ".")
        )

    def _topics(self, topics: list[topic_stats.Topic]) -> None:
        if not topics:
            self.query_one("#trends-topics", Static).update("[dim]No “one issue” topics yet.[/]")
            return
        lines = []
        for topic in topics[:6]:
            mark = " [$accent]↻ comes back[/]" if topic.recurring else ""
            lines.append(f"• {escape(topic.words())}{mark}")
        self.query_one("#trends-topics", Static).update("\n".join(lines))
        note = self.query_one("#trends-note", Static)
        note.display = any(t.recurring for t in topics)
        note.update(topic_stats.RECURRING_NOTE)

    def action_back(self) -> None:
        self.dismiss()
