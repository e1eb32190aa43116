"""Keys act in the order they were typed, even when one of them moves the focus.

Textual hands a key to the focused widget's own message queue, or to the screen's when nothing
is focused, and each queue is worked by its own task. So when a key moves the focus (the first
letter of a note focuses the note box), the letters already queued at the screen and the next
ones, queued at the box, race: under CI's load a browser test saved "Tahnks for cooking".

:class:`KeyOrder` keeps the keys in flight and where each went. Before a key is handed to a new
place, it waits until every key sent somewhere else has been dealt with: stopped where it went,
or passed on by the screen. The wait is bounded, so a key that is never seen again (a widget
closed under it) costs a moment, never a hang.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import weakref
from typing import Any

from textual import events
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen

WAIT_SECONDS = 0.25  # the most a key waits for the keys typed before it to act


class KeyOrder:
    def __init__(self, app: MessagePump) -> None:
        self.app = app
        self._in_flight: weakref.WeakKeyDictionary[events.Key, weakref.ref[MessagePump]] = (
            weakref.WeakKeyDictionary()
        )
        self._watched: weakref.WeakSet[MessagePump] = weakref.WeakSet()
        self._moved = asyncio.Event()

    async def before_sending(self, target: MessagePump) -> None:
        """Wait (bounded) until no key is still on its way anywhere but ``target``."""
        deadline = time.monotonic() + WAIT_SECONDS
        while self._elsewhere(target):
            left = deadline - time.monotonic()
            if left <= 0:
                self._in_flight.clear()  # given up on: they do not hold up the next keys too
                return
            self._moved.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._moved.wait(), left)

    def sent(self, key: events.Key, target: MessagePump) -> None:
        """``key`` was handed to ``target``: watch it until it has acted."""
        self._in_flight[key] = weakref.ref(target)
        node: Any = target
        while node is not None and node is not self.app:
            if node not in self._watched:
                self._watched.add(node)
                node.message_signal.subscribe(self.app, self._seen_by(node), immediate=True)
            if isinstance(node, Screen):
                break
            node = node.parent

    def _elsewhere(self, target: MessagePump) -> bool:
        for key, where in list(self._in_flight.items()):
            node = where()
            if node is None or not node.is_running:
                self._in_flight.pop(key, None)
            elif node is not target:
                return True
        return False

    def _seen_by(self, node: MessagePump) -> Any:
        node_ref = weakref.ref(node)

        def seen(message: Message) -> None:
            if not isinstance(message, events.Key) or message not in self._in_flight:
                return
            here = node_ref()
            if here is None or isinstance(here, Screen) or message._stop_propagation or not message.bubble:
                self._in_flight.pop(message, None)  # it has acted (or gone on to the app itself)
                self._moved.set()

        return seen
