"""The processes the ingest benchmark starts: the bare endpoint, Yui, and the LINE API stand-in.

    uvicorn bench.servers:bare_app                 # POST /line/webhook reads the body, answers {}
    uvicorn --factory bench.servers:yui_app        # the real app, configured from YUI_BENCH_* variables
    python -m bench.servers sandbox --port 9000    # bot.sandbox.PlatformSandbox, LINE profiles preloaded

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
    )
    configure_logging(settings.log_format, settings.log_level)
    return _instrument(create_app(settings, freeze_gc=True))


# --- the LINE Messaging API stand-in --------------------------------------------------------------


def user_id(n: int) -> str:
    """The LINE user id of benchmark user `n` (the same ids in the request bodies and the sandbox)."""
    return f"U{n:032x}"


async def _serve_sandbox(port: int, users: int) -> None:
    from bot.sandbox import PlatformSandbox

    box = PlatformSandbox()
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sandbox = sub.add_parser("sandbox", help="run the LINE API stand-in until interrupted")
    sandbox.add_argument("--port", type=int, required=True)
    sandbox.add_argument("--users", type=int, default=200)
    args = parser.parse_args()
    import uvloop

    with suppress(KeyboardInterrupt):
        uvloop.run(_serve_sandbox(args.port, args.users))


if __name__ == "__main__":
    main()
