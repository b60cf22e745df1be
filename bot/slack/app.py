"""The Slack side: a slack-bolt AsyncApp that verifies, stores and acknowledges.

Bolt checks the signature (v0 HMAC, 5-minute window) and answers `url_verification` itself. Every
event callback and slash command is then written to the inbox before Slack gets its answer, and
the inbox worker handles it (`bot/worker.py`, `bot/inbound.py`). A retry of an event we already
stored (same `event_id`, `X-Slack-Retry-Num`) is acknowledged and not handled again.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot import inbound
from bot.inbound import payload_json
from bot.logs import excerpt
from bot.slack import translate
from bot.slack.answer_form import ANSWER_CALLBACK, answer_view, read_answer_form
from bot.slack.modals import (
    CANCEL_CALLBACK,
    FORM_CALLBACK,
    ModalContext,
    cancel_view,
    errors_for_slack,
    form_input,
    task_form_view,
)
from domain.i18n import translate as translate_message
from domain.persistence import InboundEvent, InboxUnavailable, SqlInbox
from domain.refs import Locale, PersonRef, Platform
from domain.task_form import TaskFormInput, read_prefill, validate_task_form
from handlers import buttons
from handlers.ports import Clock
from handlers.questions import buttons as question_buttons

log = structlog.get_logger(__name__)

SLASH_COMMAND = "/yui"
LOCALE_LOOKUP_SECONDS = 0.5  # the stored language is read before an ack; never let it cost the 3 s

# The language a person chose in Yui (None for someone Yui has not met): the forms and their inline
# errors are built before the ack, when the handlers (which know the person) have not run yet.
KnownLocale = Callable[[PersonRef], Awaitable[Locale | None]]


@dataclass(frozen=True)
class SlackAdapter:
    app: AsyncApp
    handler: AsyncSlackRequestHandler
    client: AsyncWebClient
    signing_secret: str


def build_slack(
    *,
    client: AsyncWebClient,
    signing_secret: str,
    inbox: SqlInbox,
    clock: Clock,
    timezone: str = "Asia/Tokyo",
    known_locale: KnownLocale | None = None,
) -> SlackAdapter:
    app = AsyncApp(client=client, signing_secret=signing_secret, process_before_response=True)
    app.middleware(_store_events(inbox, clock))
    language = _language(known_locale)
    _register_listeners(app, inbox, clock, language)
    _register_interactions(app, inbox, clock, ZoneInfo(timezone), language)
    app.error(_on_error)
    return SlackAdapter(app, AsyncSlackRequestHandler(app), client, signing_secret)


async def _on_error(error: Exception, body: dict[str, Any]) -> BoltResponse:
    """Whatever a middleware or listener raised: 503 when the inbox could not store the request
    (Slack retries it), else 400 with one log line (the error and the start of the payload); never
    bolt's bare 500. The app checked the body's shape already, so this is the last line of defence."""
    if isinstance(error, InboxUnavailable):
        log.warning("slack.inbox_unavailable", error=str(error))
        return BoltResponse(status=503, body=json.dumps({"error": "temporarily unavailable"}))
    log.error(
        "slack.request_failed",
        error=f"{type(error).__name__}: {str(error)[:300]}",
        payload=excerpt(json.dumps(body, ensure_ascii=False, default=str)),
    )
    return BoltResponse(status=400, body=json.dumps({"error": "unreadable request"}))


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
        is_new = await _store(inbox, clock, event_id, body)
        event = body.get("event")
        log.info(
            "slack.event",
            event_id=event_id,
            event_type=event.get("type") if isinstance(event, dict) else None,
            team=body.get("team_id"),
            retry=retries[0] if retries else None,
            duplicate=not is_new,
        )
        return BoltResponse(status=200, body="")

    return store


def _language(known_locale: KnownLocale | None) -> Callable[[dict[str, Any]], Awaitable[Locale]]:
    """The language of a form for the person in `body`: the locale Slack sent with the payload, else
    the one the person has in Yui, else Japanese. The stored one is looked up within a short limit."""

    async def language(body: dict[str, Any]) -> Locale:
        sent = translate.locale_of(body)
        if sent is not None:
            return sent
        user = body.get("user_id") or (body.get("user") or {}).get("id")
        if known_locale is None or not user:
            return Locale.JA
        ref = PersonRef(Platform.SLACK, translate.team_of(body), str(user))
        try:
            return await asyncio.wait_for(known_locale(ref), LOCALE_LOOKUP_SECONDS) or Locale.JA
        except Exception:  # a slow or failing lookup must not lose the form
            log.warning("slack.locale_lookup_failed", exc_info=True)
            return Locale.JA

    return language


def _register_listeners(
    app: AsyncApp, inbox: SqlInbox, clock: Clock, language: Callable[[dict[str, Any]], Awaitable[Locale]]
) -> None:
    async def on_slash(ack: Callable[[], Awaitable[None]], body: dict[str, Any], client: AsyncWebClient) -> None:
        # Slack does not retry slash commands; the trigger id is unique per invocation and makes a
        # stable key all the same. Stored before the ack, so a restart cannot lose the command.
        if translate.opens_task_form(body):
            # The trigger id is good for 3 s: the form opens here, before anything else, in the
            # language the person uses with Yui (Japanese for someone new).
            context = ModalContext(channel=str(body.get("channel_id", "")))
            await _open(client, body, task_form_view(await language(body), TaskFormInput(), context))
        key = (
            body.get("trigger_id")
            or hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8", "surrogatepass")).hexdigest()
        )
        await _store(inbox, clock, f"command:{key}", body)
        log.info("slack.command", command=body.get("command"), team=body.get("team_id"))
        await ack()

    app.command(SLASH_COMMAND)(on_slash)


async def _open(client: AsyncWebClient, body: dict[str, Any], view: View) -> None:
    try:
        await client.views_open(trigger_id=str(body.get("trigger_id", "")), view=view)
    except SlackApiError as exc:  # expired trigger, or Slack down: the person can simply try again
        log.warning("slack.views_open_failed", error=exc.response.get("error"))


async def _store(inbox: SqlInbox, clock: Clock, key: str, body: dict[str, Any]) -> bool:
    """Write the payload to the inbox under `key` (the dedupe key); False if it was already there."""
    return await inbox.claim(
        InboundEvent(Platform.SLACK, key, payload_json(body), clock.now(), inbound.slack_order_key(body))
    )


def _register_interactions(
    app: AsyncApp,
    inbox: SqlInbox,
    clock: Clock,
    zone: ZoneInfo,
    language: Callable[[dict[str, Any]], Awaitable[Locale]],
) -> None:
    """Buttons and modals. They go through the inbox like events; only opening a modal (the
    trigger_id expires in 3 s) and validating a form (the answer is the ack) happen before the ack."""

    async def on_action(ack: Callable[[], Awaitable[None]], body: dict[str, Any], client: AsyncWebClient) -> None:
        action = (body.get("actions") or [{}])[0]
        action_id = action.get("action_id")
        card = translate.card_of(body)
        channel = card.chat.channel_id if card else translate.named_id(body.get("channel"))
        card_ts = card.message_id if card else None
        if action_id == buttons.TASK_EDIT:
            try:
                task_id, form, truncated = read_prefill(str(action.get("value", "")))
            except ValueError:
                log.warning("slack.unreadable_prefill")
            else:
                context = ModalContext(task_id, channel, card_ts, truncated)
                await _open(client, body, task_form_view(await language(body), form, context))
        elif action_id == buttons.TASK_CANCEL:
            context = ModalContext(str(action.get("value", "")), channel, card_ts)
            await _open(client, body, cancel_view(await language(body), context))
        elif action_id == question_buttons.ANSWER and (
            pressed := question_buttons.read_question_data(str(action.get("value", "")))
        ):
            notice = str((body.get("message") or {}).get("text") or "")
            await _open(client, body, answer_view(await language(body), pressed[1], channel, notice))
        key = body.get("trigger_id") or f"{action.get('action_ts')}:{action_id}"
        is_new = await _store(inbox, clock, f"action:{key}", body)
        log.info("slack.action", action=action_id, team=translate.team_of(body), duplicate=not is_new)
        await ack()

    async def on_form(ack: Callable[..., Awaitable[None]], body: dict[str, Any]) -> None:
        view = body.get("view") or {}
        today = clock.now().astimezone(zone).date()
        _, errors = validate_task_form(form_input(view), today)
        if errors:
            await ack(response_action="errors", errors=errors_for_slack(errors, await language(body)))
            return
        await store_view(FORM_CALLBACK, body)
        await ack()

    async def on_cancel(ack: Callable[..., Awaitable[None]], body: dict[str, Any]) -> None:
        await store_view(CANCEL_CALLBACK, body)
        await ack()

    async def on_answer(ack: Callable[..., Awaitable[None]], body: dict[str, Any]) -> None:
        form = read_answer_form(body.get("view") or {})
        if form is not None and not form[2].strip():  # an empty answer is refused in the form itself
            locale = await language(body)
            await ack(response_action="errors", errors={"answer": translate_message("error.answer_empty", locale)})
            return
        await store_view(ANSWER_CALLBACK, body)
        await ack()

    async def store_view(callback: str, body: dict[str, Any]) -> None:
        view = body.get("view") or {}
        is_new = await _store(inbox, clock, f"view:{view.get('id')}:{view.get('hash')}", body)
        log.info("slack.view", callback=callback, team=translate.team_of(body), duplicate=not is_new)

    for route in buttons.SLACK_ROUTES:  # task cards, proposal cards, cover requests
        app.action(re.compile("^" + re.escape(route)))(on_action)
    app.view(FORM_CALLBACK)(on_form)
    app.view(CANCEL_CALLBACK)(on_cancel)
    app.action(re.compile(r"^question\."))(on_action)  # 回答する on a question notice (handlers.questions)
    app.view(ANSWER_CALLBACK)(on_answer)
