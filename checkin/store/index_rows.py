"""The index's rows: what ``index.json`` keeps of each finished check-in in ``history.json``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _index_row(record: dict[str, Any]) -> dict[str, Any]:
    """What the small index keeps of a finished check-in: its summary and when/how it ended."""
    row = dict(record.get("summary") or {})
    row.update({k: record.get(k) for k in ("id", "started_at", "ended_at", "status")})
    return row


def index_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The index made afresh from full history records, the one place that does it (the app
    after a damaged journal, and ``doctor --repair``): one row a check-in, in history's order,
    a repeated id kept once, a record without a summary given one made from its events."""
    rows: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for record in records:
        if record.get("id") in seen:
            continue
        seen.add(record.get("id"))
        if not isinstance(record.get("summary"), dict):
            from ..core.finishing import finished_summary

            record = dict(record)
            try:
                record["summary"] = finished_summary(record)
            except (ValueError, KeyError, TypeError, AttributeError):
                record["summary"] = {}
        rows.append(_index_row(record))
    return rows
