"""A check-in that finished but never reached history (a crash between the steps) is completed
on the next start, summary and all: the couple is never stuck with a dead "Resume"."""

from __future__ import annotations

import threading

from checkin.core.agenda import load_agendas
from checkin.core.model import Couple, Settings
from checkin.core.runner import CheckinRunner, new_checkin
from checkin.store.repository import Repository


def _finished_draft_without_summary(folder, clock) -> str:
    repo = Repository(folder, clock).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    record = new_checkin({a.id: a for a in load_agendas()[0]}["short"], "a", clock)
    runner = CheckinRunner(record, clock, on_change=repo.save_current)
    runner.set_rating("a", 5, 6)
    clock.advance(60)
    runner.add_note("a", "kept through the crash")
    runner.finish()  # saved as finished ... and the app dies before finish_into_history
    repo.close()
    return record["id"]


def test_finished_draft_without_summary_is_moved_to_history(data_dir, clock):
    rid = _finished_draft_without_summary(data_dir, clock)
    repo = Repository(data_dir, clock).open()
    assert repo.current() is None
    [row] = repo.summaries()
    assert row["id"] == rid and row["status"] == "ended_early"
    assert row["first_speaker"] == "a"
    assert row["ratings_before"]["a"] == {"mood": 5, "connection": 6, "hard_topic_ok": None}
    full = repo.checkin(rid)
    assert any(e.get("text") == "kept through the crash" for e in full["events"])
    repo.close()
    # and it is not moved twice
    repo = Repository(data_dir, clock).open()
    assert len(repo.summaries()) == 1
    repo.close()


def test_workers_and_the_ui_thread_do_not_interleave_writes(data_dir, clock):
    """Deleting a check-in while another thread reads history for the first time must not
    bring it back (the repository serialises its TinyDB work)."""
    repo = Repository(data_dir, clock).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    for n in range(30):
        repo.bulk_import([{"id": f"c{n}", "status": "completed", "started_at": f"2026-01-{n % 28 + 1:02d}",
                             "events": [], "summary": {}}])
    repo.close()
    for _ in range(5):
        repo = Repository(data_dir, clock).open()
        ids = [r["id"] for r in repo.summaries()]
        victim = ids[0]
        reader = threading.Thread(target=repo.all_checkins)
        reader.start()
        repo.delete_checkin(victim)
        reader.join()
        repo.save_settings(Settings(time="20:00"))  # any later write
        repo.bulk_import([{"id": f"new-{victim}", "status": "completed", "started_at": "2026-02-01",
                             "events": [], "summary": {}}])
        assert repo.checkin(victim) is None
        repo.close()
        again = Repository(data_dir, clock).open()
        assert again.checkin(victim) is None
        assert victim not in [r["id"] for r in again.summaries()]
        again.close()
