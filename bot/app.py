"""The app factory: settings in, a FastAPI app out. Clients are built once, in the lifespan."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration
from linebot.v3.webhook import WebhookParser
from openai import AsyncOpenAI
from slack_sdk.signature import SignatureVerifier

from bot.background import BackgroundWork
from bot.dispatch import Dispatcher
from bot.http import BodyLimitMiddleware
from bot.line import translate as line_translate
from bot.line.notifier import LineDirectory, LineNotifier
from bot.llm import OfflineLanguageModel, OpenAILanguageModel
from bot.outbound import PlatformDirectory, PlatformNotifier, SystemClock
from bot.settings import Settings
from bot.slack.app import SlackAdapter, build_client, build_slack
from bot.slack.notifier import SlackDirectory, SlackNotifier
from domain.persistence import Database, InboundEvent, SqlInbox
from domain.refs import Platform
from handlers.bootstrap import bootstrap
from handlers.messagebus import MessageBus
from handlers.ports import Clock, LanguageModel

log = structlog.get_logger(__name__)


class SchemaNotMigrated(RuntimeError):
    pass


@dataclass
class LineAdapter:
    parser: WebhookParser
    api_client: AsyncApiClient
    api: AsyncMessagingApi


@dataclass
class Runtime:
    settings: Settings
    database: Database
    inbox: SqlInbox
    work: BackgroundWork
    bus: MessageBus
    dispatcher: Dispatcher
    clock: Clock
    slack: SlackAdapter | None
    line: LineAdapter | None


def _not_configured(platform: str, variables: str) -> JSONResponse:
    return JSONResponse(
        {
            "error": f"{platform.lower()}_not_configured",
            "message": f"{platform} is not configured on this server: set {variables} and restart Yui.",
        },
        status_code=503,
    )


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = Database(settings.database_url)
        status = await database.schema_status()
        if not status.up_to_date:
            await database.dispose()
            raise SchemaNotMigrated(
                f"The database schema is at {status.current or 'nothing'}, this Yui needs {status.head}. "
                "Run `yui db upgrade` first."
            )
        inbox = database.inbox()
        await inbox.start()
        line = None
        if settings.line_configured:
            assert settings.line_channel_secret and settings.line_channel_access_token
            api_client = AsyncApiClient(
                Configuration(
                    host=settings.line_api_url, access_token=settings.line_channel_access_token.get_secret_value()
                )
            )
            line = LineAdapter(
                WebhookParser(settings.line_channel_secret.get_secret_value()),
                api_client,
                AsyncMessagingApi(api_client),
            )
        slack_client = None
        if settings.slack_configured:
            assert settings.slack_bot_token
            slack_client = build_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
        llm: LanguageModel = OfflineLanguageModel()
        openai_client = None
        if settings.openai_api_key:
            openai_client = AsyncOpenAI(
                api_key=settings.openai_api_key.get_secret_value(),
                base_url=settings.openai_base_url,
                timeout=settings.llm_timeout_seconds,
                max_retries=1,
            )
            llm = OpenAILanguageModel(openai_client, settings.llm_model)
        bus = bootstrap(
            uow_factory=database.unit_of_work,
            notifier=PlatformNotifier(
                slack=SlackNotifier(slack_client) if slack_client else None,
                line=LineNotifier(line.api, clock) if line else None,
            ),
            directory=PlatformDirectory(
                slack=SlackDirectory(slack_client) if slack_client else None,
                line=LineDirectory(line.api) if line else None,
            ),
            llm=llm,
            clock=clock,
        )
        work = BackgroundWork()
        dispatcher = Dispatcher(bus, work, inbox)
        slack = None
        if slack_client is not None:
            assert settings.slack_signing_secret
            slack = build_slack(
                client=slack_client,
                signing_secret=settings.slack_signing_secret.get_secret_value(),
                inbox=inbox,
                dispatcher=dispatcher,
                clock=clock,
            )
        app.state.runtime = Runtime(settings, database, inbox, work, bus, dispatcher, clock, slack, line)
        unhandled = await inbox.pending_count()
        log.info(
            "yui.started",
            slack=slack is not None,
            line=line is not None,
            llm=settings.llm_configured,
            database=database.backend,
            unhandled_events=unhandled,
        )
        try:
            yield
        finally:
            await work.drain(timeout=10)
            await inbox.stop()
            if line:
                await line.api_client.close()
            if openai_client:
                await openai_client.close()
            await database.dispose()
            log.info("yui.stopped")

    app = FastAPI(title="Yui (結)", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        runtime: Runtime = request.app.state.runtime
        try:
            await runtime.database.ping()
        except Exception as exc:
            log.warning("readyz.database_unreachable", error=type(exc).__name__)
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        return JSONResponse(
            {
                "status": "ready",
                "database": "ok",
                "slack": runtime.slack is not None,
                "line": runtime.line is not None,
                "llm": runtime.settings.llm_configured,
            }
        )

    @app.post("/slack/events")
    async def slack_events(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        if runtime.slack is None:
            return _not_configured("Slack", "SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN")
        raw = await request.body()
        if not _slack_body_well_formed(raw, request.headers.get("content-type", "")):
            verifier = SignatureVerifier(runtime.slack.signing_secret)
            if not verifier.is_valid(
                raw, request.headers.get("x-slack-request-timestamp"), request.headers.get("x-slack-signature")
            ):
                return JSONResponse({"error": "invalid request"}, status_code=401)
            return JSONResponse({"error": "malformed body"}, status_code=400)
        return await runtime.slack.handler.handle(request)

    @app.post("/line/webhook")
    async def line_webhook(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        if runtime.line is None:
            return _not_configured("LINE", "LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN")
        signature = request.headers.get("x-line-signature")
        if not signature:
            return JSONResponse({"error": "missing signature"}, status_code=401)
        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            return JSONResponse({"error": "body is not UTF-8"}, status_code=400)
        try:
            payload = runtime.line.parser.parse(text, signature, as_payload=True)
            raw_events = json.loads(text)["events"]
        except InvalidSignatureError:
            return JSONResponse({"error": "invalid signature"}, status_code=401)
        except (ValueError, KeyError, TypeError, AttributeError):
            return JSONResponse({"error": "malformed body"}, status_code=400)
        return await _accept_line_events(runtime, payload.destination or "", payload.events or [], raw_events)

    return app


async def _accept_line_events(runtime: Runtime, destination: str, events: list, raw_events: list) -> Response:  # type: ignore[type-arg]
    now = runtime.clock.now()
    inbound = [
        InboundEvent(Platform.LINE, _line_event_id(raw), json.dumps(raw, ensure_ascii=False), now) for raw in raw_events
    ]
    try:
        fresh = await asyncio.gather(*(runtime.inbox.claim(e) for e in inbound))
    except Exception:
        log.exception("line.inbox_unavailable")
        return JSONResponse({"error": "temporarily unavailable"}, status_code=503)
    for event, record, is_new in zip(events, inbound, fresh, strict=True):
        log.info(
            "line.event",
            webhook_event_id=record.event_id,
            event_type=getattr(event, "type", None),
            redelivery=getattr(getattr(event, "delivery_context", None), "is_redelivery", None),
            duplicate=not is_new,
        )
        if not is_new:
            continue
        command = line_translate.to_command(event, destination, now)
        if command is None:
            runtime.dispatcher.ignored(Platform.LINE, record.event_id)
        else:
            runtime.dispatcher.submit(command, event=(Platform.LINE, record.event_id))
    return JSONResponse({})


def _line_event_id(raw: dict) -> str:  # type: ignore[type-arg]
    event_id = raw.get("webhookEventId")
    if isinstance(event_id, str) and event_id:
        return event_id
    # Every real event has one; keep dedupe working for anything that does not.
    return "sha256:" + hashlib.sha256(json.dumps(raw, sort_keys=True).encode()).hexdigest()


def _slack_body_well_formed(raw: bytes, content_type: str) -> bool:
    """Slack sends JSON (Events API) or a form (commands; interactivity with a JSON `payload`)."""
    try:
        text = raw.decode("utf-8")
        if content_type.startswith("application/json"):
            return isinstance(json.loads(text), dict)
        form = parse_qs(text, keep_blank_values=True)
        if "payload" in form:
            return isinstance(json.loads(form["payload"][0]), dict)
        return bool(form)
    except (UnicodeDecodeError, ValueError):
        return False
