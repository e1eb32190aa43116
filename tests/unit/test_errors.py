"""Refusals shown to the couple are one type (checkin.errors.Refusal), and the store's errors live
in the same module; the CLI prints a refusal as one calm line, never a traceback."""

from __future__ import annotations

from datetime import date

import pytest

from checkin import errors
from checkin.cli import main
from checkin.core.agenda import parse_agenda
from checkin.core.calendar import local_zone
from checkin.core.export import parse_since
from checkin.core.hobbies import HobbyState
from checkin.core.importer import loads
from checkin.core.plans import plan, record_outcome

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("refuse", "words"),
    [
        (lambda: parse_since("next tuesday-ish"), "is not a date"),
        (lambda: parse_agenda([], "mine.toml"), "an agenda must be a table"),
        (lambda: loads("{not json"), "not valid JSON"),
        (lambda: plan("walk", date(2026, 11, 1), today=TODAY), "already passed"),
        (lambda: record_outcome(HobbyState(), "nope", True), "No plan"),
        (lambda: local_zone("Mars/Olympus"), "Mars/Olympus"),
    ],
)
def test_what_the_couple_is_told_is_a_refusal(refuse, words):
    with pytest.raises(errors.Refusal, match=words) as caught:
        refuse()
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError keep working
    assert isinstance(caught.value, errors.CheckinError)


def test_store_errors_are_checkin_errors_in_the_one_module():
    for name in ("StoreError", "DamagedFileError", "NewerDataError", "AlreadyOpenError", "RefusedWriteError"):
        assert issubclass(getattr(errors, name), errors.CheckinError)


def test_the_cli_prints_a_refusal_as_one_line(tmp_path, capsys):
    from checkin.store.demo import write_demo

    write_demo(tmp_path, weeks=2, check_ins=1)
    code = main(["--data-dir", str(tmp_path), "export", "--since", "someday"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == ["checkin: 'someday' is not a date; use a day like 2026-11-01"]
