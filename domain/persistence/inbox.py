"""The inbox: durable record of every accepted platform event, and the queue workers handle.

Ingest (the webhook request) must know, before it acknowledges, that its event id is stored and
whether it had been seen before. One INSERT + COMMIT per request caps ingest at the database's
commit rate, so requests queue their rows and a single writer inserts everything queued in one
statement (`INSERT ... ON CONFLICT DO NOTHING RETURNING`), then wakes each waiting request with
"new" or "duplicate". While the writer commits, the next batch accumulates by itself, so there is
no timer to tune: under light load a batch is one row and latency is one commit.

The writer talks to the driver (aiosqlite / asyncpg) on one dedicated connection with one
constant statement per back end, whatever the batch size. Measured on this project's machine, a
transaction through the SQLAlchemy connection pool costs about 1.2 ms of CPU and the driver call
0.15-0.25 ms, which is the difference between missing and meeting the ingest target (see
bench/README.md). Everything else in the code base uses SQLAlchemy as usual.

Workers (`bot/worker.py`) take pending rows with a lease (`lease()`), handle them and record the
outcome (`finish()`, batched through the same writer). A row whose worker died is leased again when
its lease runs out; `attempts` stops an event that kills its worker from being retried forever.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import structlog
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.persistence.tables import InboxEventRow
from domain.refs import Platform

log = structlog.get_logger(__name__)


EVENT_ID_LENGTH = 128  # inbox_events.event_id
ORDER_KEY_LENGTH = 200  # inbox_events.order_key


class InboxUnavailable(Exception):
    """The inbox could not store an event (database down, writer stopped): answer 503, let it retry."""


@dataclass(frozen=True, slots=True)
class InboundEvent:
    """An event as the platform delivered it: its id (the dedupe key) and its payload (JSON).

    `order_key` names whose event it is (a platform account, a timed job): events with the same key
    are leased one after another, in the order they were stored, by any number of worker processes
    (the next only once the one before is handled). None: no order to keep.
    """

    platform: Platform
    event_id: str
    payload: str
    received_at: datetime
    order_key: str | None = None

    def __post_init__(self) -> None:
        # Real ids and keys are short and plain; a longer one, or one with a lone surrogate (a crafted
        # body), is kept as its digest, so the row fits its column on PostgreSQL, encodes, and never
        # fails the group-commit batch it shares with others.
        if len(self.event_id) > EVENT_ID_LENGTH or _LONE_SURROGATE.search(self.event_id):
            object.__setattr__(self, "event_id", _digest(self.event_id))
        if self.order_key is not None and (
            len(self.order_key) > ORDER_KEY_LENGTH or _LONE_SURROGATE.search(self.order_key)
        ):
            object.__setattr__(self, "order_key", _digest(self.order_key))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # no database stores one as text


def _digest(key: str) -> str:
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """A stored event a worker has leased and must handle."""

    id: int
    platform: Platform
    event_id: str
    payload: str
    received_at: datetime
    attempts: int  # including this one


class Outcome(enum.StrEnum):
    HANDLED = "handled"
    IGNORED = "ignored"  # accepted, but asks nothing of us (a sticker, a bot's own message ...)
    FAILED = "failed"  # the person was told; kept with its error for an operator


@dataclass(frozen=True, slots=True)
class InboxCounts:
    pending: int
    handled: int
    ignored: int
    failed: int


_Key = tuple[str, str]
_Finished = tuple[str, str, str, str | None]  # platform, event_id, outcome, error


class _Statements(Protocol):
    """The writer's two statements on one back end, on its driver connection."""

    async def insert(self, rows: Sequence[InboundEvent]) -> set[_Key]: ...
    async def finish(self, rows: Sequence[_Finished], at: datetime) -> None: ...
    async def lease(self, limit: int, now: datetime, until: datetime) -> list[PendingEvent]: ...
    async def close(self) -> None: ...


