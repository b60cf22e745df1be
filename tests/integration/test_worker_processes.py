"""Two `yui worker` processes on one PostgreSQL database, as `docker compose up --scale worker=2`
runs them: every LINE message the web process accepted is answered exactly once (one reply per
reply token, no push, every inbox row handled once), each person's answers come in the order they
wrote, and both processes did part of the work."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import uuid

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from bot.harness import running_app
from bot.sandbox import PlatformSandbox
from bot.signing import line_headers
from domain.persistence import Database
from tests.conftest import LINE_SECRET, line_body, make_settings
from tests.integration.test_digest_processes import own_postgres

pytestmark = pytest.mark.postgres

__all__ = ["own_postgres"]  # the fixture: a database of this test's own, migrated

PEOPLE = 6
MESSAGES = 25  # each


async def _connections(url: str) -> int:
    """Sessions other than this one on the test's database (each worker keeps its pool open)."""
    u = make_url(url)
    conn = await asyncpg.connect(host=u.host, port=u.port, user=u.username, password=u.password, database=u.database)
    try:
        count = await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", u.database
        )
    finally:
        await conn.close()
    return int(count)


async def test_two_worker_processes_answer_every_message_once_in_each_persons_order(
    own_postgres: str, sandbox: PlatformSandbox
) -> None:
    users = [f"U{n:02d}{uuid.uuid4().hex[:30]}" for n in range(PEOPLE)]
    for n, user in enumerate(users):
        sandbox.state.line_profiles[user] = {"name": f"利用者{n}", "language": "ja"}
    settings = make_settings(own_postgres, sandbox, worker="external", log_level="INFO", worker_poll_seconds=0.05)
    env = {**os.environ, **settings.to_environment()}
    workers = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "worker",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    outputs: list[bytes] = []
    try:
        deadline = time.monotonic() + 60  # both have started Python and the SDKs and connected
        while await _connections(own_postgres) < 2 and time.monotonic() < deadline:
            assert all(w.returncode is None for w in workers)
            await asyncio.sleep(0.2)
        async with running_app(settings) as app, httpx.AsyncClient(base_url=app.url) as client:
            # Everyone writes at once, each person one message after the other (each stored before
            # the next is sent), so the workers lease batches holding several of one person's messages.
            async def write(n: int, user: str) -> None:
                for k in range(MESSAGES):
                    body = json.dumps(
                        line_body(
                            "line/message_text_user.json",
                            source={"type": "user", "userId": user},
                            replyToken=f"t{n}-{k:02d}",
                            message={"id": f"{n}{k:02d}", "type": "text", "text": f"メモ{k:02d}", "quoteToken": "q"},
                        ),
                        ensure_ascii=False,
                    )
                    response = await client.post(
                        "/line/webhook", content=body.encode(), headers=line_headers(LINE_SECRET, body)
                    )
                    assert response.status_code == 200

            await asyncio.gather(*(write(n, user) for n, user in enumerate(users)))
            await sandbox.wait_for(
                lambda calls: len([c for c in calls if "/message/" in c.path]) >= PEOPLE * MESSAGES, 120
            )
            await asyncio.sleep(0.5)  # a second answer to anything would have arrived by now
    finally:
        for worker in workers:
            if worker.returncode is None:
                worker.terminate()
        for worker in workers:
            out, _ = await asyncio.wait_for(worker.communicate(), 30)
            outputs.append(out)

    assert sandbox.calls_to("/message/push") == []  # nobody's answer missed its reply token
    replies = sandbox.calls_to("/message/reply")
    tokens = [r.body["replyToken"] for r in replies]
    assert len(tokens) == len(set(tokens)) == PEOPLE * MESSAGES  # every message answered, once
    for n in range(PEOPLE):
        mine = [r for r in replies if r.body["replyToken"].startswith(f"t{n}-")]
        order = [r.body["replyToken"].split("-")[1] for r in mine]
        assert order == [f"{k:02d}" for k in range(MESSAGES)]  # in the order they were written
        assert all(f"メモ{k:02d}" in r.body["messages"][0]["text"] for k, r in enumerate(mine))

    database = Database(own_postgres)
    try:
        counts = await database.inbox().counts()
    finally:
        await database.dispose()
    # the messages, and the timed jobs' slots both processes' timers stored (each slot once)
    assert counts.handled >= PEOPLE * MESSAGES and (counts.failed, counts.pending) == (0, 0)
    handled_by = [out.decode(errors="replace").count('"event": "domain_event"') for out in outputs]
    assert all(count > 0 for count in handled_by), handled_by  # both processes took part
    assert sum(handled_by) == PEOPLE * MESSAGES  # and nothing was handled twice
