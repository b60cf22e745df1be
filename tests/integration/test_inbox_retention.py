"""Retention (issue 12, item 8): stored webhooks (message text, absence reasons) are deleted by the
timed job after YUI_INBOX_RETENTION_DAYS once handled, failed ones after the longer failed retention,
pending ones never; the job runs through the real app's worker, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from bot import inbound
from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from domain.persistence import InboundEvent
from domain.persistence.tables import InboxEventRow
from domain.refs import Platform
from handlers.jobs import PRUNE_INBOX, RunJob
from tests.conftest import SteppingClock, make_settings


@pytest.fixture
async def app(empty_database_url: str, sandbox: PlatformSandbox, clock: SteppingClock) -> AsyncIterator[RunningApp]:
    settings = make_settings(empty_database_url, sandbox, inbox_retention_days=30, inbox_failed_retention_days=90)
    async with running_app(settings, clock=clock) as running:
        yield running


async def test_the_timed_job_deletes_webhooks_past_their_retention_and_keeps_the_rest(app: RunningApp) -> None:
    inbox = app.runtime.services.inbox
    now = datetime.now(UTC)
    ages = {"handled-40d": 40, "handled-10d": 10, "failed-40d": 40, "failed-100d": 100, "ignored-31d": 31}
    rows = [
        {
            "platform": "slack",
            "event_id": name,
            "payload": "{}",
            "received_at": now - timedelta(days=days),
            "handled_at": now - timedelta(days=days),
            "outcome": name.split("-")[0],
        }
        for name, days in ages.items()
    ]
    # Not handled, and leased elsewhere for the test's length: kept whatever its age.
    rows.append(
        {
            "platform": "slack",
            "event_id": "pending",
            "payload": "{}",
            "received_at": now - timedelta(days=400),
            "lease_until": now + timedelta(days=1),
        }
    )
    engine = app.runtime.services.database.engine
    async with engine.begin() as conn:
        for row in rows:
            await conn.execute(insert(InboxEventRow).values(**row))

    run = RunJob(PRUNE_INBOX, "2026-12-05T00:00:00+00:00")
    await inbox.claim(InboundEvent(Platform.YUI, f"{run.name}@{run.slot}", inbound.job_payload(run), now))
    for _ in range(200):  # the inline worker takes the run (the pending row is leased elsewhere)
        async with engine.connect() as conn:
            outcome = await conn.scalar(
                select(InboxEventRow.outcome).where(InboxEventRow.event_id == f"{run.name}@{run.slot}")
            )
        if outcome is not None:
            break
        inbox.wake_workers()
        await asyncio.sleep(0.1)
    assert outcome == "handled"

    async with engine.connect() as conn:
        kept = set((await conn.scalars(select(InboxEventRow.event_id).where(InboxEventRow.platform == "slack"))).all())
    assert kept == {"handled-10d", "failed-40d", "pending"}
