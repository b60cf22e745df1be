"""Work that runs after the platform has been acknowledged (LLM calls, replies, pushes).

Tasks are tracked so shutdown can wait for them instead of cutting a reply in half, and so tests
and the demo can wait until everything an inbound event caused has happened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import structlog

log = structlog.get_logger(__name__)


class BackgroundWork:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, work: Coroutine[Any, Any, None], *, name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background.failed", task=task.get_name(), error=repr(task.exception()))

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for running work, including work spawned by work, for at most `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks:
            remaining = deadline - loop.time()
            if remaining <= 0:
                log.warning("background.drain_timeout", pending=len(self._tasks))
                return
            await asyncio.wait(set(self._tasks), timeout=remaining)
