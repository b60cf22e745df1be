"""Timed jobs: use cases Yui runs by the clock rather than because someone wrote.

Each run is for one time slot (`RunJob.slot`). The slot is stored in the inbox before it runs, so a
slot runs once however many worker processes there are and whatever restarts happen, and a run
that dies is taken again like any other stored event. Jobs must tolerate running late.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from domain.ports import UnitOfWork
from domain.refs import Platform
from handlers.digest_delivery import (
    ALL_PLATFORMS,
    DEFAULT_CONCURRENCY,
    ComposedDigests,
    DigestContent,
    send_due,
)
from handlers.line_quota import tell_coordinators_line_limit
from handlers.matching import OFFER_TTL, expire_offers
from handlers.narrative_writer import TemplateNarrativeWriter
from handlers.ports import Clock, Notifier
from handlers.recurring import roll_and_propose
from handlers.reminders import send_reminders


@dataclass(frozen=True, slots=True)
class RunJob:
    """Run the job `name` for the time slot starting at `slot` (ISO 8601, UTC)."""

    name: str
    slot: str


ROLL_RECURRING_TASKS = "roll_recurring_tasks"
EXPIRE_OFFERS = "expire_offers"
SEND_DIGESTS = "send_digests"
SEND_REMINDERS = "send_reminders"
# Stored by the LINE adapter, not the clock: the first push LINE refuses for the monthly limit on a
# day (the slot is that local date), so coordinators hear of it once a day at most.
TELL_LINE_MONTHLY_LIMIT = "tell_line_monthly_limit"
PRUNE_INBOX = "prune_inbox"

# Deletes stored webhooks older than the retention (handled, failed): the number deleted.
InboxPruner = Callable[[], Awaitable[int]]


class JobRunner:
    """Runs a `RunJob` with the ports its job needs; unknown names raise KeyError."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        clock: Clock,
        *,
        notifier: Notifier | None = None,
        offer_ttl: timedelta = OFFER_TTL,
        digests: DigestContent | None = None,
        digest_concurrency: int = DEFAULT_CONCURRENCY,
        digest_platforms: frozenset[Platform] = ALL_PLATFORMS,
        prune_inbox: InboxPruner | None = None,
    ) -> None:
        self._jobs: dict[str, Callable[[RunJob], Awaitable[object]]] = {
            ROLL_RECURRING_TASKS: self._roll_recurring_tasks,
        }
        if notifier is not None:  # expiring an offer tells the next candidate and updates the card
            self._jobs[EXPIRE_OFFERS] = self._expire_offers
            self._jobs[SEND_DIGESTS] = self._send_digests
            self._jobs[SEND_REMINDERS] = self._send_reminders
            self._jobs[TELL_LINE_MONTHLY_LIMIT] = self._tell_line_monthly_limit
        if prune_inbox is not None:
            self._prune_inbox = prune_inbox
            self._jobs[PRUNE_INBOX] = self._pruned
        self._uow_factory = uow_factory
        self._clock = clock
        self._notifier = notifier
        self._offer_ttl = offer_ttl
        # What a digest says; the template narrative unless the process passes an LLM-backed one.
        self._digests = digests if digests is not None else ComposedDigests(TemplateNarrativeWriter(), clock)
        self._digest_concurrency = digest_concurrency
        self._digest_platforms = digest_platforms  # where this process can deliver

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._jobs)

    async def run(self, job: RunJob) -> object:
        return await self._jobs[job.name](job)

    async def _roll_recurring_tasks(self, _job: RunJob) -> int:
        return len(await roll_and_propose(self._uow_factory, self._clock, self._notifier))

    async def _expire_offers(self, _job: RunJob) -> int:
        assert self._notifier is not None
        return len(await expire_offers(self._uow_factory(), self._notifier, self._clock, self._offer_ttl))

    async def _send_reminders(self, _job: RunJob) -> int:
        assert self._notifier is not None
        return len(await send_reminders(self._uow_factory(), self._notifier, self._clock))

    async def _pruned(self, _job: RunJob) -> int:
        return await self._prune_inbox()

    async def _tell_line_monthly_limit(self, job: RunJob) -> int:
        assert self._notifier is not None
        return len(await tell_coordinators_line_limit(self._uow_factory(), self._notifier, job.slot))

    async def _send_digests(self, _job: RunJob) -> int:
        assert self._notifier is not None
        run = await send_due(
            self._uow_factory,
            self._notifier,
            self._digests,
            self._clock,
            concurrency=self._digest_concurrency,
            platforms=self._digest_platforms,
        )
        return len(run.sent)
