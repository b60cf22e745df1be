"""The processes the ingest benchmark starts: the bare endpoint, Yui, and the LINE API stand-in.

    uvicorn bench.servers:bare_app                 # POST /line/webhook reads the body, answers {}
    uvicorn --factory bench.servers:yui_app        # the real app, configured from YUI_BENCH_* variables
    python -m bench.servers sandbox --port 9000    # bot.sandbox.PlatformSandbox, LINE profiles preloaded
    python -m bench.servers floor-worker --nice 10 # the inbox worker answering every text with one reply

Both HTTP apps also answer GET /_bench/gc: the garbage collector's pauses since the previous call
(the benchmark reads it before and after the measured run). Yui is built exactly as `yui serve`
builds it: `gc.freeze()` after start-up, and its worker in a separate, niced process.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import threading
import time
from contextlib import suppress
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

# --- garbage collector pauses ----------------------------------------------------------------------

_gc_started = [0.0]
_gc_pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}


def _gc_callback(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        _gc_pauses[info["generation"]].append(time.perf_counter() - _gc_started[0])


gc.callbacks.append(_gc_callback)


async def gc_report(reset: bool = True) -> dict[str, Any]:
    """Pauses per generation since the last call: count, total and longest (ms); tracked objects."""
    report: dict[str, Any] = {
        f"gen{g}": {"count": len(p), "total_ms": round(sum(p) * 1000, 1), "max_ms": round(max(p, default=0) * 1000, 1)}
        for g, p in _gc_pauses.items()
    }
    report["tracked_objects"] = len(gc.get_objects())
    report["frozen_objects"] = gc.get_freeze_count()
    report["threads"] = threading.active_count()
    if reset:
        for pauses in _gc_pauses.values():
            pauses.clear()
    return report


def _instrument(app: FastAPI) -> FastAPI:
    app.add_api_route("/_bench/gc", gc_report, methods=["GET"], include_in_schema=False)
    return app


# --- the baseline: a bare FastAPI POST endpoint ------------------------------------------------


def _bare() -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/line/webhook")
    async def webhook(request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse({})

    return _instrument(app)


bare_app = _bare()


# --- Yui ----------------------------------------------------------------------------------------


def yui_app() -> FastAPI:
    """`bot.app.create_app` with LINE pointed at the sandbox; logging set up as `yui serve` does it."""
    from bot.app import create_app
    from bot.logs import configure_logging
    from bot.settings import Settings

    settings = Settings(
        _env_file=None,
        database_url=os.environ["YUI_BENCH_DATABASE_URL"],
        line_channel_secret=os.environ["YUI_BENCH_LINE_SECRET"],
        line_channel_access_token="bench-line-token",
        line_api_url=os.environ["YUI_BENCH_LINE_API_URL"],
        slack_signing_secret=None,
        slack_bot_token=None,
        openai_api_key=None,
        log_format="json",
        log_level=os.environ.get("YUI_BENCH_LOG_LEVEL", "INFO"),
        worker=os.environ.get("YUI_BENCH_WORKER", "process"),
    )
    configure_logging(settings.log_format, settings.log_level)
    return _instrument(create_app(settings, freeze_gc=True))


# --- the LINE Messaging API stand-in --------------------------------------------------------------


def user_id(n: int) -> str:
    """The LINE user id of benchmark user `n` (the same ids in the request bodies and the sandbox)."""
    return f"U{n:032x}"


async def _serve_sandbox(port: int, users: int) -> None:
    from aiohttp import web

    from bot.sandbox import PlatformSandbox

    class TimedSandbox(PlatformSandbox):
        """Notes when each reply (by its token) and each push arrived: `POST /v2/bot/_bench/line`
        hands them over and forgets them (bench/handling.py measures webhook-to-reply with them)."""

        def __init__(self) -> None:
            super().__init__()
            self.replies: list[tuple[str, float]] = []
            self.pushes: list[tuple[str, float]] = []

        async def _line(self, request: web.Request) -> web.Response:
            if request.path == "/v2/bot/_bench/line":
                taken = {"replies": list(self.replies), "pushes": list(self.pushes)}
                self.replies.clear()
                self.pushes.clear()
                return web.json_response(taken)
            response = await super()._line(request)
            if response.status == 200 and request.path.endswith(("/message/reply", "/message/push")):
                body = await request.json()
                if request.path.endswith("/reply"):
                    self.replies.append((str(body.get("replyToken")), time.time()))
                else:
                    self.pushes.append((str(body.get("to")), time.time()))
            return response

    box = TimedSandbox()
    for n in range(users):
        box.state.line_profiles[user_id(n)] = {"name": f"利用者{n}", "language": "ja"}
    await box.start(port=port)
    print(f"sandbox listening on {box.base}", flush=True)
    try:
        while True:
            await asyncio.sleep(1)
            # The sandbox keeps every call for the tests; a benchmark only needs them to succeed.
            box.state.calls.clear()
    finally:
        await box.stop()


# --- the floor: the worker as `yui worker` runs it, answering each text with one reply ------------


async def _floor_worker() -> None:
    """`yui worker` with a bus that only replies: lease, translate, reply, record the outcome.

    The same process set-up (settings from the environment, `open_services`, uvloop, gc.freeze,
    the InboxWorker and its concurrency), so bench/handling.py can compare what handling costs on
    top of what any answer costs.
    """
    import dataclasses
    import signal

    from bot.handling import handling
    from bot.outbound import SystemClock
    from bot.services import open_services
    from bot.settings import Settings
    from handlers.commands import Command, HandleMessage
    from handlers.events import Event
    from handlers.messagebus import MessageBus
    from handlers.ports import OutgoingMessage

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with open_services(Settings(), SystemClock()) as services:
        notifier = services.notifier
        assert notifier is not None

        async def reply(command: HandleMessage) -> list[Event]:
            await notifier.send(OutgoingMessage(chat=command.chat, text="受け付けました", reply=command.reply))
            return []

        async def report_error(command: Command) -> None:
            return None

        bus = MessageBus({HandleMessage: reply}, {}, report_error)
        async with handling(dataclasses.replace(services, bus=bus)):
            gc.collect()
            gc.freeze()
            await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sandbox = sub.add_parser("sandbox", help="run the LINE API stand-in until interrupted")
    sandbox.add_argument("--port", type=int, required=True)
    sandbox.add_argument("--users", type=int, default=200)
    floor = sub.add_parser("floor-worker", help="a worker that only replies (settings from the environment)")
    floor.add_argument("--nice", type=int, default=10)
    args = parser.parse_args()
    import uvloop

    with suppress(KeyboardInterrupt):
        if args.command == "sandbox":
            uvloop.run(_serve_sandbox(args.port, args.users))
        else:
            from bot.logs import configure_logging
            from bot.settings import Settings

            settings = Settings()
            configure_logging(settings.log_format, settings.log_level)
            os.nice(args.nice)
            uvloop.run(_floor_worker())


if __name__ == "__main__":
    main()
