"""Exactly-once digests across real processes: two OS processes, each with its own engine and its
own Slack client, run the delivery job at the same moment on one PostgreSQL database; every leader
gets one digest (one summary in the Slack sandbox, one stored row claimed once)."""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import make_url

from bot.sandbox import PlatformSandbox
from domain.digest_schedule import DigestStatus
from domain.model import Identity, Organization, OrganizationKind, Person, Role, Team
from domain.persistence import Database, upgrade
from domain.refs import PersonRef, Platform
from tests.conftest import _pg_admin

pytestmark = pytest.mark.postgres

TUESDAY_1805_JST = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)
LEADERS = 12

RUNNER = """
import asyncio, json, sys, time
from datetime import datetime

from bot.outbound import PlatformNotifier
from bot.slack.notifier import SlackNotifier, build_client
from domain.persistence import Database
from handlers.digest_delivery import ComposedDigests, send_due
from handlers.narrative_writer import TemplateNarrativeWriter


class Clock:
    def __init__(self, now):
        self.value = now

    def now(self):
        return self.value


async def main(url, slack_api, now, start_at):
    database = Database(url)
    clock = Clock(datetime.fromisoformat(now))
    notifier = PlatformNotifier(slack=SlackNotifier(build_client("xoxb-test", slack_api)))
    content = ComposedDigests(TemplateNarrativeWriter(), clock)
    async with database.unit_of_work() as uow:  # connect before the start line, like a running worker
        await uow.people.all()
    while time.time() < start_at:
        await asyncio.sleep(0.001)
    run = await send_due(database.unit_of_work, notifier, content, clock)
    await database.dispose()
    print(json.dumps({"sent": len(run.sent), "elsewhere": len(run.taken_elsewhere), "failed": len(run.failed)}))


asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])))
"""


@pytest.fixture
def own_postgres(postgres_url: str) -> Iterator[str]:
    name = f"yui_digest_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _leaders(url: str) -> list[str]:
    database = Database(url)
    users = []
    try:
        async with database.unit_of_work() as uow:
            operator = Organization(name="伊那BPO", kind=OrganizationKind.OPERATOR)
            await uow.organizations.add(operator)
            for n in range(LEADERS):
                user = f"U{n:02d}" + uuid.uuid4().hex[:8].upper()
                leader = Person(display_name=f"リーダー{n}", roles=frozenset({Role.LEADER}))
                leader.add_identity(Identity(PersonRef(Platform.SLACK, "TOPS", user), f"リーダー{n}"))
                await uow.people.add(leader)
                await uow.teams.add(Team(f"チーム{n}", operator.id, leader.id))
                users.append(user)
            await uow.commit()
    finally:
        await database.dispose()
    return users


async def test_two_processes_running_the_job_at_once_send_each_leader_one_digest(
    own_postgres: str, sandbox: PlatformSandbox
) -> None:
    users = await _leaders(own_postgres)
    start_at = time.time() + 4.0  # both processes are up and connected by then
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            RUNNER,
            own_postgres,
            sandbox.slack_api_url,
            TUESDAY_1805_JST.isoformat(),
            str(start_at),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [await asyncio.wait_for(p.communicate(), timeout=120) for p in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err.decode()[-2000:]
    runs = [json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outputs]
    assert sum(r["sent"] for r in runs) == LEADERS and sum(r["failed"] for r in runs) == 0

    summaries = [c for c in sandbox.calls_to("chat.postMessage") if not c.body.get("thread_ts")]
    assert sorted(c.body["channel"] for c in summaries) == sorted(users)  # each leader once, none twice

    database = Database(own_postgres)
    try:
        async with database.unit_of_work() as uow:
            stored = await uow.digests.stored(day=date(2026, 11, 24))
    finally:
        await database.dispose()
    assert len(stored) == LEADERS
    assert all(d.status is DigestStatus.SENT and d.attempts == 1 and d.message_id for d in stored)
