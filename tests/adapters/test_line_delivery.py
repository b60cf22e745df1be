"""A LINE answer is not lost when LINE answers 429 or 5xx, and never arrives twice (issue 12, item 4).

Signed LINE webhooks through the real app; the sandbox fails the way LINE does: 429 with
Retry-After, 500 (also after carrying the request out, when only the answer is lost), and the
monthly limit ("You have reached your monthly limit."), which is final and reaches the
coordinators in Slack once a day.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.harness import RunningApp, running_app
from bot.sandbox import LINE_MONTHLY_LIMIT_MESSAGE, Call, PlatformSandbox
from domain.persistence.tables import InboxEventRow
from tests.adapters.test_line_webhook import USER, post
from tests.adapters.test_slack_coordinator import _slash
from tests.conftest import SteppingClock, line_body, make_settings

GREETING = "はじめまして、佐藤 花子さん！"


@pytest.fixture(autouse=True)
def profile(sandbox: PlatformSandbox) -> None:
    sandbox.state.line_profiles[USER] = {"name": "佐藤 花子", "language": "ja"}


@pytest.fixture
async def app(empty_database_url: str, sandbox: PlatformSandbox, clock: SteppingClock) -> AsyncIterator[RunningApp]:
    """A database of its own (both back ends): the inbox's outcomes and who is a coordinator are this
    test's alone."""
    async with running_app(make_settings(empty_database_url, sandbox), clock=clock) as running:
        yield running


def _texts(calls: list[Call]) -> list[str]:
    return [str(m.get("text", m.get("altText", ""))) for c in calls for m in c.body["messages"]]


def _greetings(sandbox: PlatformSandbox) -> list[Call]:
    """Every greeting LINE delivered to the user, by reply or push."""
    delivered = sandbox.calls_to("/message/reply") + sandbox.calls_to("/message/push")
    return [c for c in delivered if any(t.startswith(GREETING) for t in _texts([c]))]


async def _outcomes(app: RunningApp, platform: str = "line") -> list[tuple[str | None, str | None]]:
    async with app.runtime.services.database.engine.connect() as conn:
        rows = await conn.execute(
            select(InboxEventRow.outcome, InboxEventRow.error).where(InboxEventRow.platform == platform)
        )
        return [(r.outcome, r.error) for r in rows]


async def test_a_reply_answered_429_is_sent_again_after_retry_after(app: RunningApp, sandbox: PlatformSandbox) -> None:
    sandbox.fail("/message/reply", 429, retry_after="1")
    await post(app, line_body("line/follow.json"))

    assert len(sandbox.state.rejected) == 1
    [greeting] = _greetings(sandbox)
    assert greeting.path.endswith("/message/reply")  # the free reply, not a push
    assert await _outcomes(app) == [("handled", None)]


async def test_a_reply_answered_5xx_is_retried_with_backoff(app: RunningApp, sandbox: PlatformSandbox) -> None:
    sandbox.fail("/message/reply", 500, times=2)
    await post(app, line_body("line/follow.json"))

    assert len(sandbox.state.rejected) == 2
    [greeting] = _greetings(sandbox)
    assert greeting.path.endswith("/message/reply")
    assert sandbox.calls_to("/message/push") == []


async def test_a_reply_that_cannot_wait_for_retry_after_goes_by_push_once(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    # LINE asks for two minutes; the reply token lasts one: the answer goes by push at once.
    sandbox.fail("/message/reply", 429, retry_after="120")
    await post(app, line_body("line/follow.json"))

    [greeting] = _greetings(sandbox)
    assert greeting.path.endswith("/message/push") and greeting.body["to"] == USER
    assert greeting.headers["x-line-retry-key"]
    assert await _outcomes(app) == [("handled", None)]


async def test_a_reply_delivered_before_its_500_is_not_sent_again(app: RunningApp, sandbox: PlatformSandbox) -> None:
    # LINE delivered the reply (the token is used) but the answer was lost: the retry finds the
    # token used, and the person does not get the greeting a second time by push.
    sandbox.fail("/message/reply", 500, accepted=True)
    await post(app, line_body("line/follow.json"))

    assert len(_greetings(sandbox)) == 1
    assert sandbox.calls_to("/message/push") == []


async def test_a_push_delivered_before_its_500_is_not_delivered_twice(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    body = line_body("line/follow.json")
    sandbox.state.used_reply_tokens.add(body["events"][0]["replyToken"])  # the answer must be pushed
    sandbox.fail("/message/push", 500, accepted=True)
    await post(app, body)

    # The retry carried the same X-Line-Retry-Key; LINE answered 409 and delivered nothing more.
    [greeting] = _greetings(sandbox)
    assert greeting.path.endswith("/message/push")
    assert len(sandbox.state.retry_keys) == 1
    assert await _outcomes(app) == [("handled", None)]


async def test_the_monthly_limit_is_final_recorded_and_coordinators_hear_once_a_day(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    sandbox.state.slack_users["W111"] = {"name": "事務局 佐々木", "admin": "true"}
    await _slash(app, sandbox, "coordinator <@W111|sasaki>")  # the workspace's admin takes the role
    sandbox.state.line_monthly_limit = sandbox.state.line_pushes_this_month  # the month's pushes are used up

    for _ in range(2):  # two people follow the same day; neither reply token works, so both are pushes
        body = line_body("line/follow.json")
        sandbox.state.used_reply_tokens.add(body["events"][0]["replyToken"])
        await post(app, body)

    refused = [c for c in sandbox.state.rejected if c.path.endswith("/message/push")]
    assert refused, "the pushes reached LINE"
    # Never retried: every refused push is a message of its own (its own retry key), tried once.
    keys = [c.headers["x-line-retry-key"] for c in refused]
    assert len(keys) == len(set(keys))
    assert _greetings(sandbox) == []
    outcomes = await _outcomes(app)
    assert len(outcomes) == 2 and all(o == "failed" and "monthly message limit" in (e or "") for o, e in outcomes)
    async with app.runtime.services.database.engine.connect() as conn:
        runs = (
            await conn.execute(
                select(InboxEventRow.outcome).where(InboxEventRow.event_id.startswith("tell_line_monthly_limit@"))
            )
        ).all()
    assert [r.outcome for r in runs] == ["handled"]  # the day's one "tell the coordinators" run

    told = [c for c in sandbox.calls_to("chat.postMessage") if c.body["channel"] == "W111"]
    assert len(told) == 1
    message: dict[str, Any] = told[0].body
    assert "LINEの今月の送信上限に達しました" in str(message["blocks"])
    assert "LINEで話しかけてくれた人への返事は引き続き届きます" in str(message["blocks"])


async def test_the_monthly_limit_body_is_what_line_sends() -> None:
    # The sandbox's refusal is LINE's own wording, which the adapter recognises.
    from linebot.v3.messaging.exceptions import ApiException

    from bot.line.quota import is_monthly_limit

    refused = ApiException(status=429)
    refused.body = '{"message": "' + LINE_MONTHLY_LIMIT_MESSAGE + '"}'
    rate_limited = ApiException(status=429)
    rate_limited.body = '{"message": "The API rate limit has been exceeded. Try again later."}'
    assert is_monthly_limit(refused) and not is_monthly_limit(rate_limited)
