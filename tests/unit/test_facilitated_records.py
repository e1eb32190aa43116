"""A facilitated check-in on record: the role in the summary, index, history, detail and export."""

from __future__ import annotations

import json

import arrow

from checkin.core import export
from checkin.core.clock import FakeClock
from checkin.core.detail import checkin_detail
from checkin.core.facilitator import Facilitator, friend_agenda, with_words
from checkin.core.model import Couple, Settings
from checkin.core.runner import CheckinRunner, new_checkin
from checkin.core.stats import history_row, row_search_text
from checkin.core.summary import summary
from checkin.store.repository import Repository

MIRA = Facilitator("Mira", "sage")


def facilitated(clock: FakeClock) -> dict:
    record = new_checkin(friend_agenda(), "a", clock)
    record["facilitator"] = MIRA.to_dict()
    runner = CheckinRunner(record, clock)
    clock.advance(60)
    runner.walk_away(20, caller="facilitator")
    clock.advance(21 * 60)
    runner.ready("a")
    runner.ready("b")
    clock.advance(60)
    runner.finish()
    return runner.record


def test_the_facilitator_called_break_and_the_role_are_on_record(clock):
    record = facilitated(clock)
    breaks = [e for e in record["events"] if e["type"] == "walk_away"]
    assert breaks[0]["caller"] == "facilitator"
    done = summary(record, {"a": "Ana", "b": "Bo"})
    assert done["facilitator"] == {"name": "Mira", "colour": "sage", "role": "facilitator"}
    detail = checkin_detail(record)
    assert detail.facilitator == "with Mira"
    assert [s.caller for s in detail.stops if s.kind == "break"] == ["facilitator"]


def test_a_check_in_without_a_friend_says_nothing_about_one(clock):
    record = new_checkin(friend_agenda(), "a", clock)
    CheckinRunner(record, clock).finish()
    assert summary(record)["facilitator"] is None
    assert with_words(record) == "" and checkin_detail(record).facilitator == ""
    assert with_words({"facilitator": {"name": ""}}) == ""  # a damaged entry is no facilitator


def test_history_lists_with_name_and_finds_it(clock):
    record = facilitated(clock)
    row = {**summary(record), "id": record["id"], "started_at": record["started_at"], "status": "completed"}
    shown = history_row(row, arrow.get(clock.now()), {"a": "Ana", "b": "Bo"})
    assert shown.facilitator == "with Mira"
    assert "with mira" in row_search_text(row)


def test_stored_and_exported_with_the_role(tmp_path, clock):
    repo = Repository(tmp_path / "data", clock).open()
    try:
        repo.save_first_run(Couple("Ana", "Bo"), Settings())
        record = facilitated(clock)
        repo.finish_into_history(record, summary(record, {"a": "Ana", "b": "Bo"}))
        assert repo.summaries()[0]["facilitator"]["role"] == "facilitator"
        data = json.loads(export.export_json(repo))
        assert data["checkins"][0]["facilitator"] == MIRA.to_dict()
        markdown = export.export_markdown(repo)
        assert "With Mira (facilitator)" in markdown
        assert "- After 1 min: the facilitator called a break of 21 min" in markdown
    finally:
        repo.close()


def test_trends_filter_with_and_without_a_friend():
    import pytest

    from checkin.core.trends import with_friend

    rows = [{"id": "1", "facilitator": MIRA.to_dict()}, {"id": "2"}, {"id": "3", "facilitator": None},
            {"id": "4", "facilitator": {"name": ""}}]  # fmt: skip
    assert [r["id"] for r in with_friend(rows, "with")] == ["1"]
    assert [r["id"] for r in with_friend(rows, "without")] == ["2", "3", "4"]
    assert len(with_friend(rows)) == 4
    with pytest.raises(ValueError):
        with_friend(rows, "some")


# -- the facilitator calls a pause or a break, and hands back the floor ---------------------------


def in_one_issue(clock: FakeClock) -> CheckinRunner:
    record = new_checkin(friend_agenda(), "a", clock)
    record["facilitator"] = MIRA.to_dict()
    runner = CheckinRunner(record, clock)
    while runner.state.block.id != "one-issue":
        runner.next_block()
    clock.advance(90)
    return runner


def test_the_facilitator_pauses_and_hands_back_the_floor_to_the_same_speaker(clock):
    import pytest

    from checkin.core.events import replay
    from checkin.errors import Refusal

    runner = in_one_issue(clock)
    runner.pass_floor()  # Bo paraphrases
    with pytest.raises(Refusal, match="no floor to hand back"):
        runner.hand_back()
    runner.pause(caller="facilitator")
    state = runner.state
    assert state.paused and state.pause_caller == "facilitator"
    talk = dict(state.talk)
    clock.advance(120)
    assert runner.state.talk == talk  # a pause is never talk
    runner.hand_back()
    state = runner.state
    assert not state.paused and state.pause_caller is None
    assert (state.phase, state.speaker) == ("paraphrase", "a")  # the floor goes back where it was
    assert [e.get("caller") for e in runner.record["events"] if e["type"] in ("pause", "hand_back")] == [
        "facilitator", "facilitator",
    ]  # fmt: skip
    assert replay(runner.record).pause_caller is None
    with pytest.raises(Refusal):
        runner.pause(caller="a")  # a partner's pause names nobody


