"""A time-out lasts at most 24 hours (DOMAIN.md), more time included."""

from __future__ import annotations

import pytest

from checkin.core.agenda import load_agendas
from checkin.core.runner import CheckinRunner, new_checkin


def test_more_time_never_takes_a_break_past_24_hours(clock):
    runner = CheckinRunner(new_checkin({a.id: a for a in load_agendas()[0]}["weekly"], "a", clock), clock)
    runner.walk_away(23 * 60 + 40)
    runner.more_time(20)
    assert runner.state.break_planned == 24 * 3600
    with pytest.raises(ValueError, match="at most 24 hours"):
        runner.more_time(10)
    assert runner.state.break_planned == 24 * 3600
