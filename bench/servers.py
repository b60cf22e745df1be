"""The processes the ingest benchmark starts: the bare endpoint, Yui, and the LINE API stand-in.

uvicorn bench.servers:bare_app                 # POST /line/webhook reads the body, answers {}
uvicorn --factory bench.servers:yui_app        # the real app, configured from YUI_BENCH_* variables
python -m bench.servers sandbox --port 9000    # bot.sandbox.PlatformSandbox, LINE profiles preloaded
"""

from __future__ import annotations

import argparse
import asyncio
import os

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

# --- the baseline: a bare FastAPI POST endpoint ------------------------------------------------

bare_app = FastAPI(docs_url=None, redoc_url=None)


@bare_app.get("/healthz")
async def bare_healthz() -> dict[str, str]:
    return {"status": "ok"}


@bare_app.post("/line/webhook")
async def bare_webhook(request: Request) -> JSONResponse:
    await request.body()
    return JSONResponse({})


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
        log_level="WARNING",
    )
    configure_logging(settings.log_format, settings.log_level)
    return create_app(settings)


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
    try:
        import uvloop

        uvloop.run(_serve_sandbox(args.port, args.users))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
