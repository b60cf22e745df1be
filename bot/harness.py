"""Run the real app on a loopback socket inside the current event loop (demo, tests, benchmarks)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

from bot.app import Runtime, create_app
from bot.settings import Settings
from handlers.ports import Clock


@dataclass
class RunningApp:
    app: FastAPI
    url: str

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until everything the requests so far caused (replies, pushes) has happened.

        Needs the inline worker (`YUI_WORKER=inline`), which the demo and the tests use.
        """
        worker = self.runtime.worker
        if worker is None:
            raise RuntimeError("settle() needs worker='inline'")
        await worker.settle(timeout)
        if self.runtime.services.line_pushes is not None:  # the pushes those requests caused, counted
            await asyncio.wait_for(self.runtime.services.line_pushes.drain(), timeout)


@asynccontextmanager
async def running_app(settings: Settings, *, clock: Clock | None = None) -> AsyncIterator[RunningApp]:
    app = create_app(settings, clock=clock)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, lifespan="on"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if serving.done():
                serving.result()  # re-raise the start-up error (e.g. an un-migrated database)
                raise RuntimeError("server stopped during start-up")
            await asyncio.sleep(0.01)
        yield RunningApp(app, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        await serving
        sock.close()
