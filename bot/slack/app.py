"""The Slack side: a slack-bolt AsyncApp whose listeners only translate and hand over.

Bolt runs with `process_before_response=True`: it answers Slack when our listener returns, and
our listeners return at once because the real work is submitted to the background. So the ack
is fast *and* the work is tracked by us (drained on shutdown, awaited by tests and the demo).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.dispatch import Dispatcher
from bot.slack import translate
from bot.slack.notifier import retry_handlers
from domain.persistence import InboundEvent, SqlInbox
from domain.refs import Platform
from handlers.ports import Clock

log = structlog.get_logger(__name__)

SLASH_COMMAND = "/yui"


@dataclass(frozen=True)
class SlackAdapter:
    app: AsyncApp
    handler: AsyncSlackRequestHandler
    client: AsyncWebClient
    signing_secret: str


def build_client(token: str, base_url: str) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=retry_handlers())


def build_slack(
    *, client: AsyncWebClient, signing_secret: str, inbox: SqlInbox, dispatcher: Dispatcher, clock: Clock
) -> SlackAdapter:
    app = AsyncApp(client=client, signing_secret=signing_secret, process_before_response=True)
    app.middleware(_dedupe_middleware(inbox, clock))
    _register_listeners(app, dispatcher, clock)
    return SlackAdapter(app, AsyncSlackRequestHandler(app), client, signing_secret)


def _dedupe_middleware(
    inbox: SqlInbox, clock: Clock
) -> Callable[[dict[str, Any], AsyncBoltRequest, Callable[[], Awaitable[None]]], Awaitable[BoltResponse | None]]:
    async def dedupe(
        body: dict[str, Any], request: AsyncBoltRequest, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            await next()
            return None
        retries = request.headers.get("x-slack-retry-num") or ()
        retry = retries[0] if retries else None
        is_new = await inbox.claim(
            InboundEvent(Platform.SLACK, event_id, json.dumps(body, ensure_ascii=False), clock.now())
        )
        log.info(
            "slack.event",
            event_id=event_id,
            event_type=body.get("event", {}).get("type"),
            team=body.get("team_id"),
            retry=retry,
            duplicate=not is_new,
        )
        if not is_new:  # a retry of something we already accepted: acknowledge, do nothing
            return BoltResponse(status=200, body="")
        await next()
        return None

    return dedupe


def _register_listeners(app: AsyncApp, dispatcher: Dispatcher, clock: Clock) -> None:
    async def on_conversation(body: dict[str, Any]) -> None:
        command = translate.mention_or_dm(body)
        if command is None:
            dispatcher.ignored(Platform.SLACK, body["event_id"])
        else:
            dispatcher.submit(command, event=(Platform.SLACK, body["event_id"]))

    async def on_other_event(body: dict[str, Any]) -> None:
        dispatcher.ignored(Platform.SLACK, body["event_id"])

    async def on_slash(ack: Callable[[], Awaitable[None]], body: dict[str, Any]) -> None:
        await ack()
        log.info("slack.command", command=body.get("command"), team=body.get("team_id"))
        dispatcher.submit(translate.slash_command(body, clock.now()))

    app.event("app_mention")(on_conversation)
    app.event("message")(on_conversation)
    app.event(re.compile(".*"))(on_other_event)  # subscribed but not used yet: accept quietly
    app.command(SLASH_COMMAND)(on_slash)
