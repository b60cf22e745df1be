"""`yui serve`'s worker process: started with the web app, restarted if it dies, stopped with it.

The worker runs as `python -m bot worker` at a lower CPU priority (nice), so under a burst the
web process keeps acknowledging at full speed and handling catches up afterwards. It gets the
web process's settings through its environment, including values given in code rather than in
the environment (tests, the benchmark).

The worker never outlives the web process, even one killed with SIGKILL (which runs none of its
clean-up): it is started with `--parent <pid>` and stops, like on SIGTERM, as soon as that process
is gone, so a restarted `yui serve` never finds an orphan worker beside its own. On Linux the
kernel tells it at once (`PR_SET_PDEATHSIG`); everywhere it also checks its parent every second.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
from collections.abc import Callable

import structlog

from bot.settings import Settings

log = structlog.get_logger(__name__)

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_CHECK_SECONDS = 1.0


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
        argv = [sys.executable, "-m", "bot", "worker", "--nice", str(self._nice), "--parent", str(os.getpid())]
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


def ask_for_signal_on_parent_death(sig: signal.Signals = signal.SIGTERM) -> bool:
    """Have the kernel send `sig` to this process when its parent dies (Linux); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


async def follow_parent(parent: int, on_gone: Callable[[], None], *, every: float = PARENT_CHECK_SECONDS) -> None:
    """Call `on_gone` once the process `parent` is no longer this process's parent (it died and we
    were handed to init or a subreaper), checking every `every` seconds; return after that.

    The parent-death signal comes first on Linux; this covers other systems, and a parent that died
    before the signal was asked for (the check runs at once)."""
    signalled = ask_for_signal_on_parent_death()
    while os.getppid() == parent:  # noqa: ASYNC110 (nothing to await: the kernel changes our parent)
        await asyncio.sleep(every)
    log.warning("worker.parent_gone", parent=parent, death_signal=signalled)
    on_gone()
