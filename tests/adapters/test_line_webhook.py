"""Signed LINE webhook bodies (from line-bot-sdk's own fixtures) through the real app."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from bot.signing import line_headers
from tests.conftest import LINE_SECRET, SteppingClock, line_body, make_settings

USER = "U206d25c2ea6bd87c17655609a1c37cb8"  # the userId in the SDK fixtures


async def post(app: RunningApp, body: dict[str, Any] | str, headers: dict[str, str] | None = None) -> httpx.Response:
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    async with httpx.AsyncClient(base_url=app.url) as client:
        response = await client.post(
            "/line/webhook", content=text.encode(), headers=headers or line_headers(LINE_SECRET, text)
        )
    await app.settle()
    return response


@pytest.fixture(autouse=True)
def profile(sandbox: PlatformSandbox) -> None:
    sandbox.state.line_profiles[USER] = {"name": "佐藤 花子", "language": "ja"}


async def test_follow_gets_a_japanese_greeting_through_the_free_reply(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    body = line_body("line/follow.json")
    response = await post(app, body)

    assert response.status_code == 200
    [reply] = sandbox.calls_to("/message/reply")
    assert reply.body["replyToken"] == body["events"][0]["replyToken"]
    assert reply.body["messages"][0]["text"].startswith("はじめまして、佐藤 花子さん！")
    first_tap = reply.body["messages"][0]["quickReply"]["items"][0]["action"]
    assert first_tap["type"] == "postback" and first_tap["displayText"] == "このままでOK"
    assert sandbox.calls_to("/message/push") == []
    assert reply.headers["authorization"] == "Bearer line-test-token"


async def test_redelivery_of_the_same_event_is_acknowledged_and_not_processed_again(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    body = line_body(
        "line/message_text_user.json", message={"id": "1", "type": "text", "text": "ヘルプ", "quoteToken": "q"}
    )
    first = await post(app, body)
    body["events"][0]["deliveryContext"]["isRedelivery"] = True
    second = await post(app, body)

    assert (first.status_code, second.status_code) == (200, 200)
    assert len(sandbox.calls_to("/message/reply")) == 1
    assert sandbox.calls_to("/message/push") == []


async def test_duplicates_are_caught_across_restarts(sqlite_url: str, sandbox: PlatformSandbox) -> None:
    body = line_body("line/follow.json")
    for _ in range(2):  # two separate app lifetimes on the same database
        async with running_app(make_settings(sqlite_url, sandbox)) as app:
            assert (await post(app, body)).status_code == 200
    assert len(sandbox.calls_to("/message/reply")) == 1


async def test_all_sdk_fixture_events_are_accepted(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = line_body("line/webhook_all_events.json")
    response = await post(app, body)
    assert response.status_code == 200
    # Text messages and follows get answers; stickers, beacons, unknown types etc. are accepted quietly.
    assert 1 <= len(sandbox.calls_to("/message/reply")) + len(sandbox.calls_to("/message/push")) < len(body["events"])


async def test_connectivity_check_with_no_events_is_200(app: RunningApp, sandbox: PlatformSandbox) -> None:
    response = await post(app, {"destination": "Ubot", "events": []})
    assert response.status_code == 200 and sandbox.state.calls == []


@pytest.mark.parametrize(
    "headers",
    [{"x-line-signature": "AAAA", "content-type": "application/json"}, {"content-type": "application/json"}],
    ids=["bad-signature", "no-signature"],
)
async def test_unsigned_or_badly_signed_bodies_are_refused(
    app: RunningApp, sandbox: PlatformSandbox, headers: dict[str, str]
) -> None:
    response = await post(app, line_body("line/follow.json"), headers)
    assert response.status_code == 401
    assert sandbox.state.calls == []


def test_signature_matches_the_sdk_vector() -> None:
    from bot.signing import line_signature
    from tests.conftest import load_fixture

    vector = load_fixture("line/signature_vector.json")
    assert line_signature(vector["channel_secret"], vector["body"]) == vector["x_line_signature"]


@pytest.mark.parametrize("text", ['{"destination": "U1", "events": [', '{"no_events": true}', "[]"])
async def test_malformed_body_with_valid_signature_is_400(app: RunningApp, sandbox: PlatformSandbox, text: str) -> None:
    response = await post(app, text)
    assert response.status_code == 400
    assert sandbox.state.calls == []


async def test_bodies_over_one_megabyte_are_413(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = line_body("line/message_text_user.json")
    body["padding"] = "x" * (1024 * 1024)
    response = await post(app, body)
    assert response.status_code == 413
    assert sandbox.state.calls == []


async def test_late_reply_falls_back_to_push_with_a_retry_key(
    app: RunningApp, sandbox: PlatformSandbox, clock: SteppingClock
) -> None:
    from datetime import timedelta

    clock.step = timedelta(seconds=90)  # every look at the clock is 90 s later: the token is stale
    response = await post(app, line_body("line/follow.json"))
    assert response.status_code == 200
    assert sandbox.calls_to("/message/reply") == []
    # The clock races hours ahead, so timed jobs (digests, reminders) may push to people earlier tests
    # left in the shared database: only the push to this user is this test's.
    [push] = [c for c in sandbox.calls_to("/message/push") if c.body["to"] == USER]
    assert push.headers["x-line-retry-key"]


async def test_used_reply_token_falls_back_to_push(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = line_body("line/follow.json")
    sandbox.state.used_reply_tokens.add(body["events"][0]["replyToken"])
    await post(app, body)
    assert len(sandbox.calls_to("/message/push")) == 1


async def test_push_retries_429_and_5xx_with_the_same_retry_key(
    app: RunningApp, sandbox: PlatformSandbox, clock: SteppingClock
) -> None:
    from datetime import timedelta

    clock.step = timedelta(seconds=90)
    sandbox.fail("/message/push", 429, retry_after="1")
    sandbox.fail("/message/push", 503)
    await post(app, line_body("line/follow.json"))
    [push] = sandbox.calls_to("/message/push")  # delivered exactly once after two failures
    keys = {c.headers["x-line-retry-key"] for c in [*sandbox.state.rejected, push]}
    assert len(sandbox.state.rejected) == 2 and len(keys) == 1


async def test_line_without_credentials_answers_503_and_slack_keeps_working(
    sqlite_url: str, sandbox: PlatformSandbox
) -> None:
    settings = make_settings(sqlite_url, sandbox, line_channel_secret=None, line_channel_access_token=None)
    async with running_app(settings) as app:
        response = await post(app, line_body("line/follow.json"))
        assert response.status_code == 503
        assert "LINE_CHANNEL_SECRET" in response.json()["message"]
        async with httpx.AsyncClient(base_url=app.url) as client:
            ready = await client.get("/readyz")
    assert ready.json() == {
        "status": "ready",
        "database": "ok",
        "slack": True,
        "line": False,
        "llm": False,
        "worker": "inline",
    }
