"""The Slack side: a slack-bolt AsyncApp that verifies, stores and acknowledges.

Bolt checks the signature (v0 HMAC, 5-minute window) and answers `url_verification` itself. Every
event callback and slash command is then written to the inbox before Slack gets its answer, and
the inbox worker handles it (`bot/worker.py`, `bot/inbound.py`). A retry of an event we already
stored (same `event_id`, `X-Slack-Retry-Num`) is acknowledged and not handled again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

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
    verifier: SignatureVerifier


def build_slack(*, client: AsyncWebClient, signing_secret: str, inbox: SqlInbox, clock: Clock) -> SlackAdapter:
    app = AsyncApp(client=client, signing_secret=signing_secret, process_before_response=True)
    app.middleware(_store_events(inbox, clock))
    _register_listeners(app, inbox, clock)
    return SlackAdapter(app, AsyncSlackRequestHandler(app), client, SignatureVerifier(signing_secret))


def _store_events(
    inbox: SqlInbox, clock: Clock
) -> Callable[[dict[str, Any], AsyncBoltRequest, Callable[[], Awaitable[None]]], Awaitable[BoltResponse | None]]:
    """Event callbacks end here: stored (once per event_id) and acknowledged, no listener needed."""

    async def store(
        body: dict[str, Any], request: AsyncBoltRequest, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            await next()
            return None
        retries = request.headers.get("x-slack-retry-num") or ()
        is_new = await inbox.claim(
            InboundEvent(Platform.SLACK, event_id, json.dumps(body, ensure_ascii=False), clock.now())
        )
        log.info(
            "slack.event",
            event_id=event_id,
            event_type=body.get("event", {}).get("type"),
            team=body.get("team_id"),
            retry=retries[0] if retries else None,
            duplicate=not is_new,
        )
        return BoltResponse(status=200, body="")

    return store


def _register_listeners(app: AsyncApp, inbox: SqlInbox, clock: Clock) -> None:
    async def on_slash(ack: Callable[[], Awaitable[None]], body: dict[str, Any]) -> None:
        # Slack does not retry slash commands; the trigger id is unique per invocation and makes a
        # stable key all the same. Stored before the ack, so a restart cannot lose the command.
        key = body.get("trigger_id") or hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        await inbox.claim(
            InboundEvent(Platform.SLACK, f"command:{key}", json.dumps(body, ensure_ascii=False), clock.now())
        )
        log.info("slack.command", command=body.get("command"), team=body.get("team_id"))
        await ack()

    app.command(SLASH_COMMAND)(on_slash)
