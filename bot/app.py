"""The app factory: settings in, a FastAPI app out. Clients are built once, in the lifespan.

The webhook endpoints only verify, store and acknowledge: every accepted event goes to the inbox
table and the inbox worker handles it (`bot/worker.py`), in this process or in its own.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from bot import inbound
from bot.console.app import build_console
from bot.handling import handling
from bot.http import BodyLimitMiddleware
from bot.logs import excerpt
from bot.metrics import render_metrics
from bot.outbound import SystemClock
from bot.services import Services, open_services
from bot.settings import Settings
from bot.signing import line_signature_valid, slack_signature_valid
from bot.slack import shape
from bot.slack.app import SlackAdapter, build_slack
from bot.supervisor import WorkerProcess
from bot.worker import InboxWorker, WorkerDied
from domain.persistence import InboundEvent, InboxUnavailable
from domain.refs import Locale, PersonRef, Platform
from handlers.ports import Clock

log = structlog.get_logger(__name__)


def _ack() -> Response:
    return Response(b"{}", media_type="application/json")


def _malformed(platform: str, problem: str, raw: bytes) -> JSONResponse:
    """400 for a signed body no platform would send, logged once with what was wrong and its start."""
    log.warning(f"{platform}.malformed_body", problem=problem, payload=excerpt(raw))
    return JSONResponse({"error": "malformed body", "problem": problem}, status_code=400)


@dataclass
class Runtime:
    services: Services
    worker: InboxWorker | None  # the inline worker, when this process runs one
    slack: SlackAdapter | None
    line_secret: str | None
    worker_died: str | None = None  # why the inline worker stopped by itself (readyz says so)

    @property
    def settings(self) -> Settings:
        return self.services.settings


def _not_configured(platform: str, variables: str) -> JSONResponse:
    return JSONResponse(
        {
            "error": f"{platform.lower()}_not_configured",
            "message": f"{platform} is not configured on this server: set {variables} and restart Yui.",
        },
        status_code=503,
    )


def _known_locale(services: Services) -> Callable[[PersonRef], Awaitable[Locale | None]]:
    """The language a person uses with Yui, for the Slack forms built before the ack."""

    async def known(ref: PersonRef) -> Locale | None:
        async with services.database.unit_of_work() as uow:
            person = await uow.people.by_identity(ref)
        return person.locale if person else None

    return known


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    freeze_gc: bool = False,
    exit_when_worker_dies: bool = False,
) -> FastAPI:
    """Build the app. `freeze_gc` (for `yui serve`): leave start-up objects out of later collections.

    The SDKs leave ~300,000 long-lived objects behind at start-up; without the freeze every full
    collection walks them all and stops the process for ~200 ms (bench/README.md).
    `exit_when_worker_dies` (for `yui serve`): an inline worker whose loop died stops the server, so
    that the process exits non-zero and its supervisor restarts it instead of acknowledging events
    nobody handles.
    """
    settings = settings or Settings()
    clock = clock or SystemClock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_services(settings, clock) as services, AsyncExitStack() as stack:
            worker = None
            if settings.worker == "inline":
                worker = await stack.enter_async_context(handling(services))
            elif settings.worker == "process":
                process = WorkerProcess(settings)
                await process.start()
                stack.push_async_callback(process.stop)
            slack = None
            if services.slack_client is not None:
                assert settings.slack_signing_secret
                slack = build_slack(
                    client=services.slack_client,
                    signing_secret=settings.slack_signing_secret.get_secret_value(),
                    inbox=services.inbox,
                    clock=clock,
                    timezone=settings.timezone,
                    known_locale=_known_locale(services),
                )
            line_secret = None
            if settings.line_configured:
                assert settings.line_channel_secret
                line_secret = settings.line_channel_secret.get_secret_value()
            runtime = Runtime(services, worker, slack, line_secret)
            app.state.runtime = runtime
            if worker is not None:
                watch = asyncio.create_task(_watch_worker(runtime, worker, exit_when_worker_dies))
                stack.callback(watch.cancel)
            log.info(
                "yui.started",
                slack=slack is not None,
                line=line_secret is not None,
                llm=settings.llm_configured,
                database=services.database.backend,
                worker=settings.worker,
                unhandled_events=await services.inbox.pending_count(),
            )
            if freeze_gc:
                gc.collect()
                gc.freeze()
            yield
        log.info("yui.stopped")

    app = FastAPI(title="Yui (結)", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    build_console(app, settings)  # the web console at /console (issue 17)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        runtime: Runtime = request.app.state.runtime
        try:
            await runtime.services.database.ping()
        except Exception as exc:
            log.warning("readyz.database_unreachable", error=type(exc).__name__)
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        oldest = await runtime.services.inbox.oldest_pending()
        waited = (runtime.services.clock.now() - oldest).total_seconds() if oldest is not None else 0.0
        if waited > runtime.settings.ready_max_wait_seconds:  # accepted events are not being handled
            log.warning("readyz.handling_stuck", oldest_pending_s=round(waited))
            return JSONResponse(
                {"status": "unavailable", "database": "ok", "handling": "stuck", "oldest_pending_s": round(waited)},
                status_code=503,
            )
        if runtime.worker_died is not None:
            return JSONResponse({"status": "unavailable", "worker": runtime.worker_died}, status_code=503)
        return JSONResponse(
            {
                "status": "ready",
                "database": "ok",
                "slack": runtime.slack is not None,
                "line": runtime.line_secret is not None,
                "llm": runtime.settings.llm_configured,
                "worker": runtime.settings.worker,
            }
        )

    @app.get("/metrics")
    async def metrics(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        inbox = runtime.services.inbox
        counts, oldest = await inbox.counts(), await inbox.oldest_pending()
        waited = (runtime.services.clock.now() - oldest).total_seconds() if oldest is not None else 0.0
        body, content_type = render_metrics(counts, waited)
        return Response(body, media_type=content_type)

    @app.post("/slack/events")
    async def slack_events(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        if runtime.slack is None:
            return _not_configured("Slack", "SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN")
        raw = await request.body()
        headers = request.headers
        if not slack_signature_valid(
            runtime.slack.signing_secret,
            raw,
            headers.get("x-slack-request-timestamp"),
            headers.get("x-slack-signature"),
        ):
            return JSONResponse({"error": "invalid request"}, status_code=401)
        body = _slack_body(raw, headers.get("content-type", ""))
        if body is None:
            return _malformed("slack", "not JSON or a form Slack sends", raw)
        if (problem := shape.problem(body)) is not None:
            return _malformed("slack", problem, raw)
        response = await runtime.slack.handler.handle(request)
        if response.status_code == 404:  # a type or action Yui does not use: acknowledged, ignored
            return _ack()
        return response

    @app.post("/line/webhook")
    async def line_webhook(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        if runtime.line_secret is None:
            return _not_configured("LINE", "LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN")
        raw = await request.body()
        if not line_signature_valid(runtime.line_secret, raw, request.headers.get("x-line-signature")):
            return JSONResponse({"error": "invalid signature"}, status_code=401)
        envelope = _line_envelope(raw, runtime.services.clock.now())
        if isinstance(envelope, str):
            return _malformed("line", envelope, raw)
        return await _accept_line_events(runtime, *envelope)

    return app


async def _watch_worker(runtime: Runtime, worker: InboxWorker, exit_process: bool) -> None:
    try:
        await worker.wait()
    except WorkerDied as exc:
        runtime.worker_died = str(exc)
        if exit_process:
            log.critical("yui.stopping_for_restart", reason=str(exc))
            signal.raise_signal(signal.SIGTERM)  # uvicorn shuts down and the process exits non-zero


async def _accept_line_events(runtime: Runtime, destination: str, events: list[InboundEvent]) -> Response:
    if not events:  # the console's "Verify" button and some redeliveries carry no events
        return _ack()
    try:
        fresh = await runtime.services.inbox.claim_all(events)
    except InboxUnavailable as exc:
        log.warning("line.inbox_unavailable", error=str(exc), events=len(events))
        return JSONResponse({"error": "temporarily unavailable"}, status_code=503)
    for stored, is_new in zip(events, fresh, strict=True):
        log.info("line.event", webhook_event_id=stored.event_id, duplicate=not is_new)
    return _ack()


def _line_envelope(raw: bytes, now: datetime) -> tuple[str, list[InboundEvent]] | str:
    """(destination, events to store) of a signed LINE body, or what is wrong with it.

    Only the envelope is checked here; the SDK builds the event models in the worker, off the
    acknowledgement path (`bot/inbound.py`), and an event it cannot read is recorded as ignored.
    """
    try:
        body = json.loads(raw)
    except RecursionError:  # nested thousands deep: no platform sends that
        return "nested too deeply"
    except ValueError:  # not JSON, or not UTF-8
        return "not JSON"
    if not isinstance(body, dict):
        return "not a JSON object"
    events = body.get("events")
    destination = body.get("destination", "")
    if not isinstance(events, list) or not isinstance(destination, str):
        return "no events list or destination"
    if not all(isinstance(e, dict) and isinstance(e.get("type"), str) for e in events):
        return "an event without a type"
    try:
        stored = [
            InboundEvent(
                Platform.LINE,
                _line_event_id(e),
                inbound.line_payload(destination, e),
                now,
                inbound.line_order_key(destination, e),
            )
            for e in events
        ]
    except RecursionError:
        return "nested too deeply"
    return destination, stored


def _line_event_id(raw: dict[str, Any]) -> str:
    event_id = raw.get("webhookEventId")
    if isinstance(event_id, str) and event_id:
        return event_id
    # Every real event has one; keep dedupe working for anything that does not.
    return "sha256:" + hashlib.sha256(inbound.payload_json(raw).encode()).hexdigest()


def _slack_body(raw: bytes, content_type: str) -> dict[str, Any] | None:
    """The parsed body: Slack sends JSON (Events API) or a form (commands; interactivity with a JSON
    `payload`, which is what bolt reads). None for anything else."""
    try:
        text = raw.decode("utf-8")
        if content_type.startswith("application/json"):
            body = json.loads(text)
            return body if isinstance(body, dict) else None
        form = parse_qs(text, keep_blank_values=True)
        if "payload" in form:
            payload = json.loads(form["payload"][0])
            return payload if isinstance(payload, dict) else None
        return {name: values[0] for name, values in form.items()} or None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
