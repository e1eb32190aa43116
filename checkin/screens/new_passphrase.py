"""Setting the first passphrase of a private journal: one step for solo mode and the private note.

The passphrase is typed twice into two Inputs, checked by the app (length, both the same),
then ``journal.set_up`` derives the key (Argon2id, about half a second on purpose) in a thread
worker while the screen says "Locking your notes with it...". A screen that mixes this in keeps
its own Inputs (it names them) and its own next step (``_set_up_done`` with the recovery code);
it provides ``journal``, ``busy``, ``say`` and ``_failed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import Input

from ..errors import Refusal, StoreError

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from ..app import CheckinApp

    _Screen = DOMNode  # for mypy: the mixin sits on a screen (query_one, run_worker)
else:
    _Screen = object


class SetsUpPassphrase(_Screen):
    """Read the new passphrase from two Inputs, check it, and lock the journal with it in a worker."""

    if TYPE_CHECKING:
        app: CheckinApp
        journal: Any
        busy: bool

        def say(self, text: str) -> None: ...

        def _failed(self, message: str) -> None: ...

        def _set_up_done(self, code: str) -> None: ...

    def set_up_passphrase(self, first: str, second: str) -> None:
        """The passphrase in the Inputs ``first`` and ``second``: refused with a reason, or set up."""
        if self.busy:
            return
        one = self.query_one(first, Input).value
        two = self.query_one(second, Input).value
        try:
            self.app.check_new_passphrase(one, two)
        except Refusal as refusal:
            self.say(str(refusal))
            return
        self.busy = True
        self.say("Locking your notes with it...")
        self._set_up(one)

    @work(thread=True, exclusive=True)
    def _set_up(self, passphrase: str) -> None:
        journal = self.journal
        try:
            code = journal.set_up(passphrase)
        except (Refusal, StoreError, OSError) as problem:
            message = str(problem) if isinstance(problem, Refusal | StoreError) else (
                f"Your private notes could not be saved in {journal.path.parent} ({problem.strerror})."
            )
            self.app.call_from_thread(self._failed, message)
            return
        self.app.call_from_thread(self._set_up_done, code)
