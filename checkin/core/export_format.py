"""The JSON export file: its format, and what export and import need from storage (no Textual here).

The JSON export (``format: "checkin-export"``, ``version: 1``) holds::

    couple        {"name_a", "name_b", "created_at", ...}  or null before the first run
    settings      the couple's settings (see checkin.core.model.Settings)
    sections      {"hobbies": {...}}: the hobby picker's ratings, own activities, plans, outcomes
    checkins      every finished check-in in full: agenda, events, previous_actions, summary
    action_items  derived, for reading: every action item with its owner, due day and status
    since         the --since day, or null when everything was exported

It is written with sorted keys and a fixed layout, so the same data always gives the same bytes:
export, import into an empty folder and export again gives an identical file. Import merges by id
(importing a file twice changes nothing), and checks the whole file first: on any problem it
changes nothing and lists exactly what is wrong (never the text of a note).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

from checkin.core.model import Couple, Settings
from checkin.core.text import escape_json_controls

FORMAT = "checkin-export"
VERSION = 1
SECTIONS = ("hobbies", "bridge")  # bridge: what a partner chose to bring from a solo reflection
STATUSES = ("completed", "ended_early")


class Store(Protocol):
    """What export and import need from the repository."""

    def couple(self) -> Couple | None: ...
    def settings(self) -> Settings: ...
    def section(self, name: str) -> dict[str, Any]: ...
    def save_section(self, name: str, data: dict[str, Any]) -> None: ...
    def save_first_run(self, couple: Couple, settings: Settings) -> None: ...
    def summaries(self) -> list[dict[str, Any]]: ...
    def all_checkins(self) -> list[dict[str, Any]]: ...
    def bulk_import(self, records: list[dict[str, Any]]) -> Any: ...
    def checkin_ids(self) -> set[str]: ...
    def transaction(self) -> AbstractContextManager[None]: ...


def sort_key(record: Mapping[str, Any]) -> tuple[str, str]:
    """Check-ins oldest first (ties by id), the one order of every export."""
    return str(record.get("started_at") or ""), str(record.get("id") or "")


def dumps(data: Any) -> str:
    """The one layout used for exports: sorted keys, 2 spaces, UTF-8 text, a final newline.

    Control characters are written as ``\\uXXXX`` escapes (json does that for C0 itself; DEL,
    C1 and bidi controls are done here), so printing an export to a terminal never acts on
    anything in it, while reading it back gives exactly the same data."""
    return escape_json_controls(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


__all__ = ["FORMAT", "SECTIONS", "STATUSES", "VERSION", "Store", "dumps", "sort_key"]
