"""The private notes written during a couple check-in (core/solo.py), as journal entries."""

from __future__ import annotations

from checkin.core.solo import PRIVATE_NOTE_KIND, private_note_entry, private_notes, unfinished_private_note


def test_an_entry_names_its_author_and_check_in():
    entry = private_note_entry("pn1", "b", "a thought", "2026-11-26T12:00:00+00:00", "c1", draft=True)
    assert entry == {"id": "pn1", "kind": PRIVATE_NOTE_KIND, "author": "b", "text": "a thought",
                     "at": "2026-11-26T12:00:00+00:00", "checkin": "c1", "draft": True}


def test_the_last_unsaved_note_comes_back_and_saved_ones_are_listed():
    saved = private_note_entry("pn1", "a", "kept", "t1", "c1", draft=False)
    empty = private_note_entry("pn2", "a", "  ", "t2", "c1", draft=True)
    left = private_note_entry("pn3", "a", "half", "t3", "c2", draft=True)
    reflection = {"id": "r-x", "kind": "reflection", "record": {}}
    assert unfinished_private_note([saved, left, empty, reflection]) == left
    assert unfinished_private_note([saved, empty, reflection]) is None
    assert private_notes([reflection, saved, left]) == [saved]


def test_the_dream_names_the_topics_that_came_back_most_first():
    from checkin.core.solo import topics_coming_back

    def row(day: str, topic: str) -> dict:
        return {"started_at": f"2026-{day}T19:00:00+00:00", "blocks": [{"kind": "floor", "topic": topic}]}

    rows = [row("09-01", "The dishes"), row("09-08", "money"), row("09-15", "the dishes!"),
            row("09-22", "Sunday mornings"), row("09-29", "Money"), row("10-06", "dishes")]
    line = topics_coming_back(rows)
    assert line.startswith("From your check-ins together: The dishes, 3 times")
    assert "money, 2 times" in line.lower() and "sunday" not in line.lower()
    assert topics_coming_back([row("09-01", "once only")]) == ""
