"""`GET /metrics` and `/readyz` when handling is stuck (issue 12, item 9), through the real app.

The app runs with `YUI_WORKER=external` and no worker: accepted events wait, which is what a stuck
worker looks like from the outside."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from bot.signing import line_headers
from tests.conftest import LINE_SECRET, SteppingClock, line_body, make_settings


@pytest.fixture
async def app(empty_database_url: str, sandbox: PlatformSandbox, clock: SteppingClock) -> AsyncIterator[RunningApp]:
    settings = make_settings(empty_database_url, sandbox, worker="external", ready_max_wait_seconds=60)
    async with running_app(settings, clock=clock) as running:
        yield running


def _sample(text: str, name: str) -> float:
    [line] = [line for line in text.splitlines() if line.startswith(name + " ")]
    return float(line.split()[-1])


async def test_metrics_show_the_waiting_events_and_readyz_says_handling_is_stuck(
    app: RunningApp, clock: SteppingClock
) -> None:
    async with httpx.AsyncClient(base_url=app.url) as client:
        assert (await client.get("/readyz")).status_code == 200
        for _ in range(3):
            body = json.dumps(line_body("line/follow.json"), ensure_ascii=False)
            accepted = await client.post(
                "/line/webhook", content=body.encode(), headers=line_headers(LINE_SECRET, body)
            )
            assert accepted.status_code == 200

        scraped = await client.get("/metrics")
        assert scraped.status_code == 200 and scraped.headers["content-type"].startswith("text/plain")
        assert _sample(scraped.text, 'yui_inbox_events{state="pending"}') == 3
        assert _sample(scraped.text, 'yui_inbox_events{state="failed"}') == 0
        assert _sample(scraped.text, "yui_inbox_oldest_pending_age_seconds") < 60
        assert (await client.get("/readyz")).status_code == 200  # waiting a moment is not stuck

        clock.offset += timedelta(minutes=5)  # nobody handled them for five minutes
        stuck = await client.get("/readyz")
        later = await client.get("/metrics")
    assert stuck.status_code == 503 and stuck.json()["handling"] == "stuck"
    assert _sample(later.text, "yui_inbox_oldest_pending_age_seconds") >= 300
