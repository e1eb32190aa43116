"""Sample data for --demo, screenshots and benchmarks, written through a store it is given.

Each weekly check-in is played through the real runner on a fake clock, so the demo holds
the same events (turns, notes, pauses, breaks, ratings, action items) a couple would make.
"""

from __future__ import annotations

import random
from typing import Any, Protocol

import arrow

from .agenda import Agenda, load_agendas
from .clock import FakeClock
from .finishing import finished_summary
from .model import Couple, Settings
from .runner import CheckinRunner, first_speaker_for, new_checkin, open_actions_after

COUPLES = [("Ana", "Bo"), ("Maya", "Jonas"), ("Sam", "Riley"), ("Lena", "Tomás")]

TOPICS = [
    "the dishes", "money for the holidays", "time with friends", "screen time in bed",
    "visiting my parents", "who plans the weekends", "the dishes", "being late",
]
APPRECIATIONS = [
    "I appreciated it when you made coffee before I woke up.",
    "Thank you for listening on Tuesday when work was hard.",
    "I loved how you laughed with the kids at dinner.",
    "Thanks for handling the car repair.",
    "I noticed you called my mum; that meant a lot.",
    "You were patient with me when I was grumpy.",
]
WENT_RIGHT = [
    "We cooked together twice.", "The weekend walk was lovely.", "We sorted the bills calmly.",
    "We both got enough sleep this week.",
]
ACTIONS = [
    "Book a table for Friday", "Call the plumber", "Plan a walk on Saturday morning",
    "Put phones away after 22:00", "Sort the winter clothes", "Ask Mum about Christmas",
    "Try the new Thai place", "Set up the shared calendar",
]
FEELINGS = [
    "I feel tense about {t}; I need us to share it more evenly.",
    "I feel unheard about {t}. I need a moment to explain without being fixed.",
    "I feel tired when {t} comes up late at night; I need us to talk earlier.",
]


class DemoStore(Protocol):
    """What the demo writer needs of a store (the repository has it)."""

    def save_first_run(self, couple: Couple, settings: Settings) -> None: ...

    def bulk_import(self, records: list[dict[str, Any]], *, backup: bool = True) -> int: ...


def demo_start(weeks: int, end: arrow.Arrow | None) -> tuple[arrow.Arrow, arrow.Arrow]:
    """The day the demo ends (default today) and the Sunday its first week starts on."""
    end = (end or arrow.utcnow()).floor("day")
    # Check-ins fall on the settings' day (Sunday), as the home screen's "next check-in" says.
    last_sunday = end.shift(days=-((end.weekday() + 1) % 7 or 7))
    return end, last_sunday.shift(weeks=-(max(weeks, 1) - 1))


def fill_demo(
    store: DemoStore,
    weeks: int = 52,
    seed: int = 7,
    end: arrow.Arrow | None = None,
    *,
    check_ins: int | None = None,
    backup: bool = True,
) -> int:
    """Give an empty ``store`` a couple, settings and a check-in for most of ``weeks`` weeks
    (some weeks are skipped, as in life) up to ``end`` (default: today, so pass a fixed ``end``
    for stable snapshots). With ``check_ins``, exactly that many check-ins are written over the
    ``weeks`` (which must be at least as many). Returns how many check-ins were written.
    ``checkin.store.demo.write_demo`` does this for a folder."""
    if check_ins is not None and not 0 <= check_ins <= weeks:
        raise ValueError("there must be at least as many weeks as check-ins")
    rng = random.Random(seed)
    end, start = demo_start(weeks, end)
    agendas = {a.id: a for a in load_agendas()[0]}
    a, b = COUPLES[seed % len(COUPLES)]
    store.save_first_run(Couple(a, b, created_at=start.isoformat()), Settings())
    records: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for week in _weeks_with_checkins(rng, weeks, check_ins):
        agenda = agendas["short"] if rng.random() < 0.3 else agendas["weekly"]
        when = start.shift(weeks=week, hours=18 + rng.randint(0, 2), minutes=rng.choice((0, 15, 30)))
        record = play_checkin(agenda, when, rng, previous, names={"a": a, "b": b})
        records.append(record)
        previous = record
    if records:
        store.bulk_import(records, backup=backup)
    return len(records)


def _weeks_with_checkins(rng: random.Random, weeks: int, check_ins: int | None):
    """The weeks (0 = the first) that have a check-in: most of them, some skipped as in life;
    with ``check_ins``, exactly that many, always the first and the last week among them."""
    if check_ins is None:
        for week in range(weeks):
            if week and rng.random() < 0.12:  # some weeks life gets in the way
                continue
            yield week
        return
    if check_ins == 0:
        return
    ends = [0, weeks - 1][: min(check_ins, 2 if weeks > 1 else 1)]
    middle = rng.sample(range(1, weeks - 1), check_ins - len(ends)) if check_ins > len(ends) else []
    yield from sorted(set(ends) | set(middle))


