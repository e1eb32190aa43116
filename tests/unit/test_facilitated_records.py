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
        assert "(the facilitator called it)" in markdown
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
