"""The hobby picker while only one name exists (issue 12, "Just me for now"): every activities
screen speaks to one person ("rate your side now; your partner rates later, still blind"),
never "both of you", and nothing breaks; once a second name is added, the couple's words return."""

from __future__ import annotations

import pytest

from checkin.core.catalogue import load_catalogue
from checkin.core.hobbies import HobbyState
from checkin.core.model import Couple
from checkin.core.solo import ONE_PERSON_RATE
from checkin.screens.activities import ActivitiesScreen
from checkin.screens.activities_custom import ActivityEditScreen
from checkin.screens.activities_followup import ActivityFollowupScreen
from checkin.screens.activities_matches import ActivityMatchesScreen
from checkin.screens.activities_plan import ActivityPlanScreen
from checkin.screens.activities_rate import ActivityRateScreen
from checkin.screens.solo_home import SoloHomeScreen

from .test_activities import past_plan, screen_text, stored

CATALOGUE, _ = load_catalogue()
ONE = ("Ana", "")
TWO_WORDS = ("both of you", "you both", "each of you", "one of you", "the other", "look away", "'s turn")


def footer_words(app) -> str:
    return " ".join(b.binding.description for b in app.screen.active_bindings.values() if b.binding.show)


def speaks_to_one(app) -> None:
    text = (screen_text(app) + " " + footer_words(app)).lower()
    for words in TWO_WORDS:
        assert words not in text, f"{words!r} on {type(app.screen).__name__}"
    assert " rates (2)" not in text and "surprise us" not in text


async def wait_for(pilot, condition, tries: int = 100) -> None:
    for _ in range(tries):
        await pilot.pause()
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


@pytest.mark.slow  # a long journey (seconds of CPU); its steps have quicker tests; CI runs it
async def test_every_activities_screen_speaks_to_one_person_at_80x24(make_app):
    app = make_app(couple=ONE)
    app.repo.save_section("hobbies", HobbyState(plans=[past_plan(CATALOGUE[0].id)]).to_dict())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SoloHomeScreen)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivitiesScreen))
        hub = app.screen
        assert ONE_PERSON_RATE in screen_text(app)
        assert "Your partner: later, still blind" in screen_text(app)
        speaks_to_one(app)

        await pilot.press("2")  # there is no second side to rate yet
        await pilot.pause()
        assert app.screen is hub
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivityRateScreen))
        assert "Ready when you are." in screen_text(app)
        assert ONE_PERSON_RATE in screen_text(app)
        speaks_to_one(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.mode == "rate"
        speaks_to_one(app)
        await pilot.press("1", "1", "2", "3", "4")
        app.screen.set_mode("done")
        await pilot.pause()
        assert "Your partner rates later, still blind" in screen_text(app)
        speaks_to_one(app)
        await pilot.press("t", "m")  # no hand-over, no reveal: nobody else is there yet
        await pilot.pause()
        assert isinstance(app.screen, ActivityRateScreen) and app.screen.partner == "a"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is hub
        assert len(stored(app).ratings_a) == 5 and stored(app).ratings_b == {}

        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivityMatchesScreen))
        assert "it is just you for now" in screen_text(app)
        speaks_to_one(app)
        await pilot.press("i")
        await pilot.pause()
        assert app.screen.suggestions  # her own loves and likes, new for her partner
        assert "your partner rates later" in screen_text(app).lower()
        speaks_to_one(app)
        await pilot.press("s")
        await pilot.pause()
        assert "How about" in screen_text(app)
        speaks_to_one(app)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivityPlanScreen))
        speaks_to_one(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is hub)

        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivityEditScreen))
        speaks_to_one(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is hub)

        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivityFollowupScreen))
        await pilot.press("y")
        await pilot.pause()
        assert "How did it go for you?" in screen_text(app)
        assert not app.screen.query("#score-b-1")  # only her own "how did it go"
        speaks_to_one(app)
        await pilot.press("4", "5")  # a second number changes her answer, never a partner's
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is hub
    (plan,) = stored(app).plans
    assert plan["outcome"] == {"done": True, "rating_a": 5, "rating_b": None}


async def test_a_second_name_brings_back_the_couples_words_and_the_partners_turn(make_app):
    app = make_app(couple=ONE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.repo.save_couple(Couple("Ana", "Bo"))
        app.push_screen(ActivitiesScreen())
        await pilot.pause()
        assert "Rate on your own, then see what you both enjoy." in screen_text(app)
        assert app.screen.query_one("#hobby-rate-b").display
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivityRateScreen))
        assert "Ana, look away for a moment." in screen_text(app)


@pytest.mark.parametrize("screen", ["hub", "rate"])
def test_snapshot_one_person_activities(snap_compare, make_app, screen):
    app = make_app(couple=ONE)

    async def setup(pilot):
        await pilot.pause()
        app.push_screen(ActivitiesScreen() if screen == "hub" else ActivityRateScreen("a"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=setup)
