"""Everything that runs where events are handled: the inbox worker and Yui's timed jobs.

The same set runs inside the web process (`YUI_WORKER=inline`) or in a worker process
(`yui worker`, which `yui serve` starts), so the app and the CLI build it here, once.

Timed jobs do not run where the timer fires. Each time slot (e.g. "roll recurring tasks, the
10 minutes from 13:40 UTC") is stored in the inbox under a key made of the job and the slot, and
the worker runs it like any stored event. The inbox's unique key makes each slot run once across
restarts and any number of worker processes; a run that dies is leased again; the outcome is
recorded with the others. A slot missed while Yui was down is not replayed: the next slot's run
catches up, which the jobs are written for (they look at the state, not at the time that passed).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog

from bot import inbound
from bot.services import Services
from bot.worker import InboxWorker
from domain.persistence import InboundEvent, SqlInbox
from domain.refs import Platform
from handlers.jobs import (
    EXPIRE_OFFERS,
    PRUNE_INBOX,
    ROLL_RECURRING_TASKS,
    SEND_DIGESTS,
    SEND_REMINDERS,
    JobRunner,
    RunJob,
)
from handlers.ports import Clock

log = structlog.get_logger(__name__)

_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class TimedJob:
    name: str
    every: timedelta


SCHEDULE: tuple[TimedJob, ...] = (
    TimedJob(ROLL_RECURRING_TASKS, timedelta(minutes=10)),
    TimedJob(EXPIRE_OFFERS, timedelta(minutes=10)),
    # Reminders are due at each worker's own minute; 5-minute slots keep them close to it.
    TimedJob(SEND_REMINDERS, timedelta(minutes=5)),
    # Digests are due at each recipient's own time; the job claims each one in the database first.
    TimedJob(SEND_DIGESTS, timedelta(minutes=5)),
    # Stored webhooks past their retention (YUI_INBOX_RETENTION_DAYS) are deleted once an hour.
    TimedJob(PRUNE_INBOX, timedelta(hours=1)),
)


def slot_of(now: datetime, every: timedelta) -> datetime:
    """The start of the slot `now` falls in (slots of length `every`, aligned to a fixed epoch)."""
    return _EPOCH + ((now - _EPOCH) // every) * every


class TimedJobs:
    """Stores each job's current slot in the inbox at start-up and at every slot boundary."""

    def __init__(self, inbox: SqlInbox, clock: Clock, schedule: Sequence[TimedJob]) -> None:
        self._inbox = inbox
        self._clock = clock
        self._schedule = schedule
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._every(job), name=f"timer:{job.name}") for job in self._schedule]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def enqueue(self, job: TimedJob) -> bool:
        """Store the current slot of `job`; False when some process already did."""
        now = self._clock.now()
        run = RunJob(job.name, slot_of(now, job.every).isoformat())
        return await self._inbox.claim(
            InboundEvent(
                Platform.YUI, f"{run.name}@{run.slot}", inbound.job_payload(run), now, inbound.job_order_key(run)
            )
        )

    async def _every(self, job: TimedJob) -> None:
        while True:
            try:
                await self.enqueue(job)
            except Exception:  # the database may be down: the next slot tries again
                log.exception("job.enqueue_failed", job=job.name)
            now = self._clock.now()
            await asyncio.sleep((slot_of(now, job.every) + job.every - now).total_seconds() + 0.05)


def _pruner(services: Services) -> Callable[[], Awaitable[int]]:
    settings = services.settings

    async def prune() -> int:
        now = services.clock.now()
        return await services.inbox.prune(
            finished_before=now - timedelta(days=settings.inbox_retention_days),
            failed_before=now - timedelta(days=settings.inbox_failed_retention_days),
        )

    return prune


@asynccontextmanager
async def handling(services: Services) -> AsyncIterator[InboxWorker]:
    """Start the inbox worker and the timed jobs; stop both (running events get 10 s to finish)."""
    settings = services.settings
    worker = InboxWorker(
        services.inbox,
        services.bus,
        inbound.to_command,
        services.clock,
        jobs=JobRunner(
            services.database.unit_of_work,
            services.clock,
            notifier=services.notifier,
            offer_ttl=timedelta(hours=settings.offer_ttl_hours),
            digests=services.digests,
            digest_concurrency=settings.digest_llm_concurrency,
            digest_platforms=services.platforms,
            prune_inbox=_pruner(services),
        ),
        poll_interval=settings.worker_poll_seconds,
        concurrency=settings.worker_concurrency,
    )
    timers = TimedJobs(services.inbox, services.clock, SCHEDULE)
    await worker.start()
    await timers.start()
    try:
        yield worker
    finally:
        await timers.stop()
        await worker.stop(timeout=10)
