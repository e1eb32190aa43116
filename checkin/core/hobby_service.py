"""The couple's hobby state and catalogue, read from and saved through a small store protocol.

The hobby screens and the check-in's "plan good times" block share this service; it lives in the
core (no Textual) so a widget never needs a screen's module to save an answer.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from ..errors import Refusal
from .catalogue import Activity, load_catalogue, visible
from .clock import Clock
from .hobbies import STATE_VERSION, HobbyState, local_today, shared_order_seed
from .model import Couple
from .plans import record_outcome

SECTION = "hobbies"


class SectionStore(Protocol):
    """What the service needs of storage (the repository has it)."""

    def section(self, name: str) -> dict[str, Any]: ...

    def save_section(self, name: str, data: dict[str, Any]) -> None: ...


def couple_order_seed(couple: Couple | None) -> int:
    """Both partners rate in one shared order, shuffled per couple (see ``shared_order_seed``)."""
    key = (couple.created_at or f"{couple.name_a}\n{couple.name_b}") if couple is not None else ""
    return shared_order_seed(key)


class HobbyData:
    """The couple's hobby state and catalogue, as stored now; ``save`` writes it back at once."""

    def __init__(self, store: SectionStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.state = HobbyState.from_dict(store.section(SECTION))
        self.catalogue, self.problems = load_catalogue(self.state.custom)

    def save(self) -> None:
        """Write the state back; refused (nothing written) when a newer checkin wrote it."""
        if self.state.newer:
            raise Refusal(
                f"Your activities were last saved by a newer checkin (version {self.state.version}; this "
                f"one knows up to {STATE_VERSION}). They are shown but not changed: update checkin to change them."
            )
        self.store.save_section(SECTION, dict(self.state.to_dict()))

    def keep_custom(self, entry: dict[str, Any]) -> None:
        """Store a couple's own (new or edited) activity and show it at once."""
        self.state.put_custom(entry)
        self.save()
        self.reload_catalogue()

    def reload_catalogue(self) -> None:
        self.catalogue, self.problems = load_catalogue(self.state.custom)

    @property
    def shown(self) -> list[Activity]:
        """The catalogue without what the couple hid."""
        return visible(self.catalogue, self.state.hidden)

    def by_id(self) -> dict[str, Activity]:
        return {activity.id: activity for activity in self.catalogue}

    def name_of(self, activity_id: str) -> str:
        found = self.by_id().get(activity_id)
        return found.name if found else activity_id.replace("-", " ").capitalize()

    @property
    def today(self) -> date:
        return local_today(self.clock)


def save_outcome(data: HobbyData, plan_id: str, answer: dict[str, Any]) -> str:
    """Record a follow-up answer, save it, and return the words that thank the couple.
    Raises ``PlanRefused`` (nothing saved) when the answer cannot be recorded."""
    record_outcome(data.state, plan_id, answer["done"], answer.get("rating_a"), answer.get("rating_b"))
    data.save()
    if answer["done"]:
        return "Thank you. How it went shapes the next ideas."
    return "No problem. It stays in your list for another time."
