"""Listeners still running after their ack, so that shutdown can wait for them.

Bolt acks an event at once and runs the listener in a task of its own. Stopping the server
without waiting would cut a member's turn off half-way (their message acked, so Slack never
sends it again) and would cancel a task holding a database connection, which SQLite's driver
cannot always close while the loop winds down. Bolt's listener runner calls a start and a
completion handler around every listener; these count them.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.listener.async_listener_completion_handler import (
    AsyncListenerCompletionHandler,
)
from slack_bolt.listener.async_listener_start_handler import AsyncListenerStartHandler

log = logging.getLogger(__name__)


class Listeners:
    """How many listeners are running; `idle()` waits until none is."""

    def __init__(self) -> None:
        self.running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def started(self) -> None:
        """A listener began."""
        self.running += 1
        self._idle.clear()

    def finished(self) -> None:
        """A listener ended, however it ended."""
        self.running -= 1
        if not self.running:
            self._idle.set()

    async def idle(self, grace: float) -> None:
        """Wait up to `grace` seconds for the running listeners to finish."""
        await asyncio.sleep(0)  # a listener task created just now gets to start
        try:
            async with asyncio.timeout(grace):
                await self._idle.wait()
        except TimeoutError:
            log.warning("slack listeners still running at shutdown", extra={"n": self.running})


class _Started(AsyncListenerStartHandler):
    def __init__(self, listeners: Listeners) -> None:
        self.listeners = listeners

    async def handle(self, request: Any, response: Any) -> None:
        self.listeners.started()


class _Finished(AsyncListenerCompletionHandler):
    def __init__(self, listeners: Listeners) -> None:
        self.listeners = listeners

    async def handle(self, request: Any, response: Any) -> None:
        self.listeners.finished()


def count_listeners(bolt: AsyncApp) -> Listeners:
    """Count the Bolt app's listeners while they run."""
    listeners = Listeners()
    runner = bolt.listener_runner
    runner.listener_start_handler = _Started(listeners)
    runner.listener_completion_handler = _Finished(listeners)
    return listeners
