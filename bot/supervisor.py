"""`yui serve`'s worker process: started with the web app, restarted if it dies, stopped with it.

The worker runs as `python -m bot worker` at a lower CPU priority (nice), so under a burst the
web process keeps acknowledging at full speed and handling catches up afterwards. It gets the
web process's settings through its environment, including values given in code rather than in
the environment (tests, the benchmark).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys

import structlog

from bot.settings import Settings

log = structlog.get_logger(__name__)


class WorkerProcess:
    def __init__(self, settings: Settings, *, nice: int = 10, stop_timeout: float = 15.0) -> None:
        self._settings = settings
        self._nice = nice
        self._stop_timeout = stop_timeout
        self._process: asyncio.subprocess.Process | None = None
        self._watch: asyncio.Task[None] | None = None
        self._stopping = False

    async def start(self) -> None:
        self._watch = asyncio.create_task(self._keep_running(), name="worker-process")

    async def stop(self) -> None:
        self._stopping = True
        process = self._process
        if process is not None and process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), self._stop_timeout)
            except TimeoutError:
                log.warning("worker_process.killed", pid=process.pid)
                process.kill()
                await process.wait()
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch

    async def _keep_running(self) -> None:
        delay = 1.0
        env = {**os.environ, **self._settings.to_environment()}
        argv = [sys.executable, "-m", "bot", "worker", "--nice", str(self._nice)]
        while True:
            loop = asyncio.get_running_loop()
            started = loop.time()
            self._process = await asyncio.create_subprocess_exec(*argv, env=env)
            log.info("worker_process.started", pid=self._process.pid)
            code = await self._process.wait()
            if self._stopping:  # set by stop() while we waited
                return
            # Ran for a while: a fresh crash; died at once: back off so a broken set-up does not spin.
            delay = 1.0 if loop.time() - started > 60 else min(delay * 2, 60.0)
            log.error("worker_process.exited", code=code, restart_in_s=delay)
            await asyncio.sleep(delay)