class SqlInbox:
    """Group-committing inbox. `start()` inside the running loop, `stop()` to flush and finish."""

    def __init__(self, engine: AsyncEngine, *, max_batch: int = 500) -> None:
        self._engine = engine
        self._max_batch = max_batch
        self._claims: list[tuple[InboundEvent, asyncio.Future[bool]]] = []
        self._finished: list[_Finished] = []
        self._flushes: list[asyncio.Future[None]] = []
        self._leases: list[tuple[int, datetime, datetime, asyncio.Future[list[PendingEvent]]]] = []
        self._wake = asyncio.Event()
        self._arrived = asyncio.Event()  # a new event was stored by this process
        self._writer: asyncio.Task[None] | None = None
        self._stopping = False

    async def start(self) -> None:
        self._writer = asyncio.create_task(self._run(), name="inbox-writer")

    @property
    def running(self) -> bool:
        """The writer runs: nothing can be stored, leased or finished in this process without it."""
        return self._writer is not None and not self._writer.done()

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._writer:
            await self._writer

    # --- ingest ---------------------------------------------------------------------------------

    async def claim(self, event: InboundEvent) -> bool:
        """Store the event; True if it is new, False if this id was accepted before."""
        [is_new] = await self.claim_all([event])
        return is_new

    async def claim_all(self, events: Sequence[InboundEvent]) -> list[bool]:
        """Store several events (one webhook request may carry many); new or not, in order."""
        if self._writer is None or self._writer.done():
            raise InboxUnavailable("inbox writer is not running")
        loop = asyncio.get_running_loop()
        futures = [loop.create_future() for _ in events]
        self._claims.extend(zip(events, futures, strict=True))
        self._wake.set()
        try:
            results: list[bool] = [await f for f in futures]
        except InboxUnavailable:
            raise
        except Exception as exc:
            raise InboxUnavailable(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
        if any(results):
            self.wake_workers()
        return results

    # --- workers --------------------------------------------------------------------------------

    async def lease(self, *, limit: int, now: datetime, lease_for: timedelta) -> list[PendingEvent]:
        """Take up to `limit` unhandled events nobody holds, oldest first, for `lease_for`.

        One statement on the writer's connection: on SQLite the write lock is held only while that
        statement runs, never across event-loop turns of a (deliberately low-priority) worker
        process, so ingest in the web process does not wait behind it. On PostgreSQL
        `FOR UPDATE SKIP LOCKED` lets several workers lease at once without waiting for each other.
        """
        if not self.running:
            raise InboxUnavailable("inbox writer is not running")
        future: asyncio.Future[list[PendingEvent]] = asyncio.get_running_loop().create_future()
        self._leases.append((limit, now, now + lease_for, future))
        self._wake.set()
        return await future

    def finish(self, platform: Platform, event_id: str, outcome: Outcome, error: str | None = None) -> None:
        """Record how an event ended; written with the next batch, nobody waits."""
        self._finished.append((platform.value, event_id, outcome.value, error[:2000] if error else None))
        self._wake.set()

    def wake_workers(self) -> None:
        """Tell a worker in this process that there may be something to lease now."""
        self._arrived.set()

    async def wait_for_arrivals(self, timeout: float) -> None:
        """Return when this process stored a new event, or after `timeout` seconds (then poll)."""
        try:
            await asyncio.wait_for(self._arrived.wait(), timeout)
        except TimeoutError:
            return
        finally:
            self._arrived.clear()

    async def flush(self) -> None:
        """Wait until everything queued so far (claims and outcomes) is written."""
        if self._writer is None or self._writer.done():
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._flushes.append(future)
        self._wake.set()
        await future

    # --- operators ------------------------------------------------------------------------------

    async def oldest_pending(self) -> datetime | None:
        """When the oldest event not yet handled was accepted (None: nothing waits)."""
        async with self._engine.connect() as conn:
            oldest = await conn.scalar(
                select(func.min(InboxEventRow.received_at)).where(InboxEventRow.handled_at.is_(None))
            )
        return oldest.replace(tzinfo=oldest.tzinfo or UTC) if oldest is not None else None

    async def pending_count(self) -> int:
        async with self._engine.connect() as conn:
            count = await conn.scalar(
                select(func.count()).select_from(InboxEventRow).where(InboxEventRow.handled_at.is_(None))
            )
        return int(count or 0)

    async def prune(self, *, finished_before: datetime, failed_before: datetime) -> int:
        """Delete the events handled or ignored before `finished_before` and those that failed before
        `failed_before` (kept longer, for an operator to look into); pending ones are never touched.
        The number deleted. Their ids stop deduplicating, long after any platform redelivers them."""
        async with self._engine.begin() as conn:
            result = await conn.execute(
                delete(InboxEventRow).where(
                    or_(
                        and_(
                            InboxEventRow.outcome.in_([Outcome.HANDLED.value, Outcome.IGNORED.value]),
                            InboxEventRow.handled_at < finished_before,
                        ),
                        and_(InboxEventRow.outcome == Outcome.FAILED.value, InboxEventRow.handled_at < failed_before),
                    )
                )
            )
        return int(result.rowcount or 0)

    async def outcome(self, platform: Platform, event_id: str) -> tuple[Outcome | None, str | None]:
        """How one stored event ended (None while pending) and the error it was recorded with."""
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(InboxEventRow.outcome, InboxEventRow.error).where(
                        InboxEventRow.platform == platform.value, InboxEventRow.event_id == event_id
                    )
                )
            ).first()
        if row is None:
            raise KeyError(f"no stored event {platform.value}:{event_id}")
        return (Outcome(row[0]) if row[0] else None), row[1]

    async def counts(self) -> InboxCounts:
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(select(InboxEventRow.outcome, func.count()).group_by(InboxEventRow.outcome))
            ).all()
        by_outcome: dict[str | None, int] = {outcome: int(count) for outcome, count in rows}
        return InboxCounts(
            pending=by_outcome.get(None, 0),
            handled=by_outcome.get(Outcome.HANDLED.value, 0),
            ignored=by_outcome.get(Outcome.IGNORED.value, 0),
            failed=by_outcome.get(Outcome.FAILED.value, 0),
        )

    # --- the writer -----------------------------------------------------------------------------

    async def _run(self) -> None:
        statements: _Statements | None = None
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._claims or self._finished or self._flushes or self._leases:
                    claims, self._claims = self._claims[: self._max_batch], self._claims[self._max_batch :]
                    finished, self._finished = self._finished, []
                    leases, self._leases = self._leases, []
                    flushes = self._flushes if not self._claims else []
                    if flushes:
                        self._flushes = []
                    try:
                        statements = statements or await _open_statements(self._engine)
                        new_keys = await self._insert(statements, claims) if claims else set()
                        if finished:
                            await statements.finish(finished, datetime.now(UTC))
                        for limit, now, until, wanted in leases:
                            if not wanted.done():
                                wanted.set_result(await statements.lease(limit, now, until))
                    except Exception as exc:  # the waiting requests answer 5xx; the platform retries
                        log.exception("inbox.write_failed", batch=len(claims), outcomes=len(finished))
                        for _, future in claims:
                            if not future.done():
                                future.set_exception(exc)
                        self._finished[:0] = finished  # outcomes are retried with the next batch
                        if statements is not None:
                            await _close_quietly(statements)
                            statements = None  # reconnect next time (the database may have restarted)
                        waiting: list[asyncio.Future[Any]] = [*flushes, *(lease[3] for lease in leases)]
                        for future in waiting:
                            if not future.done():
                                future.set_exception(exc)
                        await asyncio.sleep(0.1)
                        continue
                    self._settle(claims, new_keys)
                    for flush in flushes:
                        if not flush.done():
                            flush.set_result(None)
                if self._stopping:
                    return
        finally:
            if statements is not None:
                await _close_quietly(statements)

    @staticmethod
    async def _insert(
        statements: _Statements, claims: Sequence[tuple[InboundEvent, asyncio.Future[bool]]]
    ) -> set[_Key]:
        """Insert a batch; if it fails, each row alone, so one row the database refuses fails only its
        own request and never the others that happened to share its batch."""
        try:
            return await statements.insert([e for e, _ in claims])
        except Exception:
            if len(claims) == 1:
                raise
        new_keys: set[_Key] = set()
        refused = 0
        for event, future in claims:
            try:
                new_keys |= await statements.insert([event])
            except Exception as exc:
                refused += 1
                log.error(
                    "inbox.row_refused",
                    platform=event.platform.value,
                    event_id=event.event_id,
                    error=f"{type(exc).__name__}: {str(exc)[:200]}",
                )
                if not future.done():
                    future.set_exception(InboxUnavailable(f"{type(exc).__name__}: {str(exc)[:200]}"))
                if refused == len(claims):  # nothing goes in: the database itself is the problem
                    raise
        return new_keys

    @staticmethod
    def _settle(claims: Sequence[tuple[InboundEvent, asyncio.Future[bool]]], new_keys: set[_Key]) -> None:
        for event, future in claims:
            key = (event.platform.value, event.event_id)
            is_new = key in new_keys
            new_keys.discard(key)  # a second copy inside the same batch is a duplicate
            if not future.done():
                future.set_result(is_new)


