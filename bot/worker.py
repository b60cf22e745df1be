"""The inbox worker: handles stored platform events after they have been acknowledged.

Ingest only verifies, stores and acknowledges; this worker leases pending rows from the inbox,
turns each into a command, runs it on the bus and records the outcome. Because it reads from the
database, nothing that was acknowledged is lost when a process stops: the next worker picks the
rows up (`handled_at IS NULL`) once their lease has run out.

Order: events of one person (one platform account) run one after another, in the order they
were stored, so "最初から" followed by an answer, or two first messages of a new person, cannot
overtake each other; different people run concurrently. Across worker processes the inbox sees to
it: an event is leased only once every earlier event with its order key has been handled
(`InboundEvent.order_key`); within one process the same person's events also wait for each other.

Leases come in batches: the worker asks for more work when a quarter of its slots are free (or it
has nothing to do), not for one event each time one finishes, so a burst costs one lease query per
few events.

It runs either inside the web process (`YUI_WORKER=inline`: demo, tests, small installs; woken
directly when ingest stores an event) or as its own process (`yui worker`, which `yui serve`
starts by default at a lower CPU priority so acknowledgements never wait behind handling).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import timedelta

import structlog

from domain.persistence import Outcome, PendingEvent, SqlInbox
from domain.refs import PersonRef
from handlers.commands import Command
from handlers.jobs import JobRunner, RunJob
from handlers.messagebus import MessageBus
from handlers.ports import Clock

log = structlog.get_logger(__name__)

PAYLOAD_LOG_CHARS = 500  # enough of a payload to recognise it in a log line, never megabytes

Message = Command | RunJob
Translate = Callable[[PendingEvent], Message | None]
OrderKey = PersonRef | str  # one person's events, or one job's runs, go one after another


class WorkerDied(RuntimeError):
    """The worker's own loop ended although nobody stopped it: nothing more will be handled here."""


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:300]}"


