"""`checkin demo-data`: --check-ins N writes exactly N check-ins; --weeks W is the span they cover."""

from __future__ import annotations

import arrow
import pytest

from checkin import cli
from checkin.store.demo import write_demo
from checkin.store.repository import Repository

END = arrow.get("2026-11-26T12:00:00+00:00")


def written(folder) -> list[str]:
    repo = Repository(folder).open()
    try:
        return sorted(r["started_at"] for r in repo.summaries())
    finally:
        repo.close()


@pytest.mark.parametrize(("count", "weeks"), [(60, 69), (54, 60), (1, 1), (5, 5), (3, 40)])
def test_exactly_n_check_ins_over_w_weeks(tmp_path, count, weeks):
    assert write_demo(tmp_path / "d", weeks, seed=7, end=END, check_ins=count) == count
    starts = written(tmp_path / "d")
    assert len(starts) == count
    span = (arrow.get(starts[-1]).floor("day") - arrow.get(starts[0]).floor("day")).days
    assert round(span / 7) == weeks - 1  # first and last week of the span both have one


def test_more_check_ins_than_weeks_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least as many weeks"):
        write_demo(tmp_path / "d", 5, check_ins=6)


def test_without_check_ins_weeks_are_skipped_as_before(tmp_path):
    # the --demo app and the snapshot tests keep their data: 52 weeks, a few skipped
    count = write_demo(tmp_path / "d", 52, seed=7, end=END)
    assert 40 < count < 52


def test_cli_check_ins_60_writes_60(tmp_path, capsys):
    assert cli.main(["demo-data", str(tmp_path / "d"), "--check-ins", "60"]) == 0
    assert len(written(tmp_path / "d")) == 60
    err = capsys.readouterr().err
    assert "Wrote 60 sample check-ins over 67 weeks" in err


def test_cli_weeks_sets_the_span(tmp_path, capsys):
    assert cli.main(["demo-data", str(tmp_path / "d"), "--check-ins", "10", "--weeks", "30"]) == 0
    assert len(written(tmp_path / "d")) == 10
    assert "Wrote 10 sample check-ins over 30 weeks" in capsys.readouterr().err


@pytest.mark.parametrize("weeks", ["9", "0", "-3"])
def test_cli_refuses_fewer_weeks_than_check_ins(tmp_path, capsys, weeks):
    assert cli.main(["demo-data", str(tmp_path / "d"), "--check-ins", "10", "--weeks", weeks]) != 0
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--weeks must be between 10" in err
    assert not (tmp_path / "d").exists()


def test_the_throwaway_demo_folder_gets_no_backup_set_but_the_same_data(tmp_path):
    from checkin.store.backups import backup_sets

    kept = write_demo(tmp_path / "kept", 8, seed=3, end=END)
    thrown = write_demo(tmp_path / "thrown", 8, seed=3, end=END, backup=False)
    assert kept == thrown > 0
    assert written(tmp_path / "kept") == written(tmp_path / "thrown")
    assert len(backup_sets(tmp_path / "kept")) == 1  # sample data for keeping is backed up
    assert backup_sets(tmp_path / "thrown") == []
    repo = Repository(tmp_path / "thrown").open()
    try:
        assert len(repo.search_texts()) == thrown  # the derived files are made all the same
        assert len(repo.started_stamps()) == thrown
    finally:
        repo.close()


def test_checkin_demo_writes_its_sample_data_without_a_backup(monkeypatch):
    seen = {}

    def fake_run_app(folder, *, demo=False):
        from checkin.store.backups import backup_sets

        seen["demo"], seen["backups"] = demo, backup_sets(folder)
        seen["count"] = len(written(folder))
        return 0

    monkeypatch.setattr(cli, "run_app", fake_run_app)
    assert cli.main(["--demo"]) == 0
    assert seen["demo"] is True and seen["count"] > 40 and seen["backups"] == []
