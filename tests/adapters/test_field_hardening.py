"""Issue 12: one bad event, a malformed body or a bad signature never stops Yui or costs anyone else's
answer. Each payload is one an operator's first week in production tried, signed and posted to the
real app; a valid message sent afterwards must still be answered."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from bot.signing import line_headers, slack_headers
from domain.persistence import InboundEvent, Outcome
from domain.refs import Platform
from tests.conftest import LINE_BOT, LINE_SECRET, SLACK_SECRET, line_body, load_fixture, make_settings


def _text_body(user: str, text: str, **event: Any) -> dict[str, Any]:
    return line_body(
        "line/message_text_user.json",
        source={"type": "user", "userId": user},
        message={"id": uuid.uuid4().hex[:8], "type": "text", "text": text, "quoteToken": "q"},
        **event,
    )


def _signed_line(body: dict[str, Any] | str) -> tuple[bytes, dict[str, str]]:
    text = body if isinstance(body, str) else json.dumps(body)  # ASCII: "\ud800" stays JSON-escaped
    return text.encode(), line_headers(LINE_SECRET, text)


def _line_signature(content: bytes) -> str:
    return base64.b64encode(hmac.new(LINE_SECRET.encode(), content, hashlib.sha256).digest()).decode()


def _signed_slack(body: dict[str, Any], *, form: bool = False) -> tuple[bytes, dict[str, str]]:
    text = urlencode({"payload": json.dumps(body)}) if form else json.dumps(body)
    return text.encode(), slack_headers(SLACK_SECRET, text, json_body=not form)


async def _answered(app: RunningApp, sandbox: PlatformSandbox, client: httpx.AsyncClient) -> None:
    """A valid LINE message after the junk: accepted and answered through the free reply."""
    user = "U" + uuid.uuid4().hex
    sandbox.state.line_profiles[user] = {"name": "佐藤 花子", "language": "ja"}
    body = _text_body(user, "ヘルプ")
    content, headers = _signed_line(body)
    response = await client.post("/line/webhook", content=content, headers=headers)
    assert response.status_code == 200
    await app.settle()
    token = body["events"][0]["replyToken"]
    [reply] = [c for c in sandbox.calls_to("/message/reply") if c.body["replyToken"] == token]
    assert reply.body["messages"][0]["text"].startswith("結（ゆい）の使い方")


def _event_callback(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = load_fixture("slack/event_callback_app_mention.json")
    body["event_id"] = "Ev" + uuid.uuid4().hex[:10].upper()
    body.update(fields)
    return body


def _block_actions(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = load_fixture("slack/block_actions.json")
    body["trigger_id"] = uuid.uuid4().hex
    body["actions"][0]["action_id"] = "task.confirm"
    body["actions"][0]["value"] = "999999"
    del body["response_url"]  # answers go to the sandbox's chat.postMessage, not to hooks.slack.com
    body.update(fields)
    return body


# Signed bodies no platform sends (from the fuzz run): each must get 400 or 200, never 5xx.
MALFORMED_SLACK: dict[str, tuple[dict[str, Any], bool]] = {
    "event is a string": (_event_callback(event="junk"), False),
    "team_id is a number": (_event_callback(team_id=123), False),
    "event_id is a number": (_event_callback(event_id=42), False),
    "event user is a number": (_event_callback(event={"type": "app_mention", "user": 5, "text": "x"}), False),
    "authorizations is a number": (_event_callback(authorizations=5), False),
    "authorizations holds a string": (_event_callback(authorizations=["x"]), False),
    "no type at all": ({"hello": "world"}, False),
    "type is a number": ({"type": 5}, False),
    "channel is a string": (_block_actions(channel="junk"), True),
    "container is a string": (_block_actions(container="junk"), True),
    "actions is a string": (_block_actions(actions="x"), True),
    "actions holds a string": (_block_actions(actions=["x"]), True),
    "team is a number": (_block_actions(team=5), True),
    "user is a list": (_block_actions(user=["U1"]), True),
    "view is a string": ({"type": "view_submission", "view": "x", "user": {"id": "U1"}}, True),
    "an action Yui does not use": (_block_actions(actions=[{"action_id": "zzz", "value": "1"}]), True),
}


def _line_event(**fields: Any) -> dict[str, Any]:
    body = _text_body("U" + uuid.uuid4().hex, "こんにちは")
    body["events"][0].update(fields)
    return body


MALFORMED_LINE: dict[str, str] = {
    "deliveryContext is not an object": json.dumps(_line_event(deliveryContext="x")),
    "source is a string": json.dumps(_line_event(source="x")),
    "webhookEventId is a number": json.dumps(_line_event(webhookEventId=5)),
    "message is a list": json.dumps(_line_event(message=[1, 2])),
    "nested thousands deep": '{"destination": "U1", "events": [{"type": "message", "x": '
    + "[" * 50_000
    + "]" * 50_000
    + "}]}",
    "nested a few hundred deep": '{"destination": "U1", "events": [{"type": "message", "x": '
    + "[" * 900
    + "]" * 900
    + "}]}",
    "events is an object": json.dumps({"destination": LINE_BOT, "events": {"type": "message"}}),
    "an event is a string": json.dumps({"destination": LINE_BOT, "events": ["message"]}),
    "destination is a number": json.dumps({"destination": 5, "events": []}),
    "not UTF-8": "\udcff",  # posted as the raw byte 0xff below
}


@pytest.mark.parametrize("name", sorted(MALFORMED_SLACK))
async def test_a_signed_malformed_slack_body_gets_400_or_200_and_handling_goes_on(
    app: RunningApp, sandbox: PlatformSandbox, name: str
) -> None:
    body, form = MALFORMED_SLACK[name]
    content, headers = _signed_slack(body, form=form)
    async with httpx.AsyncClient(base_url=app.url) as client:
        response = await client.post("/slack/events", content=content, headers=headers)
        assert response.status_code in (200, 400), response.text
        await _answered(app, sandbox, client)
    assert await app.runtime.services.inbox.pending_count() == 0


@pytest.mark.parametrize("name", sorted(MALFORMED_LINE))
async def test_a_signed_malformed_line_body_gets_400_or_200_and_handling_goes_on(
    app: RunningApp, sandbox: PlatformSandbox, name: str
) -> None:
    content = MALFORMED_LINE[name].encode("utf-8", "surrogateescape")
    headers = {"content-type": "application/json", "x-line-signature": _line_signature(content)}
    async with httpx.AsyncClient(base_url=app.url) as client:
        response = await client.post("/line/webhook", content=content, headers=headers)
        assert response.status_code in (200, 400), response.text
        await _answered(app, sandbox, client)
    assert await app.runtime.services.inbox.pending_count() == 0


async def test_badly_signed_bodies_are_always_401(app: RunningApp, sandbox: PlatformSandbox) -> None:
    now = str(int(time.time())).encode()
    slack: list[tuple[bytes, dict[bytes, bytes]]] = [
        (b"\xff\xfe", {b"x-slack-signature": b"v0=00", b"x-slack-request-timestamp": now}),
        (b"{}", {b"x-slack-signature": b"v0=00", b"x-slack-request-timestamp": b"not-a-number"}),
        (b"{}", {b"x-slack-signature": b"v0=\xe9", b"x-slack-request-timestamp": now}),
        (b"{}", {b"x-slack-signature": b"v0=00", b"x-slack-request-timestamp": b"9" * 40}),
        (b"payload=%7B", {b"content-type": b"application/x-www-form-urlencoded", b"x-slack-signature": b"x"}),
        (b'{"type": "event_callback"}', {}),
    ]
    line: list[tuple[bytes, dict[bytes, bytes]]] = [
        (b"\xff\xfe", {b"x-line-signature": b"abc"}),
        (b'{"destination": "U1", "events": []}', {b"x-line-signature": b"\xe9t\xe9"}),
        (b'{"destination": "U1", "events": []}', {}),
    ]
    async with httpx.AsyncClient(base_url=app.url) as client:
        for content, headers in slack:
            response = await client.post("/slack/events", content=content, headers=headers)
            assert response.status_code == 401, (content, headers, response.text)
        for content, headers in line:
            response = await client.post("/line/webhook", content=content, headers=headers)
            assert response.status_code == 401, (content, headers, response.text)
    assert sandbox.state.calls == []


async def test_stored_events_that_once_stopped_the_worker_are_settled_and_it_goes_on(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    """The issue's case: a stored `block_actions` whose `channel` is a string raised AttributeError in
    the translation and stopped all handling. Rows like it may already sit in an inbox (stored before
    the shape check), so the worker reads them as well as it can, and one it cannot read at all (or
    whose handling raises) is recorded failed with its error while everyone else is answered."""
    inbox = app.runtime.services.inbox
    received = datetime.now(UTC)
    strings = _block_actions(channel="junk", container="junk", user="U1")
    readable = InboundEvent(Platform.SLACK, f"action:{uuid.uuid4().hex}", json.dumps(strings), received)
    broken = InboundEvent(Platform.SLACK, f"action:{uuid.uuid4().hex}", '{"type": "block_actions"', received)
    metadata = {"type": "view_submission", "view": {"private_metadata": {"a": 1}}, "user": {"id": "U1"}}
    odd = InboundEvent(Platform.SLACK, f"view:{uuid.uuid4().hex}", json.dumps(metadata), received)
    job = InboundEvent(Platform.YUI, f"no-such-job@{uuid.uuid4().hex}", '{"job": "no_such_job", "slot": "x"}', received)
    assert await inbox.claim_all([readable, broken, odd, job]) == [True] * 4
    async with httpx.AsyncClient(base_url=app.url) as client:
        await _answered(app, sandbox, client)
    outcomes = [await inbox.outcome(e.platform, e.event_id) for e in (readable, broken, odd, job)]
    assert outcomes[0] == (Outcome.HANDLED, None)  # the card's owner is told the task is not found
    assert outcomes[1][0] is Outcome.FAILED and "JSONDecodeError" in (outcomes[1][1] or "")
    assert outcomes[2][0] is Outcome.FAILED and "TypeError" in (outcomes[2][1] or "")
    assert outcomes[3][0] is Outcome.FAILED and "KeyError" in (outcomes[3][1] or "")
    assert app.runtime.worker is not None and app.runtime.worker.alive


async def test_a_lone_surrogate_is_stored_safely_and_never_fails_its_batch(
    empty_database_url: str, sandbox: PlatformSandbox
) -> None:
    """400 LINE texts in flight together, one carrying "\\ud800" and one an id longer than the column:
    all are acknowledged and answered (the surrogate as U+FFFD), none gets 503."""
    users = ["U" + uuid.uuid4().hex for _ in range(40)]
    for user in users:
        sandbox.state.line_profiles[user] = {"name": "佐藤 花子", "language": "ja"}
    bodies = [_text_body(user, "ヘルプ") for user in users]
    bodies[7]["events"][0]["message"]["text"] = "ヘルプ\ud800"
    bodies[13]["events"][0]["webhookEventId"] = "X" * 300
    settings = make_settings(empty_database_url, sandbox)
    async with running_app(settings) as app, httpx.AsyncClient(base_url=app.url) as client:

        async def send(body: dict[str, Any]) -> int:
            content, headers = _signed_line(body)
            return (await client.post("/line/webhook", content=content, headers=headers)).status_code

        statuses = await asyncio.gather(*(send(body) for body in bodies))
        await app.settle(timeout=60)
        counts = await app.runtime.services.inbox.counts()
    assert statuses == [200] * len(bodies)
    replied = {c.body["replyToken"]: c for c in sandbox.calls_to("/message/reply")}
    assert {b["events"][0]["replyToken"] for b in bodies} <= set(replied)
    assert counts.failed == 0 and counts.pending == 0