def test_the_facilitator_hands_back_the_floor_after_a_break_of_twenty_minutes(clock):
    import pytest

    from checkin.errors import Refusal

    runner = in_one_issue(clock)
    runner.walk_away(20, caller="facilitator")
    clock.advance(10 * 60)
    with pytest.raises(Refusal, match="at least 20 minutes"):
        runner.hand_back()
    clock.advance(10 * 60 + 1)
    runner.hand_back()
    state = runner.state
    assert not state.on_break and state.break_count == 1 and (state.phase, state.speaker) == ("speak", "a")


def test_detail_summary_history_and_export_say_the_facilitator_called_it_without_blame(tmp_path, clock):
    from checkin.core.detail import stop_words
    from checkin.core.stats import ending_words

    runner = in_one_issue(clock)
    runner.pause(caller="facilitator")
    clock.advance(3 * 60)
    runner.hand_back()
    clock.advance(60)
    runner.pause()  # a partner's pause: nobody named
    clock.advance(60)
    runner.resume()
    runner.walk_away(20, caller="facilitator")
    clock.advance(25 * 60)
    runner.hand_back()
    clock.advance(60)
    runner.finish()
    record = runner.record
    names = {"a": "Ana", "b": "Bo"}
    stops = checkin_detail(record).stops
    assert [(s.kind, s.caller, s.handed_back) for s in stops] == [
        ("pause", "facilitator", True), ("pause", None, False), ("break", "facilitator", True),
    ]  # fmt: skip
    words = [stop_words(s, names) for s in stops]
    assert words == [
        "the facilitator called a pause of 3 min, then handed back the floor",
        "a pause of 1 min",
        "the facilitator called a break of 25 min, then handed back the floor",
    ]
    assert not any("Ana" in w or "Bo" in w for w in words)  # no blame on a partner
    done = summary(record, names)
    assert done["breaks"]["facilitator"] == 1 and done["pauses"]["facilitator"] == 1
    assert ending_words({**done, "status": "ended_early"}) == "Ended early after a break (the facilitator called it)"
    repo = Repository(tmp_path / "data", clock).open()
    try:
        repo.save_first_run(Couple("Ana", "Bo"), Settings())
        repo.finish_into_history(record, done)
        markdown = export.export_markdown(repo)
        assert ": the facilitator called a pause of 3 min, then handed back the floor\n" in markdown
        assert "the facilitator called a break of 25 min" in markdown
        # an export with the facilitator's events imports again, whole, into another folder
        text = export.export_json(repo)
    finally:
        repo.close()
    other = Repository(tmp_path / "other", clock).open()
    try:
        other.save_first_run(Couple("Ana", "Bo"), Settings())
        report = export.import_text(other, text)
        assert report.added == 1, report
        kept = other.checkin(record["id"])
        assert [e.get("caller") for e in kept["events"] if e["type"] == "hand_back"] == ["facilitator"] * 2
    finally:
        other.close()


def test_the_facilitators_notes_are_agreements_and_action_items_only(clock):
    import pytest

    from checkin.core.session import CheckinSession
    from checkin.errors import Refusal

    class Store:
        record = None

        def current(self):
            return self.record

        def save_current(self, record):
            self.record = record

        def finish_into_history(self, record, summary):  # pragma: no cover - not reached
            pass

    session = CheckinSession.begin(Store(), clock, friend_agenda(), "a", facilitator=MIRA.to_dict())
    with pytest.raises(Refusal):
        session.add_agreement("   ")
    with pytest.raises(Refusal):
        session.add_note("facilitator", "what Ana said")  # never a note of their own
    session.add_agreement("We take turns cooking on weekdays.")
    session.add_facilitator_action("Book the plumber")
    state = session.state
    agreed = [(n.partner, n.kind, n.text) for n in state.notes]
    assert agreed == [("both", "agreement", "We take turns cooking on weekdays.")]
    (action,) = state.actions
    assert action.owner == "both" and action.due == "2026-11-29"
    noted = [e for e in session.record["events"] if e["type"] in ("note", "action")]
    assert [e.get("by") for e in noted] == ["facilitator", "facilitator"]
    block = checkin_detail(session.record).blocks[0]
    assert block.notes == [("agreement", "We take turns cooking on weekdays.")]


def test_the_facilitators_unsaved_text_is_kept_and_never_finished_over(clock):
    import pytest

    from checkin.core.session import CheckinSession
    from checkin.errors import Refusal

    class Store:
        record = None

        def current(self):
            return self.record

        def save_current(self, record):
            import copy

            self.record = copy.deepcopy(record)

        def finish_into_history(self, record, summary):
            self.finished = record

    store = Store()
    session = CheckinSession.begin(store, clock, friend_agenda(), "a", facilitator=MIRA.to_dict())
    session.type_friend_note("Sundays are for us")
    clock.advance(1)
    session.tick()
    assert store.record["facilitator_draft"] == "Sundays are for us"
    again = CheckinSession.reopen(store, clock)
    assert again.friend_draft == "Sundays are for us"
    with pytest.raises(Refusal, match="facilitator's box"):
        again.finish()
    again.add_agreement(again.friend_draft)
    assert store.record["facilitator_draft"] is None
    again.finish()
    assert store.finished["status"] == "ended_early"
