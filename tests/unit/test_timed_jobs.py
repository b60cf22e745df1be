"""Timed jobs: run at start-up, again every interval, and a failure does not stop them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.handling import TimedJob, TimedJobs


async def test_a_job_runs_at_start_and_keeps_running_after_a_failure() -> None:
    runs: list[int] = []

    async def flaky() -> int:
        runs.append(len(runs))
        if len(runs) == 2:
            raise RuntimeError("database briefly unavailable")
        return len(runs)

    jobs = TimedJobs([TimedJob("flaky", timedelta(milliseconds=10), flaky)])
    await jobs.start()
    for _ in range(200):
        if len(runs) >= 4:
            break
        await asyncio.sleep(0.01)
    await jobs.stop()
    assert runs[:4] == [0, 1, 2, 3]  # the second run failed; the third came all the same
