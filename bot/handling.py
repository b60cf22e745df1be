"""Everything that runs where events are handled: the inbox worker and Yui's timed jobs.

The same set runs inside the web process (`YUI_WORKER=inline`) or in a worker process
(`yui worker`, which `yui serve` starts), so the app and the CLI build it here, once.

Timed jobs are idempotent use cases run on an interval (recurring tasks roll over when their
deadline has passed, by each client's calendar). With several worker processes on one database
every process runs them; the jobs tolerate being run again, and the README says what to watch.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import structlog

from bot import inbound
from bot.services import Services
from bot.worker import InboxWorker
from handlers.tasks import roll_recurring

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class TimedJob:
    name: str
    every: timedelta
    run: Callable[[], Awaitable[object]]


class TimedJobs:
    """Runs each job at start-up and then every `job.every`; a failing run is logged and retried next time."""

    def __init__(self, jobs: Sequence[TimedJob]) -> None:
        self._jobs = jobs
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._repeat(job), name=f"job:{job.name}") for job in self._jobs]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _repeat(self, job: TimedJob) -> None:
        while True:
            try:
                result = await job.run()
                log.info("job.ran", job=job.name, result=result)
            except Exception:
                log.exception("job.failed", job=job.name)
            await asyncio.sleep(job.every.total_seconds())


def timed_jobs(services: Services) -> list[TimedJob]:
    async def roll() -> int:
        return len(await roll_recurring(services.database.unit_of_work(), services.clock))

    return [TimedJob("roll_recurring_tasks", timedelta(minutes=10), roll)]


@asynccontextmanager
async def handling(services: Services) -> AsyncIterator[InboxWorker]:
    """Start the inbox worker and the timed jobs; stop both (running events get 10 s to finish)."""
    settings = services.settings
    worker = InboxWorker(
        services.inbox,
        services.bus,
        inbound.to_command,
        services.clock,
        poll_interval=settings.worker_poll_seconds,
        concurrency=settings.worker_concurrency,
    )
    jobs = TimedJobs(timed_jobs(services))
    await worker.start()
    await jobs.start()
    try:
        yield worker
    finally:
        await jobs.stop()
        await worker.stop(timeout=10)
