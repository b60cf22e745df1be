"""The inbox worker against real databases: leases, outcomes, order, and recovery after a stop."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import httpx

from bot import inbound
from bot.handling import TimedJob, TimedJobs
from bot.harness import running_app
from bot.outbound import SystemClock
from bot.sandbox import PlatformSandbox
from bot.signing import line_headers
from bot.worker import InboxWorker
from domain.persistence import Database, InboundEvent, PendingEvent
from domain.refs import Platform
from handlers.commands import HandleMessage
from handlers.events import Event
from handlers.jobs import ROLL_RECURRING_TASKS, JobRunner
from handlers.messagebus import MessageBus
from tests.conftest import LINE_BOT, LINE_SECRET, line_body, make_settings

USER = "U206d25c2ea6bd87c17655609a1c37cb8"


def _line_text(user: str, text: str) -> InboundEvent:
    raw = line_body(
        "line/message_text_user.json",
        source={"type": "user", "userId": user},
        message={"id": "1", "type": "text", "text": text, "quoteToken": "q"},
    )["events"][0]
    return InboundEvent(Platform.LINE, raw["webhookEventId"], inbound.line_payload(LINE_BOT, raw), datetime.now(UTC))


async def _store(database: Database, events: Sequence[InboundEvent]) -> None:
    inbox = database.inbox()
    await inbox.start()
    assert all(await inbox.claim_all(events))
    await inbox.stop()


async def test_two_workers_never_lease_the_same_event(empty_database_url: str) -> None:
    databases = [Database(empty_database_url), Database(empty_database_url)]
    await _store(databases[0], [_line_text(USER, f"報告{n}") for n in range(60)])
    now = datetime.now(UTC)
    inboxes = [d.inbox() for d in databases]
    for inbox in inboxes:
        await inbox.start()
    leased: list[PendingEvent] = []
    for _ in range(4):
        batches = await asyncio.gather(*(i.lease(limit=10, now=now, lease_for=timedelta(minutes=1)) for i in inboxes))
        leased += [event for batch in batches for event in batch]
    pending = await inboxes[0].pending_count()
    for inbox in inboxes:
        await inbox.stop()
    for database in databases:
        await database.dispose()
    ids = [event.id for event in leased]
    assert len(ids) == len(set(ids))  # nobody got an event someone else held
    assert len(ids) == pending == 60  # leased is not handled: the rows stay pending until a worker finishes them


async def test_an_expired_lease_is_taken_again_and_a_poison_event_is_given_up(empty_database_url: str) -> None:
    database = Database(empty_database_url)
    event = _line_text(USER, "ヘルプ")
    await _store(database, [event])
    inbox = database.inbox()
    await inbox.start()
    lease_for = timedelta(minutes=2)
    start = datetime.now(UTC)
    attempts = []
    for n in range(4):  # a worker that dies while handling it, four times over
        taken = await inbox.lease(limit=10, now=start + n * (lease_for + timedelta(seconds=1)), lease_for=lease_for)
        attempts += [e.attempts for e in taken if e.event_id == event.event_id]
    assert await inbox.lease(limit=10, now=start, lease_for=lease_for) == []  # held: nobody else gets it
    assert attempts == [1, 2, 3, 4]

    worker = _worker(inbox, _bus([]), max_attempts=3)
    worker._schedule(PendingEvent(0, Platform.LINE, event.event_id, event.payload, event.received_at, 4))
    await inbox.flush()
    await inbox.stop()
    counts = await inbox.counts()
    await database.dispose()
    assert counts.failed == 1 and counts.pending == 0


async def test_one_persons_events_run_in_order_while_other_people_run_alongside(empty_database_url: str) -> None:
    database = Database(empty_database_url)
    alice, bob = "U" + uuid.uuid4().hex, "U" + uuid.uuid4().hex
    events = [_line_text(alice, f"a{n}") for n in range(4)] + [_line_text(bob, "b0")]
    await _store(database, events)
    log: list[str] = []
    inbox = database.inbox()
    await inbox.start()
    worker = _worker(inbox, _bus(log, slow_for=alice))
    await worker.start()
    await worker.settle(timeout=20)
    await worker.stop()
    await inbox.stop()
    counts = await inbox.counts()
    await database.dispose()
    alice_done = [entry for entry in log if entry.startswith("end a")]
    assert alice_done == ["end a0", "end a1", "end a2", "end a3"]
    assert log.index("end b0") < log.index("end a1")  # Bob did not wait for Alice's queue
    assert counts.pending == 0


async def test_outcomes_for_an_ignored_and_an_unreadable_event(empty_database_url: str) -> None:
    database = Database(empty_database_url)
    raw = line_body("line/follow.json")["events"][0]
    raw["mode"] = "standby"  # another channel owns the chat: nothing for us to do
    standby = InboundEvent(Platform.LINE, raw["webhookEventId"], inbound.line_payload(LINE_BOT, raw), datetime.now(UTC))
    broken = InboundEvent(Platform.LINE, uuid.uuid4().hex, json.dumps({"destination": LINE_BOT}), datetime.now(UTC))
    await _store(database, [standby, broken])
    inbox = database.inbox()
    await inbox.start()
    worker = _worker(inbox, _bus([]))
    await worker.start()
    await worker.settle(timeout=20)
    await worker.stop()
    await inbox.stop()
    counts = await inbox.counts()
    await database.dispose()
    assert (counts.ignored, counts.failed, counts.pending) == (1, 1, 0)


async def test_events_accepted_while_no_worker_runs_are_answered_after_a_restart(
    sqlite_url: str, sandbox: PlatformSandbox
) -> None:
    user = "U" + uuid.uuid4().hex  # a person of this test's own on the shared database
    sandbox.state.line_profiles[user] = {"name": "佐藤 花子", "language": "ja"}
    body = json.dumps(
        line_body(
            "line/message_text_user.json",
            source={"type": "user", "userId": user},
            message={"id": "1", "type": "text", "text": "ヘルプ", "quoteToken": "q"},
        ),
        ensure_ascii=False,
    )
    async with running_app(make_settings(sqlite_url, sandbox, worker="external")) as app:
        async with httpx.AsyncClient(base_url=app.url) as client:
            response = await client.post(
                "/line/webhook", content=body.encode(), headers=line_headers(LINE_SECRET, body)
            )
        await app.runtime.services.inbox.flush()
    assert response.status_code == 200
    assert sandbox.calls_to("/message/reply") == []  # accepted and stored, nobody handled it yet

    async with running_app(make_settings(sqlite_url, sandbox)) as app:  # the inline worker finds it
        await app.settle()
    [reply] = sandbox.calls_to("/message/reply")
    assert reply.body["messages"][0]["text"].startswith("結（ゆい）の使い方")


async def test_yui_serve_worker_process_handles_what_the_web_process_accepted(
    sqlite_url: str, sandbox: PlatformSandbox
) -> None:
    user = "U" + uuid.uuid4().hex
    sandbox.state.line_profiles[user] = {"name": "佐藤 花子", "language": "ja"}
    body = json.dumps(line_body("line/follow.json", source={"type": "user", "userId": user}), ensure_ascii=False)
    async with running_app(make_settings(sqlite_url, sandbox, worker="process", worker_poll_seconds=0.05)) as app:
        async with httpx.AsyncClient(base_url=app.url) as client:
            response = await client.post(
                "/line/webhook", content=body.encode(), headers=line_headers(LINE_SECRET, body)
            )
        deadline = time.monotonic() + 30  # the worker process starts Python and the SDKs first
        while not sandbox.calls_to("/message/reply") and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
    assert response.status_code == 200
    [reply] = sandbox.calls_to("/message/reply")
    assert reply.body["messages"][0]["text"].startswith("はじめまして、佐藤 花子さん！")  # from the worker process


# --- helpers ------------------------------------------------------------------------------------


def _worker(inbox: object, bus: MessageBus, **options: object) -> InboxWorker:
    return InboxWorker(inbox, bus, inbound.to_command, SystemClock(), poll_interval=0.02, **options)  # type: ignore[arg-type]


def _bus(log: list[str], *, slow_for: str | None = None) -> MessageBus:
    """A real bus whose only handler notes when each message starts and ends."""

    async def record(command: HandleMessage) -> Sequence[Event]:
        log.append(f"start {command.text}")
        if command.person.user_id == slow_for:
            await asyncio.sleep(0.05)
        log.append(f"end {command.text}")
        return []

    async def report_error(command: object) -> None:
        return None

    return MessageBus({HandleMessage: record}, {}, report_error)


async def test_a_timed_job_slot_runs_once_in_the_worker(empty_database_url: str) -> None:
    database = Database(empty_database_url)
    inbox = database.inbox()
    await inbox.start()
    clock = SystemClock()
    job = TimedJob(ROLL_RECURRING_TASKS, timedelta(minutes=10))
    stored = [await TimedJobs(inbox, clock, [job]).enqueue(job) for _ in range(2)]  # two processes' timers
    worker = InboxWorker(
        inbox, _bus([]), inbound.to_command, clock, jobs=JobRunner(database.unit_of_work, clock), poll_interval=0.02
    )
    await worker.start()
    await worker.settle(timeout=20)
    await worker.stop()
    await inbox.stop()
    counts = await inbox.counts()
    await database.dispose()
    assert stored == [True, False]
    assert (counts.handled, counts.failed, counts.pending) == (1, 0, 0)
