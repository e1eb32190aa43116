"""Base classes for every checkin screen: ``self.app`` is typed as :class:`CheckinApp`.

Textual types ``Screen.app`` as ``App[object]``, so each use of ``self.app.repo`` needed a
``# type: ignore[attr-defined]``. Screens derive from these instead, and mypy checks what
they ask of the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from ..app import CheckinApp

ResultType = TypeVar("ResultType")


class CheckinScreen(Screen[ResultType]):
    """A full screen of checkin."""

    STYLED_AT_START: ClassVar[bool] = False
    """True for the screens the app may open first (welcome, the homes): start.tcss styles
    them, so showing one does not wait for the stylesheets of the other screens."""

    if TYPE_CHECKING:
        app: CheckinApp


class CheckinModal(ModalScreen[ResultType]):
    """A dialog of checkin that returns a value with ``dismiss``."""

    if TYPE_CHECKING:
        app: CheckinApp