async def _close_quietly(statements: _Statements) -> None:
    try:
        await statements.close()
    except Exception:
        log.warning("inbox.close_failed", exc_info=True)


async def _open_statements(engine: AsyncEngine) -> _Statements:
    connection = await engine.connect()
    try:
        raw = (await connection.get_raw_connection()).driver_connection
        if engine.dialect.name == "postgresql":
            return _PostgresStatements(connection, raw)
        if engine.dialect.name == "sqlite":
            await connection.rollback()  # leave SQLAlchemy's implicit transaction before autocommit
            return _SqliteStatements(connection, raw)
    except Exception:
        await connection.close()
        raise
    await connection.close()
    raise RuntimeError(f"no inbox writer for the {engine.dialect.name} back end")


class _PostgresStatements:
    """asyncpg: arrays in, `unnest` makes rows; a single statement is its own transaction."""

    INSERT = """
        INSERT INTO inbox_events (platform, event_id, payload, received_at, order_key)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])
        ON CONFLICT (platform, event_id) DO NOTHING
        RETURNING platform, event_id
    """
    FINISH = """
        UPDATE inbox_events AS e SET handled_at = $5, outcome = f.outcome, error = f.error, lease_until = NULL
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS f(platform, event_id, outcome, error)
        WHERE e.platform = f.platform AND e.event_id = f.event_id
    """

    LEASE = """
        UPDATE inbox_events SET lease_until = $1, attempts = attempts + 1
        WHERE id IN (
            SELECT e.id FROM inbox_events AS e
            WHERE e.handled_at IS NULL AND (e.lease_until IS NULL OR e.lease_until < $2)
              AND (e.order_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM inbox_events AS b
                WHERE b.order_key = e.order_key AND b.handled_at IS NULL AND b.id < e.id
              ))
            ORDER BY e.id LIMIT $3 FOR UPDATE OF e SKIP LOCKED
        )
        RETURNING id, platform, event_id, payload, received_at, attempts
    """

    def __init__(self, connection: AsyncConnection, raw: Any) -> None:
        self._connection = connection
        self._raw = raw

    async def lease(self, limit: int, now: datetime, until: datetime) -> list[PendingEvent]:
        records = await self._raw.fetch(self.LEASE, until, now, limit)
        return _pending(records, lambda value: value)

    async def insert(self, rows: Sequence[InboundEvent]) -> set[_Key]:
        records = await self._raw.fetch(
            self.INSERT,
            [r.platform.value for r in rows],
            [r.event_id for r in rows],
            [r.payload for r in rows],
            [r.received_at for r in rows],
            [r.order_key for r in rows],
        )
        return {(rec[0], rec[1]) for rec in records}

    async def finish(self, rows: Sequence[_Finished], at: datetime) -> None:
        columns = list(zip(*rows, strict=True))
        await self._raw.execute(self.FINISH, *(list(c) for c in columns), at)

    async def close(self) -> None:
        await self._connection.close()


