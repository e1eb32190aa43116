"""A damaged event is skipped (the rest of the check-in stays usable) but never silently: the
log names its type and position, and never the text the couple wrote."""

from __future__ import annotations

import logging

from checkin.core.agenda import parse_agenda
from checkin.core.events import fold

AGENDA = parse_agenda(
    {"id": "t", "title": "T", "blocks": [{"kind": "together", "title": "Together", "minutes": 5}]}, "t"
)


def _record(*events):
    return {"agenda": AGENDA.to_dict(), "first_speaker": "a", "events": list(events)}


def test_a_damaged_event_is_skipped_and_logged_by_type_and_position_only(caplog) -> None:
    start = {"type": "start", "at": "2026-11-22T18:00:00+00:00", "seg": 0, "m": 0.0}
    broken = {"type": "note", "at": "2026-11-22T18:01:00+00:00", "seg": 0, "m": 60.0,
              "partner": "a", "text": "a secret we said"}  # no "id": damaged
    good = {"type": "note", "at": "2026-11-22T18:02:00+00:00", "seg": 0, "m": 120.0,
            "id": "n2", "partner": "b", "text": "kept"}
    with caplog.at_level(logging.WARNING, logger="checkin.core.events"):
        state = fold(_record(start, broken, good))
    assert [n.text for n in state.notes] == ["kept"]
    assert state.events == 3
    [entry] = caplog.records
    message = entry.getMessage()
    assert "'note'" in message and "position 1" in message and "KeyError" in message
    assert "secret" not in message


def test_good_events_log_nothing(caplog) -> None:
    start = {"type": "start", "at": "2026-11-22T18:00:00+00:00", "seg": 0, "m": 0.0}
    with caplog.at_level(logging.DEBUG, logger="checkin.core.events"):
        fold(_record(start, {"type": "pause", "at": start["at"], "seg": 0, "m": 1.0}))
    assert caplog.records == []
