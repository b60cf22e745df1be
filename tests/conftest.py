"""Shared fixtures: real databases (SQLite file and PostgreSQL), the platform sandbox, the app."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from copy import deepcopy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from bot.settings import Settings
from domain.persistence import upgrade

# The SDKs' own sample payloads (provenance and licences in its README), kept in the repository so a
# fresh clone anywhere (CI) runs the adapter tests without files from outside it.
FIXTURES = Path(__file__).resolve().parent / "data" / "platform-samples"
DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"

SLACK_SECRET = "test-slack-signing-secret"
LINE_SECRET = "test-line-channel-secret"
LINE_BOT = "U" + "f" * 32


def load_fixture(name: str) -> Any:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


def line_body(fixture: str, **overrides: Any) -> dict[str, Any]:
    """A LINE fixture with unique webhookEventId and replyToken (the samples all share one)."""
    body: dict[str, Any] = deepcopy(load_fixture(fixture))
    body["destination"] = LINE_BOT
    for event in body["events"]:
        event["webhookEventId"] = uuid.uuid4().hex.upper()[:26]
        if "replyToken" in event:
            event["replyToken"] = uuid.uuid4().hex
        event.update(overrides)
    return body


class SteppingClock:
    """A clock that can be moved: `now()` returns the real time plus `offset`."""

    def __init__(self) -> None:
        self.offset = timedelta()
        self.step = timedelta()

    def now(self) -> datetime:
        value = datetime.now(UTC) + self.offset
        self.offset += self.step
        return value


# --- databases --------------------------------------------------------------------------------


def _pg_url() -> str:
    return os.environ.get("YUI_TEST_DATABASE_URL", DEFAULT_PG_URL)


async def _pg_admin(sql: str) -> None:
    url = make_url(_pg_url())
    conn = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password, database=url.database
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated, dropped afterwards."""
    name = f"yui_test_{uuid.uuid4().hex[:10]}"
    try:
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL must be reachable under CI ({_pg_url()}): {exc}")
        pytest.skip(f"PostgreSQL not reachable at {_pg_url()}: {exc}")
    url = make_url(_pg_url()).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'yui.db'}"
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database of its own for one test, on both back ends (for whole-inbox assertions)."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'own.db'}"
        upgrade(url)
        yield url
        return
    base = request.getfixturevalue("postgres_url")  # skips or fails like the shared one
    name = f"yui_own_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Run the test on both supported back ends."""
    return str(request.getfixturevalue(f"{request.param}_url"))


# --- platform edge ----------------------------------------------------------------------------


@pytest.fixture
async def sandbox() -> AsyncIterator[PlatformSandbox]:
    box = PlatformSandbox()
    await box.start()
    yield box
    await box.stop()


def make_settings(database_url: str, sandbox: PlatformSandbox, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "slack_signing_secret": SLACK_SECRET,
        "slack_bot_token": "xoxb-test",
        "slack_api_url": sandbox.slack_api_url,
        "line_channel_secret": LINE_SECRET,
        "line_channel_access_token": "line-test-token",
        "line_api_url": sandbox.base,
        "openai_api_key": None,
        "worker": "inline",
        "log_format": "json",
        "log_level": "WARNING",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


def midday_in_tokyo() -> timedelta:
    """The offset that puts the app at 12:00 in Tokyo on today's Tokyo date. The app's timed jobs
    (reminders from 17:00, digests at 18:00 for every leader and channel the session's database
    holds) then never fire on their own because the suite happens to run in the evening; a test
    that wants them moves the clock there itself."""
    now = datetime.now(ZoneInfo("Asia/Tokyo"))
    return now.replace(hour=12, minute=0, second=0, microsecond=0) - now


@pytest.fixture
def clock() -> SteppingClock:
    stepping = SteppingClock()
    stepping.offset = midday_in_tokyo()
    return stepping


@pytest.fixture
async def app(sqlite_url: str, sandbox: PlatformSandbox, clock: SteppingClock) -> AsyncIterator[RunningApp]:
    async with running_app(make_settings(sqlite_url, sandbox), clock=clock) as running:
        yield running
