"""The shared hobby picker, driven like a couple would: rate blind in turns, reveal, ideas with
filters, a seeded surprise, plan it, and say afterwards how it went. Plus SVG snapshots."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from textual.app import ComposeResult
from textual.widgets import Button, Checkbox, Input, OptionList, Select, Static

from checkin.core.agenda import load_agendas
from checkin.core.catalogue import Filters, load_catalogue
from checkin.core.hobbies import HobbyState, rank, rating_session, surprise
from checkin.core.hobby_service import couple_order_seed
from checkin.core.runner import new_checkin
from checkin.core.session import CheckinSession
from checkin.screens.activities import ActivitiesScreen, ActivityBlockHost
from checkin.screens.activities_custom import ActivityEditScreen
from checkin.screens.activities_followup import ActivityFollowupScreen
from checkin.screens.activities_matches import ActivityMatchesScreen
from checkin.screens.activities_plan import ActivityPlanScreen
from checkin.screens.activities_rate import ActivityRateScreen
from checkin.screens.talk import TalkScreen
from checkin.widgets import blocks
from checkin.widgets.activity_block import ActivityBlockPanel
from checkin.widgets.plan_banner import home_plan_text

SIZES = [(80, 24), (120, 40)]
TODAY = "2026-11-26"  # the fixture clock's Thursday
CATALOGUE, _ = load_catalogue()
PATTERN_A = ["love", "like", "meh", "love", "like", "hate", "like", "love"]
PATTERN_B = ["love", "love", "like", "hate", "meh", "like", "love", "like"]


def order_for(partner: str, app) -> list[str]:
    """The ids in the order ``partner`` sees them (one shuffle per couple)."""
    session = rating_session(HobbyState(), CATALOGUE, partner, couple_order_seed(app.couple))
    order = []
    while session.current is not None:
        order.append(session.current.id)
        session.rate(session.current.id, "meh")
    return order


def seed_ratings(app, count: int = 40, **extra) -> HobbyState:
    """Both partners have rated the first ``count`` activities in a fixed pattern."""
    state = HobbyState(
        ratings_a={a.id: PATTERN_A[i % 8] for i, a in enumerate(CATALOGUE[:count])},
        ratings_b={a.id: PATTERN_B[i % 8] for i, a in enumerate(CATALOGUE[:count])},
        **extra,
    )
    app.repo.save_section("hobbies", state.to_dict())
    return state


def stored(app) -> HobbyState:
    return HobbyState.from_dict(app.repo.section("hobbies"))


def text_of(widget) -> str:
    return str(widget.render())


def screen_text(app) -> str:
    """Everything readable on the current screen: static text, button labels, list entries."""
    parts = []
    for widget in app.screen.query("*"):
        if not all(node.display for node in widget.ancestors_with_self if hasattr(node, "display")):
            continue
        if isinstance(widget, Static | Button):
            parts.append(text_of(widget))
        elif isinstance(widget, OptionList):
            parts.extend(str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count))
    return "\n".join(parts)


def idea_names(app) -> list[str]:
    ideas = app.screen.query_one("#ideas-list", OptionList)
    return [ideas.get_option_at_index(i).id for i in range(ideas.option_count)]


async def open_hub(app, pilot, **kwargs) -> ActivitiesScreen:
    await pilot.pause()
    screen = ActivitiesScreen(**kwargs)
    app.push_screen(screen)
    await pilot.pause()
    return screen


# -- rating, blind ----------------------------------------------------------------------


async def test_rating_both_partners_with_skip_undo_and_continue_later(make_app):
    app = make_app()
    order_a, order_b = order_for("a", app), order_for("b", app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, ActivityRateScreen)
        assert "Bo, look away for a moment" in screen_text(app)
        await pilot.press("1")  # keys do nothing until Ana starts
        assert stored(app).ratings_a == {}
        await pilot.press("enter")
        assert text_of(app.screen.query_one("#act-name")).startswith(
            next(a.name for a in CATALOGUE if a.id == order_a[0])
        )
        await pilot.press("1", "s")
        state = stored(app)  # saved after every key
        assert state.ratings_a == {order_a[0]: "love"}
        assert state.skipped_a == [order_a[1]]
        await pilot.press("u")  # take back the skip
        assert stored(app).skipped_a == []
        await pilot.press("2")
        assert stored(app).ratings_a == {order_a[0]: "love", order_a[1]: "like"}
        assert "2 of 130 rated" in text_of(app.screen.query_one("#rate-progress-text"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ActivitiesScreen)
        assert "Ana: 2 of 130 rated" in text_of(app.screen.query_one("#hobby-progress"))

        # Later: Ana continues where she stopped, then hands over to Bo.
        await pilot.press("1")
        await pilot.pause()
        assert "carry on where you stopped" in screen_text(app)
        await pilot.press("enter", "3")
        assert stored(app).ratings_a[order_a[2]] == "meh"
        await pilot.press("t")
        await pilot.pause()
        assert "Ana, look away for a moment" in screen_text(app)
        await pilot.press("enter", "4", "1")
        state = stored(app)
        assert state.ratings_b == {order_b[0]: "hate", order_b[1]: "love"}
        assert len(state.ratings_a) == 3
        await pilot.press("escape")
        await pilot.pause()
        assert "Bo: 2 of 130 rated" in text_of(app.screen.query_one("#hobby-progress"))


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_both_partners_rate_the_same_ideas_first(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_hub(app, pilot)
        await pilot.press("1", "enter", *"12121")  # Ana: five answers
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("enter", *"21212")  # Bo: five answers
        await pilot.pause()
        state = stored(app)
        assert len(state.ratings_a) == len(state.ratings_b) == 5
        assert set(state.ratings_a) == set(state.ratings_b)  # all five can match
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert "have both rated 5 ideas" in screen_text(app)


async def test_the_other_partners_answers_never_show_while_one_rates(make_app):
    app = make_app()
    order_a = order_for("a", app)
    # Bo has rated everything; Ana has rated one idea that Bo hates.
    first = order_a[0]
    state = HobbyState(ratings_a={first: "love"}, ratings_b={a.id: "hate" for a in CATALOGUE})
    state.ratings_b[order_a[1]] = "love"
    app.repo.save_section("hobbies", state.to_dict())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("1", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Bo's answers stay hidden" in text
        assert "1 of 130 rated" in text  # Ana's progress only, never Bo's 130
        assert "hate" not in text.lower().replace("hate 4", "")  # only Ana's own button says it
        assert [line for line in text.splitlines() if "Bo" in line] == [
            "Bo's answers stay hidden, and so do yours, until you look at the matches together."
        ]
        await pilot.press("c")  # change earlier answers: only Ana's own are listed
        await pilot.pause()
        entries = app.screen.query_one("#change-list", OptionList)
        assert entries.option_count == 1
        assert entries.get_option_at_index(0).id == first
        await pilot.press("2")
        assert stored(app).ratings_a == {first: "like"}
        assert stored(app).ratings_b[first] == "hate"  # Bo's answers untouched


async def test_done_offers_the_skipped_again(make_app):
    app = make_app()
    order_a = order_for("a", app)
    state = HobbyState(ratings_a={i: "like" for i in order_a[:-1]})
    app.repo.save_section("hobbies", state.to_dict())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("1", "enter", "s")
        await pilot.pause()
        assert "You skipped 1" in screen_text(app)
        await pilot.press("r", "1")
        await pilot.pause()
        assert stored(app).ratings_a[order_a[-1]] == "love"
        assert "You rated 130 of 130" in screen_text(app)
        await pilot.press("m")  # done: on to what matched, together
        await pilot.pause()
        assert isinstance(app.screen, ActivityMatchesScreen)
        assert app.screen.query_one("#matches-tabs").active == "reveal"


# -- reveal and ideas ---------------------------------------------------------------------


async def test_reveal_shows_what_matched_and_only_a_count_of_the_vetoed(make_app):
    app = make_app()
    seed_ratings(app)
    result_vetoed = [
        a.name for i, a in enumerate(CATALOGUE[:40]) if "hate" in (PATTERN_A[i % 8], PATTERN_B[i % 8])
    ]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        text = text_of(app.screen.query_one("#reveal-text"))
        assert "have both rated 40 ideas" in text
        both_love = [a.name for i, a in enumerate(CATALOGUE[:40]) if PATTERN_A[i % 8] == PATTERN_B[i % 8] == "love"]
        assert f"You both love ({len(both_love)})" in text
        assert all(name in text for name in both_love)
        assert f"{len(result_vetoed)} set aside, because one of you would rather not" in text
        assert not any(name in text for name in result_vetoed)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_reveal_before_anything_is_rated_says_what_to_do(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_hub(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        assert "Nothing to show yet" in text_of(app.screen.query_one("#reveal-text"))
        await pilot.press("i")
        await pilot.pause()
        assert idea_names(app) == []
        assert not app.screen.query_one("#ideas-list").display  # a sentence, not an empty box
        assert "Rate some more, or try something new (t)" in text_of(app.screen.query_one("#ideas-count"))
        await pilot.press("s")
        await pilot.pause()
        assert "Nothing to pick from yet" in text_of(app.screen.query_one("#surprise-banner"))


async def test_vetoed_ideas_never_appear_whatever_the_filters(make_app):
    app = make_app()
    seed_ratings(app)
    vetoed = {a.id for i, a in enumerate(CATALOGUE[:40]) if "hate" in (PATTERN_A[i % 8], PATTERN_B[i % 8])}
    async with app.run_test(size=(120, 40)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        for try_new in (False, True):
            app.screen.query_one("#try-new", Checkbox).value = try_new
            for cost in (Select.NULL, "free", "low", "medium", "high"):
                app.screen.query_one("#filter-cost", Select).value = cost
                await pilot.pause()
                shown = set(idea_names(app))
                assert shown, (try_new, cost)
                assert not shown & vetoed


async def test_filters_and_try_new_change_the_ideas(make_app):
    app = make_app()
    state = seed_ratings(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        expected = [s.activity.id for s in rank(CATALOGUE, state, today=TODAY)]
        assert idea_names(app) == expected
        screen = app.screen
        screen.query_one("#filter-place", Select).value = "outdoor"
        screen.query_one("#filter-energy", Select).value = "calm"
        await pilot.pause()
        filters = Filters(place={"outdoor"}, energy={"calm"})
        assert idea_names(app) == [s.activity.id for s in rank(CATALOGUE, state, filters, today=TODAY)]
        ids = {a.id: a for a in CATALOGUE}
        assert all(ids[i].place == "outdoor" and ids[i].energy == "calm" for i in idea_names(app))
        await pilot.press("t")  # try something new: unrated ideas join in
        await pilot.pause()
        assert len(idea_names(app)) == len(rank(CATALOGUE, state, filters, try_new=True, today=TODAY))
        assert "ideas for you" in text_of(screen.query_one("#ideas-count"))


async def test_surprise_is_seeded_exact_and_rerolls(make_app):
    app = make_app()
    state = seed_ratings(app)
    suggestions = rank(CATALOGUE, state, today=TODAY)
    first = surprise(suggestions, seed=42)
    second = surprise(suggestions, seed=43, exclude=[first.activity.id])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ActivityMatchesScreen(tab="ideas", seed=42))
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        banner = text_of(app.screen.query_one("#surprise-banner"))
        assert f"How about {first.activity.name}?" in banner
        assert app.screen.query_one("#ideas-list", OptionList).highlighted_option.id == first.activity.id
        await pilot.click("#b-surprise")
        await pilot.pause()
        assert f"How about {second.activity.name}?" in text_of(app.screen.query_one("#surprise-banner"))
        assert second.activity.id != first.activity.id


async def test_surprise_from_the_hub_uses_the_clock_as_seed(make_app, ui_clock):
    app = make_app()
    state = seed_ratings(app)
    expected = surprise(rank(CATALOGUE, state, today=TODAY), seed=int(ui_clock.now().timestamp()))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        assert f"How about {expected.activity.name}?" in text_of(app.screen.query_one("#surprise-banner"))


# -- plan it ------------------------------------------------------------------------------


async def test_plan_a_day_and_time_then_home_line_and_hub_show_it(make_app):
    app = make_app()
    state = seed_ratings(app)
    top = rank(CATALOGUE, state, today=TODAY)[0].activity
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot, checkin_id="c-1")
        await pilot.press("i", "p")
        await pilot.pause()
        assert isinstance(app.screen, ActivityPlanScreen)
        days = app.screen.query_one("#plan-days", OptionList)
        assert str(days.get_option_at_index(2).prompt).startswith("Saturday, in 2 days")
        assert days.option_count == 15
        await pilot.press("down", "down", "enter")  # Saturday, then on to the time
        await pilot.press(*"25:00", "enter")
        await pilot.pause()
        assert "Use a time like 19:30" in text_of(app.screen.query_one("#plan-problem"))
        app.screen.query_one("#plan-time", Input).value = "15:00"
        await pilot.click("#plan-ok")
        await pilot.pause()
        assert isinstance(app.screen, ActivityMatchesScreen)
        assert top.id not in idea_names(app)  # planned ideas rest from the list
        await pilot.press("escape")
        await pilot.pause()
        assert f"Planned: {top.name} — Saturday, in 2 days at 15:00" in text_of(app.screen.query_one("#hobby-plans"))
    (saved,) = stored(app).plans
    assert (saved["activity_id"], saved["day"], saved["time"], saved["checkin_id"]) == (
        top.id, "2026-11-28", "15:00", "c-1"
    )
    line = home_plan_text(app.repo.section("hobbies"), date(2026, 11, 26), CATALOGUE)
    assert line == f"Next: [b]{top.name}[/] — Saturday, in 2 days at 15:00"


async def test_plan_dialog_can_be_cancelled(make_app):
    app = make_app()
    seed_ratings(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("i", "p", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ActivityMatchesScreen)
    assert stored(app).plans == []


# -- follow-up ----------------------------------------------------------------------------


def past_plan(activity_id: str, day: str = "2026-11-22") -> dict:
    return {"id": "p1", "activity_id": activity_id, "day": day, "time": None, "checkin_id": None, "outcome": None}


async def test_followup_asks_did_you_do_it_and_how_it_went(make_app):
    app = make_app()
    activity = CATALOGUE[0]
    seed_ratings(app, plans=[past_plan(activity.id)])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        row_text = text_of(app.screen.query_one("#hobby-followup-text"))
        assert f"{activity.name} was planned for Sunday, 4 days ago. Did you do it?" in row_text
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ActivityFollowupScreen)
        await pilot.press("y", "4", "5")
        await pilot.pause()
        said = text_of(app.screen.query_one("#score-said"))
        assert "Ana: well" in said and "Bo: wonderfully" in said
        await pilot.click("#f-save")
        await pilot.pause()
        assert isinstance(app.screen, ActivitiesScreen)
        assert not app.screen.query_one("#hobby-followup-row").display
    (saved,) = stored(app).plans
    assert saved["outcome"] == {"done": True, "rating_a": 4, "rating_b": 5}


async def test_followup_not_this_time(make_app):
    app = make_app()
    seed_ratings(app, plans=[past_plan(CATALOGUE[0].id)])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        await pilot.click("#hobby-followup")
        await pilot.press("n")
        await pilot.pause()
    assert stored(app).plans[0]["outcome"] == {"done": False, "rating_a": None, "rating_b": None}


def test_home_line_asks_about_a_passed_plan_first():
    name = CATALOGUE[0].name
    data = HobbyState(plans=[past_plan(CATALOGUE[0].id)]).to_dict()
    assert home_plan_text(data, date(2026, 11, 26), CATALOGUE) == (
        f"[b]{name}[/] was planned for Sunday, 4 days ago. Did you do it? Tell us how it went ([b]a[/])"
    )
    assert home_plan_text({}, date(2026, 11, 26), CATALOGUE) is None
    # without a catalogue it uses the shipped one plus the couple's own
    own = {"id": "salsa-on-the-roof", "name": "Salsa on the roof", "category": "romance", "cost": "free",
           "time": "1-3h", "place": "outdoor", "energy": "active"}
    data = HobbyState(custom=[own], plans=[past_plan("salsa-on-the-roof", day="2026-11-27")]).to_dict()
    assert home_plan_text(data, date(2026, 11, 26)) == "Next: [b]Salsa on the roof[/] — tomorrow"


# -- your own activities, hidden ones, problems ---------------------------------------------


async def test_add_your_own_explains_what_is_missing(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ActivityEditScreen)
        await pilot.click("#custom-ok")
        await pilot.pause()
        assert text_of(app.screen.query_one("#custom-problem")) == "Please give it a name."
        screen = app.screen
        screen.query_one("#custom-name", Input).value = "Salsa on the roof"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(screen.query_one("#custom-problem")) == "Please choose what kind of thing it is."
        for field, value in (("category", "creative"), ("cost", "medium"), ("time", "1-3h"),
                             ("place", "indoor"), ("energy", "calm")):
            screen.query_one(f"#custom-{field}", Select).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActivitiesScreen)
        assert any("Added Salsa on the roof" in n.message for n in app._notifications)
    (entry,) = stored(app).custom
    assert (entry["id"], entry["name"], entry["cost"]) == ("salsa-on-the-roof", "Salsa on the roof", "medium")


async def test_hide_an_idea_and_bring_it_back(make_app):
    app = make_app()
    state = seed_ratings(app)
    top = rank(CATALOGUE, state, today=TODAY)[0].activity
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("i", "h")
        await pilot.pause()
        assert top.id not in idea_names(app)
        assert stored(app).hidden == [top.id]
        await pilot.press("escape")
        await pilot.pause()
        assert "1 hidden" in text_of(app.screen.query_one("#hobby-hidden-text"))
        await pilot.click("#hobby-unhide")
        await pilot.pause()
    assert stored(app).hidden == []


async def test_edit_an_idea_keeps_its_id_and_shows_the_new_name(make_app):
    app = make_app()
    state = seed_ratings(app)
    top = rank(CATALOGUE, state, today=TODAY)[0].activity
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("i", "e")
        await pilot.pause()
        assert isinstance(app.screen, ActivityEditScreen)
        assert app.screen.query_one("#custom-name", Input).value == top.name
        app.screen.query_one("#custom-name", Input).value = "Board games, with friends"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActivityMatchesScreen)
        assert "Board games, with friends" in screen_text(app)
    (entry,) = stored(app).custom
    assert (entry["id"], entry["name"]) == (top.id, "Board games, with friends")
    assert stored(app).ratings_a[top.id] == state.ratings_a[top.id]  # ratings stay with it


async def test_a_broken_own_activity_is_reported_once(make_app):
    app = make_app()
    app.repo.save_section("hobbies", {"custom": [{"id": "Not a slug!", "name": "Odd"}]})
    # Count what is posted, not what is still shown: the notice times out after 10 s of real
    # time, which a loaded machine can spend between the two looks.
    errors: list[str] = []
    notify = app.notify

    def counting(message, *args, **kwargs):
        if kwargs.get("severity") == "error":
            errors.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = counting
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        assert len(errors) == 1 and "your activities" in errors[0]
        await pilot.press("1", "escape")  # coming back does not report it again
        await pilot.pause()
        assert len(errors) == 1


# -- the check-in's "plan good times" block --------------------------------------------------


class BlockHost(ActivityBlockHost):
    """A screen showing the block, as the talk screen does: it opens what the block asks for."""

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session
        self.changes = 0

    def compose(self) -> ComposeResult:
        yield ActivityBlockPanel(self.session, {"a": "Ana", "b": "Bo"}, self.bump)

    def bump(self) -> None:
        self.changes += 1


async def test_checkin_block_opens_the_picker_and_shows_the_plan(make_app, ui_clock):
    app = make_app()
    activity = CATALOGUE[3]
    plan = past_plan(activity.id, day="2026-11-29") | {"checkin_id": "c-7", "time": "10:00"}
    seed_ratings(app, plans=[plan])
    session = SimpleNamespace(record={"id": "c-7"}, clock=ui_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        host = BlockHost(session)
        app.push_screen(host)
        await pilot.pause()
        assert f"Planned: {activity.name} — Sunday, in 3 days at 10:00" in screen_text(app)
        await pilot.click("#activity-pick")
        await pilot.pause()
        assert isinstance(app.screen, ActivitiesScreen)
        assert app.screen.checkin_id == "c-7"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is host and host.changes == 1


# -- snapshots ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_rating_with_the_other_hidden(snap_compare, make_app, size):
    app = make_app()
    seed_ratings(app, count=130)
    app.repo.save_section("hobbies", HobbyState(ratings_b=stored(app).ratings_b).to_dict())

    async def setup(pilot):
        await pilot.pause()
        app.push_screen(ActivityRateScreen("a"))
        await pilot.pause()
        await pilot.press("enter", "1", "2", "s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=setup)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_hub_with_a_plan_and_a_question(snap_compare, make_app, size):
    app = make_app()
    upcoming = past_plan(CATALOGUE[5].id, day="2026-11-28") | {"id": "p2", "time": "15:00"}
    seed_ratings(app, plans=[past_plan(CATALOGUE[0].id), upcoming])

    async def setup(pilot):
        await pilot.pause()
        app.push_screen(ActivitiesScreen())
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=setup)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_reveal(snap_compare, make_app, size):
    app = make_app()
    seed_ratings(app)

    async def setup(pilot):
        await pilot.pause()
        app.push_screen(ActivityMatchesScreen(tab="reveal", seed=7))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=setup)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_ideas_with_a_surprise(snap_compare, make_app, size):
    app = make_app()
    seed_ratings(app)

    async def setup(pilot):
        await pilot.pause()
        app.push_screen(ActivityMatchesScreen(tab="ideas", seed=7, surprise=True))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=setup)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_plan_dialog(snap_compare, make_app, size):
    app = make_app()
    seed_ratings(app)

    async def setup(pilot):
        await pilot.pause()
        app.push_screen(ActivityMatchesScreen(tab="ideas", seed=7))
        await pilot.pause()
        await pilot.press("p", "down", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=setup)


@pytest.mark.slow  # a long journey (seconds of CPU); its steps have quicker tests; CI runs it
async def test_inside_a_real_checkin_the_plan_is_kept_with_it(make_app, monkeypatch):
    monkeypatch.setitem(blocks.PANELS, "activity", ActivityBlockPanel)  # as the lead will register it
    app = make_app()
    state = seed_ratings(app)
    top = rank(CATALOGUE, state, today=TODAY)[0].activity
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        agendas, _ = load_agendas(None)
        agenda = {a.id: a for a in agendas}["short"]
        session = CheckinSession(new_checkin(agenda, "a", app.clock), app.repo, app.clock)
        screen = TalkScreen(session)
        app.push_screen(screen)
        await pilot.pause()
        while session.state.block.kind != "activity":
            session.next_block()
        screen.redraw_now()
        await pilot.pause()
        assert "Nothing planned yet this week" in screen_text(app)
        await pilot.click("#activity-pick")
        await pilot.pause()
        assert isinstance(app.screen, ActivitiesScreen)
        await pilot.press("i", "p", "down", "down", "enter", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert f"Planned: {top.name} — Saturday, in 2 days" in screen_text(app)
    (saved,) = stored(app).plans
    assert saved["checkin_id"] == session.record["id"]


async def test_checkin_block_asks_how_the_last_plan_went(make_app, ui_clock):
    app = make_app()
    seed_ratings(app, plans=[past_plan(CATALOGUE[0].id)])
    session = SimpleNamespace(record={"id": "c-8"}, clock=ui_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        host = BlockHost(session)
        app.push_screen(host)
        await pilot.pause()
        assert f"{CATALOGUE[0].name} was planned for Sunday, 4 days ago" in screen_text(app)
        await pilot.click("#activity-followup")
        await pilot.pause()
        assert isinstance(app.screen, ActivityFollowupScreen)
        await pilot.press("y", "5", "3", "ctrl+s")
        await pilot.pause()
        assert app.screen is host
        assert "Did you do it?" not in screen_text(app)
    assert stored(app).plans[0]["outcome"] == {"done": True, "rating_a": 5, "rating_b": 3}


async def test_call_off_the_next_plan(make_app):
    app = make_app()
    seed_ratings(app, plans=[past_plan(CATALOGUE[0].id, day="2026-11-28")])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_hub(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert f"Call off {CATALOGUE[0].name}, Saturday, in 2 days?" in screen_text(app)
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, ActivitiesScreen)
        assert not app.screen.query_one("#hobby-plans").display
    assert stored(app).plans == []
