"""What is kept about a finished check-in in the small index, beside the full record."""

from __future__ import annotations

from typing import Any

from .runner import open_actions_after, summary


def finished_summary(record: dict[str, Any], names: dict[str, str] | None = None) -> dict[str, Any]:
    """The runner's summary plus what the next check-in needs without reading all history:
    who spoke first (it alternates) and the action items still open."""
    result: dict[str, Any] = dict(summary(record, names))  # a Summary (core.records) plus two keys
    result["first_speaker"] = record.get("first_speaker")
    result["open_actions"] = open_actions_after(record)
    return result
