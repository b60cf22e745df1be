"""The console tests' app: the real app with Sign in with Slack pointed at the sandbox, and a
small programme in its own database (both back ends)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from tests.conftest import SteppingClock, make_settings
from tests.console.world import World, build_world


@pytest.fixture
async def console(
    empty_database_url: str, sandbox: PlatformSandbox, clock: SteppingClock
) -> AsyncIterator[tuple[RunningApp, World]]:
    settings = make_settings(
        empty_database_url,
        sandbox,
        slack_client_id="123.456",
        slack_client_secret="shh",
        slack_authorize_url=sandbox.slack_authorize_url,
        console_secret="test-console-secret",
    )
    async with running_app(settings, clock=clock) as running:
        world = await build_world(running.runtime.services.database, clock.now())
        yield running, world
