"""Signed Slack bodies (from bolt-python's own fixtures) through the real app and slack-bolt."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest

from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from bot.signing import slack_headers
from tests.conftest import SLACK_SECRET, load_fixture, make_settings


async def post(app: RunningApp, body: str, headers: dict[str, str]) -> httpx.Response:
    async with httpx.AsyncClient(base_url=app.url) as client:
        response = await client.post("/slack/events", content=body.encode(), headers=headers)
    await app.settle()
    return response


def event_body(fixture: str, **event: Any) -> str:
    body = load_fixture(fixture)
    body["event_id"] = "Ev" + uuid.uuid4().hex[:10].upper()
    body["event"].update(event)
    return json.dumps(body, ensure_ascii=False)


def slash_body(sandbox: PlatformSandbox, text: str) -> str:
    form = dict(parse_qsl(load_fixture("slack/slash_command.form")))
    form.update(
        command="/yui",
        text=text,
        response_url=sandbox.response_url(uuid.uuid4().hex),
        trigger_id=f"{uuid.uuid4().int % 10**13}.{uuid.uuid4().hex[:20]}",  # unique, like Slack's
    )
    return urlencode(form)


async def test_url_verification_echoes_the_challenge(app: RunningApp) -> None:
    body = json.dumps(load_fixture("slack/url_verification.json"))
    response = await post(app, body, slack_headers(SLACK_SECRET, body))
    assert response.status_code == 200
    assert response.json() == {"challenge": load_fixture("slack/url_verification.json")["challenge"]}


async def test_app_mention_gets_help_in_its_thread(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = event_body("slack/event_callback_app_mention.json", text="<@W111> 使い方を教えて")
    response = await post(app, body, slack_headers(SLACK_SECRET, body))

    assert response.status_code == 200
    [posted] = sandbox.calls_to("chat.postMessage")
    assert posted.body["channel"] == "C111"
    assert posted.body["thread_ts"] == "1595926230.009600"
    assert posted.body["text"].startswith("*結（ゆい）の使い方*")
    assert posted.body["blocks"][0]["type"] == "section"
    assert posted.headers["authorization"] == "Bearer xoxb-test"


async def test_slack_retry_of_the_same_event_is_acknowledged_once(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = event_body("slack/event_callback_app_mention.json")
    first = await post(app, body, slack_headers(SLACK_SECRET, body))
    retried = await post(
        app,
        body,
        {**slack_headers(SLACK_SECRET, body), "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"},
    )
    assert (first.status_code, retried.status_code) == (200, 200)
    assert len(sandbox.calls_to("chat.postMessage")) == 1


async def test_two_server_processes_share_the_dedupe(sqlite_url: str, sandbox: PlatformSandbox) -> None:
    """Two app instances on one database (as two processes would be): the event is handled once."""
    body = event_body("slack/event_callback_app_mention.json")
    settings = make_settings(sqlite_url, sandbox)
    async with running_app(settings) as one, running_app(settings) as two:
        import asyncio

        responses = await asyncio.gather(
            post(one, body, slack_headers(SLACK_SECRET, body)), post(two, body, slack_headers(SLACK_SECRET, body))
        )
    assert [r.status_code for r in responses] == [200, 200]
    assert len(sandbox.calls_to("chat.postMessage")) == 1


async def test_bot_messages_are_not_answered(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = event_body("slack/event_callback_bot_message.json")
    response = await post(app, body, slack_headers(SLACK_SECRET, body))
    assert response.status_code == 200
    assert sandbox.calls_to("chat.postMessage") == []


async def test_slash_help_answers_through_the_response_url(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = slash_body(sandbox, "help")
    response = await post(app, body, slack_headers(SLACK_SECRET, body, json_body=False))
    assert response.status_code == 200
    [answer] = [c for c in sandbox.state.calls if c.service == "slack_response"]
    assert answer.body["response_type"] == "ephemeral"
    assert answer.body["text"].startswith("*結（ゆい）の使い方*")


async def test_unknown_subcommand_says_so_and_shows_help(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = slash_body(sandbox, "frobnicate")
    await post(app, body, slack_headers(SLACK_SECRET, body, json_body=False))
    [answer] = [c for c in sandbox.state.calls if c.service == "slack_response"]
    assert answer.body["text"].startswith("`/yui frobnicate` というコマンドはありません。")


async def test_bad_signature_is_401_and_nothing_happens(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = event_body("slack/event_callback_app_mention.json")
    headers = slack_headers("wrong-secret", body)
    response = await post(app, body, headers)
    assert response.status_code == 401
    assert sandbox.calls_to("chat.postMessage") == []


async def test_stale_timestamp_is_401(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = event_body("slack/event_callback_app_mention.json")
    response = await post(app, body, slack_headers(SLACK_SECRET, body, timestamp=int(time.time()) - 6 * 60))
    assert response.status_code == 401
    assert sandbox.calls_to("chat.postMessage") == []


def test_signature_matches_slacks_documented_vector() -> None:
    vector = load_fixture("slack/signature_vector.json")
    headers = slack_headers(
        vector["signing_secret"], vector["body"], timestamp=int(vector["x_slack_request_timestamp"]), json_body=False
    )
    assert headers["x-slack-signature"] == vector["x_slack_signature"]


@pytest.mark.parametrize(
    ("body", "json_body"),
    [('{"type": "event_callback", ', True), ("[1, 2]", True), ("payload=%7Bnot-json", False)],
)
async def test_malformed_body_with_valid_signature_is_400(
    app: RunningApp, sandbox: PlatformSandbox, body: str, json_body: bool
) -> None:
    response = await post(app, body, slack_headers(SLACK_SECRET, body, json_body=json_body))
    assert response.status_code == 400
    assert sandbox.state.calls == []


async def test_malformed_body_with_bad_signature_is_401(app: RunningApp) -> None:
    body = '{"type": '
    response = await post(app, body, slack_headers("wrong", body))
    assert response.status_code == 401


async def test_bodies_over_one_megabyte_are_413(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = event_body("slack/event_callback_app_mention.json", text="x" * (1024 * 1024 + 1))
    response = await post(app, body, slack_headers(SLACK_SECRET, body))
    assert response.status_code == 413
    assert sandbox.state.calls == []


async def test_rate_limited_post_is_retried_after_retry_after(app: RunningApp, sandbox: PlatformSandbox) -> None:
    sandbox.fail("chat.postMessage", 429, retry_after="1")
    body = event_body("slack/event_callback_app_mention.json")
    await post(app, body, slack_headers(SLACK_SECRET, body))
    assert len(sandbox.state.rejected) == 1
    assert len(sandbox.calls_to("chat.postMessage")) == 1


async def test_slack_without_credentials_answers_503_and_line_keeps_working(
    sqlite_url: str, sandbox: PlatformSandbox
) -> None:
    settings = make_settings(sqlite_url, sandbox, slack_signing_secret=None, slack_bot_token=None)
    body = event_body("slack/event_callback_app_mention.json")
    async with running_app(settings) as app:
        response = await post(app, body, slack_headers(SLACK_SECRET, body))
        async with httpx.AsyncClient(base_url=app.url) as client:
            health = await client.get("/healthz")
            ready = await client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["error"] == "slack_not_configured"
    assert health.json() == {"status": "ok"}
    assert ready.json()["line"] is True and ready.json()["slack"] is False