class _SqliteStatements:
    """aiosqlite in autocommit mode: the rows travel as one JSON array, `json_each` makes rows.

    One driver call per batch (each call is a hop to aiosqlite's thread). Timestamps use the text
    format SQLAlchemy's SQLite DateTime reads back.
    """

    INSERT = """
        INSERT INTO inbox_events (platform, event_id, payload, received_at, attempts, order_key)
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
               json_extract(value, '$[3]'), 0, json_extract(value, '$[4]')
        FROM json_each(?) WHERE true
        ON CONFLICT (platform, event_id) DO NOTHING
        RETURNING platform, event_id
    """
    FINISH = """
        UPDATE inbox_events SET handled_at = ?, outcome = json_extract(f.value, '$[2]'),
               error = json_extract(f.value, '$[3]'), lease_until = NULL
        FROM json_each(?) AS f
        WHERE inbox_events.platform = json_extract(f.value, '$[0]')
          AND inbox_events.event_id = json_extract(f.value, '$[1]')
    """

    LEASE = """
        UPDATE inbox_events SET lease_until = ?, attempts = attempts + 1
        WHERE id IN (
            SELECT e.id FROM inbox_events AS e
            WHERE e.handled_at IS NULL AND (e.lease_until IS NULL OR e.lease_until < ?)
              AND (e.order_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM inbox_events AS b
                WHERE b.order_key = e.order_key AND b.handled_at IS NULL AND b.id < e.id
              ))
            ORDER BY e.id LIMIT ?
        )
        RETURNING id, platform, event_id, payload, received_at, attempts
    """

    def __init__(self, connection: AsyncConnection, raw: Any) -> None:
        self._connection = connection
        self._raw = raw
        raw.isolation_level = None  # autocommit: each statement commits by itself

    async def lease(self, limit: int, now: datetime, until: datetime) -> list[PendingEvent]:
        records = await self._raw.execute_fetchall(self.LEASE, (_sqlite_time(until), _sqlite_time(now), limit))
        return _pending(records, lambda text: datetime.fromisoformat(text).replace(tzinfo=UTC))

    async def insert(self, rows: Sequence[InboundEvent]) -> set[_Key]:
        batch = json.dumps(
            [[r.platform.value, r.event_id, r.payload, _sqlite_time(r.received_at), r.order_key] for r in rows],
            ensure_ascii=False,
        )
        records = await self._raw.execute_fetchall(self.INSERT, (batch,))
        return {(rec[0], rec[1]) for rec in records}

    async def finish(self, rows: Sequence[_Finished], at: datetime) -> None:
        await self._raw.execute_fetchall(self.FINISH, (_sqlite_time(at), json.dumps(rows, ensure_ascii=False)))

    async def close(self) -> None:
        # This connection was put in autocommit mode: never hand it back to the pool.
        await self._connection.invalidate()
        await self._connection.close()


def _pending(records: Sequence[Any], read_time: Callable[[Any], datetime]) -> list[PendingEvent]:
    """Leased rows, oldest first (RETURNING promises no order)."""
    return sorted(
        (PendingEvent(r[0], Platform(r[1]), r[2], r[3], read_time(r[4]), r[5]) for r in records),
        key=lambda event: event.id,
    )


def _sqlite_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
