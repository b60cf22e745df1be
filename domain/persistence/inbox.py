"""The inbox: durable record of every accepted platform event, written with group commit.

Each webhook request must know, before it acknowledges, that its event id is stored and whether
it had been seen before. One INSERT + COMMIT per request caps ingest at the database's commit
rate, so requests queue their rows and a single writer inserts everything queued in one
transaction (`INSERT ... ON CONFLICT DO NOTHING RETURNING`), then wakes each waiting request with
"new" or "duplicate". While the writer commits, the next batch accumulates by itself, so there is
no timer to tune: under light load a batch is one row and latency is one commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.persistence.tables import InboxEventRow
from domain.refs import Platform

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class InboundEvent:
    platform: Platform
    event_id: str
    payload: str
    received_at: datetime


_Key = tuple[str, str]


class SqlInbox:
    """Group-committing inbox. `start()` inside the running loop, `stop()` to flush and finish."""

    def __init__(self, engine: AsyncEngine, *, max_batch: int = 500) -> None:
        self._engine = engine
        self._max_batch = max_batch
        self._claims: list[tuple[InboundEvent, asyncio.Future[bool]]] = []
        self._handled: list[_Key] = []
        self._wake = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None
        self._stopping = False

    async def start(self) -> None:
        self._writer = asyncio.create_task(self._run(), name="inbox-writer")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._writer:
            await self._writer

    async def claim(self, event: InboundEvent) -> bool:
        """Store the event; True if it is new, False if this id was accepted before."""
        if self._writer is None or self._writer.done():
            raise RuntimeError("inbox writer is not running")
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._claims.append((event, future))
        self._wake.set()
        return await future

    def mark_handled(self, platform: Platform, event_id: str) -> None:
        """Note that an event's handling finished; written with the next batch, nobody waits."""
        self._handled.append((platform.value, event_id))
        self._wake.set()

    async def pending_count(self) -> int:
        async with self._engine.connect() as conn:
            count = await conn.scalar(
                select(func.count()).select_from(InboxEventRow).where(InboxEventRow.handled_at.is_(None))
            )
        return int(count or 0)

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._claims or self._handled:
                claims, self._claims = self._claims[: self._max_batch], self._claims[self._max_batch :]
                handled, self._handled = self._handled, []
                try:
                    new_keys = await self._write(claims, handled)
                except Exception as exc:  # the waiting requests answer 5xx; the platform retries
                    log.exception("inbox.write_failed", batch=len(claims))
                    for _, future in claims:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                self._settle(claims, new_keys)
            if self._stopping:
                return

    @staticmethod
    def _settle(claims: Sequence[tuple[InboundEvent, asyncio.Future[bool]]], new_keys: set[_Key]) -> None:
        for event, future in claims:
            key = (event.platform.value, event.event_id)
            is_new = key in new_keys
            new_keys.discard(key)  # a second copy inside the same batch is a duplicate
            if not future.done():
                future.set_result(is_new)

    async def _write(
        self, claims: Sequence[tuple[InboundEvent, asyncio.Future[bool]]], handled: Sequence[_Key]
    ) -> set[_Key]:
        rows: dict[_Key, dict[str, object]] = {}
        for event, _ in claims:
            rows.setdefault(
                (event.platform.value, event.event_id),
                {
                    "platform": event.platform.value,
                    "event_id": event.event_id,
                    "payload": event.payload,
                    "received_at": event.received_at,
                },
            )
        new_keys: set[_Key] = set()
        async with self._engine.begin() as conn:
            if rows:
                insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
                stmt = (
                    insert(InboxEventRow)
                    .values(list(rows.values()))
                    .on_conflict_do_nothing(index_elements=["platform", "event_id"])
                    .returning(InboxEventRow.platform, InboxEventRow.event_id)
                )
                result = await conn.execute(stmt)
                new_keys = {(p, e) for p, e in result.all()}
            now = datetime.now(UTC)
            for platform in {p for p, _ in handled}:
                ids = [e for p, e in handled if p == platform]
                await conn.execute(
                    update(InboxEventRow)
                    .where(InboxEventRow.platform == platform, InboxEventRow.event_id.in_(ids))
                    .values(handled_at=now)
                )
        return new_keys