def play_checkin(
    agenda: Agenda,
    when: arrow.Arrow,
    rng: random.Random,
    previous: dict[str, Any] | None,
    names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One check-in played through the runner on a fake clock; returns the finished record."""
    clock = FakeClock(when, mono=1000.0)
    first = first_speaker_for(previous.get("first_speaker") if previous else None)
    carried = open_actions_after(previous) if previous else []
    record = new_checkin(agenda, first, clock, previous_actions=carried)
    runner = CheckinRunner(record, clock)
    mood = {p: rng.randint(4, 8) for p in "ab"}
    ended_early = rng.random() < 0.05
    for index, block in enumerate(agenda.blocks):
        _play_block(runner, clock, rng, block.kind, block.seconds, mood, carried)
        if ended_early and index >= 3:
            break
        if index < len(agenda.blocks) - 1:
            runner.next_block()
    runner.finish()
    record["summary"] = finished_summary(record, names)
    return record


def _talk(clock: FakeClock, rng: random.Random, seconds: float) -> None:
    clock.advance(max(10.0, rng.gauss(seconds, seconds * 0.2)))


def _play_block(runner, clock, rng, kind, seconds, mood, carried) -> None:  # noqa: C901
    if kind == "rating":
        for p in "ab":
            mood[p] = max(0, min(10, mood[p] + rng.randint(-1, 2)))
            runner.set_rating(p, mood[p], max(0, min(10, mood[p] + rng.randint(-2, 1))), rng.random() < 0.85)
        _talk(clock, rng, seconds * 0.8)
    elif kind == "turns":
        state = runner.state
        turns = (state.block.rounds or 1) * 2
        for _ in range(turns):
            speaker = runner.state.speaker or "a"
            _talk(clock, rng, (state.block.turn_minutes or 2) * 60 * rng.uniform(0.6, 1.2))
            if rng.random() < 0.5:
                runner.add_note(speaker, rng.choice(APPRECIATIONS))
            if runner.state.phase == "turn":
                runner.pass_floor()
    elif kind == "together":
        _talk(clock, rng, seconds)
        runner.add_note("both", rng.choice(WENT_RIGHT))
    elif kind == "review":
        for item in carried:
            runner.review_item(str(item["id"]), rng.choice(("done", "done", "carried", "dropped")))
        _talk(clock, rng, seconds * 0.8)
    elif kind == "activity":
        _talk(clock, rng, seconds)
        runner.add_note("both", "Plan: " + rng.choice(("a walk by the river", "cook something new",
                                                      "board games night", "pottery class")))
    elif kind == "floor":
        _play_floor(runner, clock, rng, seconds)
    elif kind == "actions":
        for _ in range(rng.randint(1, 3)):
            due = clock.now().shift(days=rng.randint(2, 7)).date().isoformat()
            runner.add_action(rng.choice(ACTIONS), rng.choice(("a", "b", "both")), due)
        _talk(clock, rng, seconds * 0.8)
    else:
        _talk(clock, rng, seconds)


def _play_floor(runner, clock, rng, seconds) -> None:
    topic = rng.choice(TOPICS)
    runner.set_topic(topic)
    block = runner.state.block
    exchanges = rng.randint(1, 3)
    for _ in range(exchanges * 2):
        state = runner.state
        if state.phase != "speak":
            break
        speaker = state.speaker
        _talk(clock, rng, (block.turn_minutes or 3) * 60 * rng.uniform(0.6, 1.3))
        if rng.random() < 0.6:
            runner.add_note(speaker, rng.choice(FEELINGS).format(t=topic))
        if rng.random() < 0.1:
            runner.pause()
            clock.advance(rng.uniform(60, 300))
            runner.resume()
        runner.pass_floor()  # -> paraphrase
        _talk(clock, rng, (block.paraphrase_minutes or 1) * 60)
        runner.pass_floor()  # -> "Is there more?"
        runner.confirm_understood(speaker)  # floor passes
        if rng.random() < 0.08 and not runner.state.on_break:
            runner.walk_away(20, caller=None)
            clock.advance(20 * 60 + rng.uniform(0, 600))
            runner.ready("a")
            runner.ready("b")
    state = runner.state
    if state.phase != "solve":
        for p in "ab":
            if not runner.state.understood.get(p) and runner.state.phase != "solve":
                try:
                    runner.confirm_understood(p)
                except ValueError:
                    break
    _talk(clock, rng, max(60.0, seconds * 0.2))
