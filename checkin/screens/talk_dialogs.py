"""The talk's ways out and back: pause, walk away, the break, and finishing. Each dialog asks;
the session acts; the talk screen redraws."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .talk import TalkScreen


def show_pause(screen: TalkScreen) -> None:
    from .talk_friend import HAND_BACK, pause_screen_for

    session = screen.session

    def resumed(choice: object) -> None:
        if choice == "walk":
            ask_walk_away(screen, from_pause=True)  # still paused while you choose
        elif choice == HAND_BACK and session.state.paused:
            screen.run(session.hand_back)  # the facilitator hands back the floor
        elif session.state.paused:
            screen.run(session.resume)

    screen.app.push_screen(pause_screen_for(session), resumed)  # the facilitator's when they called it


def ask_walk_away(screen: TalkScreen, from_pause: bool = False) -> None:
    from .walkaway import WalkAwayScreen

    session = screen.session
    record_caller = screen.app.settings.record_break_caller

    def chosen(choice: tuple[float, str | None] | None) -> None:
        if choice is None:
            if from_pause:
                show_pause(screen)  # "Stay" keeps the pause: nobody asked to go on
            return
        minutes, caller = choice
        if screen.run(session.walk_away, minutes, caller):  # a pause ends first
            show_break(screen)

    screen.app.push_screen(WalkAwayScreen(screen.names, record_caller), chosen)


def show_break(screen: TalkScreen) -> None:
    from .talk_friend import break_screen_for

    def back(result: str | None) -> None:
        if result == "home":
            screen.app.pop_screen()
        else:
            screen.redraw_now()

    screen.app.push_screen(break_screen_for(screen.session, screen.names), back)  # the facilitator's, if theirs


def ask_finish(screen: TalkScreen) -> None:
    from .confirm import ConfirmScreen

    state = screen.session.state
    question = (
        "Finish the check-in and see the summary?"
        if state.is_last_block
        else f"You are at part {state.block_index + 1} of {len(state.agenda.blocks)}. "
        "End the check-in here? Everything so far is kept."
    )

    def answer(yes: bool | None) -> None:
        if yes:
            screen.finish()

    screen.app.push_screen(ConfirmScreen(question, "Finish", "Keep going"), answer)