class InboxWorker:
    def __init__(
        self,
        inbox: SqlInbox,
        bus: MessageBus,
        translate: Translate,
        clock: Clock,
        *,
        jobs: JobRunner | None = None,
        poll_interval: float = 0.2,
        concurrency: int = 16,
        lease_for: timedelta = timedelta(minutes=2),
        max_attempts: int = 3,
    ) -> None:
        self._inbox = inbox
        self._bus = bus
        self._translate = translate
        self._jobs = jobs
        self._clock = clock
        self._poll_interval = poll_interval
        self._concurrency = concurrency
        self._lease_batch = max(1, concurrency // 4)
        self._lease_for = lease_for
        self._max_attempts = max_attempts
        self._running: dict[int, asyncio.Task[None]] = {}  # by inbox row id
        self._tails: dict[OrderKey, asyncio.Task[None]] = {}  # the last queued event per key
        self._slot_freed = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None
        self._stopping = False
        self._idle = asyncio.Event()

    async def start(self) -> None:
        self._loop_task = asyncio.create_task(self._run(), name="inbox-worker")

    async def wait(self) -> None:
        """Return when the worker has stopped; raise `WorkerDied` if its loop ended by itself.

        The loop survives any one event (see `_schedule`); if it dies all the same, the process
        must not carry on as if it were handling events: `yui worker` exits non-zero on this and
        its supervisor starts a new one.
        """
        assert self._loop_task is not None, "start() first"
        try:
            await asyncio.shield(self._loop_task)
        except asyncio.CancelledError:
            if self._loop_task.cancelled():
                raise WorkerDied("the worker loop was cancelled") from None
            raise
        except Exception as exc:
            raise WorkerDied(f"the worker loop died: {exc!r}") from exc
        if not self._stopping:
            raise WorkerDied("the worker loop ended without being stopped")

    @property
    def alive(self) -> bool:
        return self._loop_task is not None and not self._loop_task.done()

    async def stop(self, timeout: float = 10.0) -> None:
        """Stop leasing, then give running events `timeout` seconds to finish.

        Events cut off here keep their lease and are handled again after it runs out.
        """
        self._stopping = True
        self._slot_freed.set()
        if self._loop_task:
            with contextlib.suppress(Exception):  # a loop that died was logged when it did
                await self._loop_task
        if self._running:
            _, late = await asyncio.wait(set(self._running.values()), timeout=timeout)
            for task in late:
                task.cancel()
            if late:
                log.warning("worker.stopped_with_running_events", events=len(late))
        await self._inbox.flush()

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every stored event has been handled (demo and tests)."""
        async with asyncio.timeout(timeout):
            while True:
                await self._inbox.flush()
                if not self._running and await self._inbox.pending_count() == 0:
                    return
                self._idle.clear()
                self._inbox.wake_workers()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._idle.wait(), 0.05)

    @property
    def running(self) -> int:
        return len(self._running)

    async def _run(self) -> None:
        try:
            await self._lease_and_schedule()
        except Exception:
            log.critical("worker.loop_died", exc_info=True)
            raise

    async def _lease_and_schedule(self) -> None:
        while not self._stopping:
            free = self._concurrency - len(self._running)
            if free <= 0 or (free < self._lease_batch and self._running):
                self._slot_freed.clear()
                await self._slot_freed.wait()
                continue
            try:
                leased = await self._inbox.lease(limit=free, now=self._clock.now(), lease_for=self._lease_for)
            except Exception as exc:
                if not self._inbox.running:  # not a database hiccup: this process can lease nothing more
                    raise
                log.warning("worker.lease_failed", error=_error_text(exc))
                await asyncio.sleep(1.0)
                continue
            for stored in leased:
                try:
                    self._schedule(stored)
                except Exception as exc:  # a bug around one event: that event fails, the others go on
                    log.exception("worker.schedule_failed", event_id=stored.event_id)
                    self._inbox.finish(stored.platform, stored.event_id, Outcome.FAILED, _error_text(exc))
            if not leased:
                if not self._running:
                    self._idle.set()
                await self._inbox.wait_for_arrivals(self._poll_interval)

    def _schedule(self, stored: PendingEvent) -> None:
        if stored.id in self._running:  # our own lease ran out while it was still running
            return
        if stored.attempts > self._max_attempts:
            log.error("worker.gave_up", event_id=stored.event_id, attempts=stored.attempts - 1)
            self._inbox.finish(
                stored.platform, stored.event_id, Outcome.FAILED, f"gave up after {stored.attempts - 1} attempts"
            )
            return
        try:
            message = self._translate(stored)
        except Exception as exc:  # whatever the payload holds, it fails alone and the loop goes on
            log.error(
                "worker.unreadable_event",
                event_id=stored.event_id,
                platform=stored.platform.value,
                error=_error_text(exc),
                payload=stored.payload[:PAYLOAD_LOG_CHARS],
            )
            self._inbox.finish(stored.platform, stored.event_id, Outcome.FAILED, f"unreadable payload: {exc!r}")
            return
        if message is None:
            self._inbox.finish(stored.platform, stored.event_id, Outcome.IGNORED)
            return
        key: OrderKey = message.name if isinstance(message, RunJob) else message.person
        before = self._tails.get(key)
        task = asyncio.create_task(
            self._handle(stored, message, before), name=f"{type(message).__name__}:{stored.event_id}"
        )
        self._running[stored.id] = task
        self._tails[key] = task
        task.add_done_callback(lambda t: self._done(stored.id, key, t))

    async def _handle(self, stored: PendingEvent, message: Message, before: asyncio.Task[None] | None) -> None:
        if before is not None:
            await asyncio.wait({before})  # the same person's earlier event first, however it ended
        try:
            if isinstance(message, RunJob):
                result = await self._run_job(message)
                log.info("job.ran", job=message.name, slot=message.slot, result=result)
            else:
                await self._bus.handle(message)
        except Exception as exc:
            # The bus has logged it and told the person; keep the error for an operator.
            if isinstance(message, RunJob):
                log.exception("job.failed", job=message.name, slot=message.slot)
            self._inbox.finish(stored.platform, stored.event_id, Outcome.FAILED, _error_text(exc))
            return
        self._inbox.finish(stored.platform, stored.event_id, Outcome.HANDLED)

    async def _run_job(self, job: RunJob) -> object:
        if self._jobs is None:
            raise RuntimeError(f"this worker runs no timed jobs (got {job.name})")
        return await self._jobs.run(job)

    def _done(self, row_id: int, key: OrderKey, task: asyncio.Task[None]) -> None:
        self._running.pop(row_id, None)
        if self._tails.get(key) is task:
            del self._tails[key]
        self._slot_freed.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("worker.task_failed", task=task.get_name(), error=repr(task.exception()))
