"""Digests through the real app (issue 7): signed `/yui digest subscribe` and `/yui digest` bodies,
the scheduled delivery posting to the Slack sandbox (summary, details in its thread), and a leader's
「まとめ」 through the real LINE webhook, answered with the free reply token."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from typer.testing import CliRunner, Result

from bot.cli import cli
from bot.harness import RunningApp
from bot.sandbox import PlatformSandbox
from bot.signing import slack_headers
from bot.slack.notifier import SlackNotifier, build_client
from domain.digest_schedule import DigestKey, DigestStatus
from domain.model import Task, TaskStatus, Volume
from handlers.digest_delivery import ComposedDigests, send_due
from handlers.narrative_writer import TemplateNarrativeWriter
from tests.adapters.test_line_onboarding import Teleworker
from tests.adapters.test_slack_events import post, slash_body
from tests.conftest import SLACK_SECRET

TUESDAY_1730_JST = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.value = now

    def now(self) -> datetime:
        return self.value


async def _slash(app: RunningApp, sandbox: PlatformSandbox, text: str) -> list[Any]:
    body = slash_body(sandbox, text)
    before = len(sandbox.state.calls)
    response = await post(app, body, slack_headers(SLACK_SECRET, body, json_body=False))
    assert response.status_code == 200
    return [c for c in sandbox.state.calls[before:] if c.service == "slack_response"]


async def test_a_channel_subscribes_and_gets_its_digest_with_details_in_the_thread(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    [answer] = await _slash(app, sandbox, "digest subscribe 17:30")
    assert answer.body["response_type"] == "in_channel"
    assert "毎日17:30（Asia/Tokyo）" in answer.body["text"]

    services = app.runtime.services
    assert services.notifier is not None
    async with services.database.unit_of_work() as uow:  # the client's open work the digest is about
        organization = await uow.organizations.by_slack_team("T111")
        [subscription] = await uow.digests.subscriptions()
        assert organization is not None and subscription.organization_id == organization.id
        client = subscription.subscribed_by
        await uow.tasks.add(
            Task(organization.id, "請求書入力", Volume(200, "件"), date(2026, 12, 4), client, status=TaskStatus.OPEN)
        )
        await uow.commit()
    clock = FixedClock(TUESDAY_1730_JST)
    before = len(sandbox.state.calls)
    run = await send_due(
        services.database.unit_of_work, services.notifier, ComposedDigests(TemplateNarrativeWriter(), clock), clock
    )
    assert len(run.sent) >= 1
    posts = [c for c in sandbox.state.calls[before:] if c.path.endswith("chat.postMessage")]
    [summary] = [c for c in posts if not c.body.get("thread_ts")]
    [details] = [c for c in posts if c.body.get("thread_ts")]
    assert details.body["channel"] == summary.body["channel"]
    assert "請求書入力" in str(details.body["blocks"]) and "請求書入力" not in str(summary.body["blocks"])
    async with services.database.unit_of_work() as uow:
        stored = await uow.digests.stored(day=TUESDAY_1730_JST.date())
    assert any(d.status is DigestStatus.SENT and d.key.recipient.startswith("channel:slack:") for d in stored)

    again = await send_due(
        services.database.unit_of_work, services.notifier, ComposedDigests(TemplateNarrativeWriter(), clock), clock
    )
    assert again.sent == ()  # stored once: a second run sends nothing

    [gone] = await _slash(app, sandbox, "digest unsubscribe")
    assert "停止しました" in gone.body["text"]


async def test_slash_digest_now_is_for_the_asker_only_and_a_bad_time_is_refused(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    [shown] = await _slash(app, sandbox, "digest")
    assert shown.body["response_type"] == "ephemeral" and shown.body["text"]
    [matome] = await _slash(app, sandbox, "まとめ")  # the Japanese word is the same command
    assert matome.body["response_type"] == "ephemeral" and "準備中" not in matome.body["text"]
    assert matome.body["text"] == shown.body["text"]
    [refused] = await _slash(app, sandbox, "digest time 25:00")
    assert "「25:00」は時刻として読めませんでした" in refused.body["text"]


async def _yui(sqlite_url: str, *args: str) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, cli, list(args), env={"YUI_DATABASE_URL": sqlite_url})


async def test_a_leader_says_matome_in_line_and_gets_the_digest_as_a_free_reply(
    app: RunningApp, sandbox: PlatformSandbox, sqlite_url: str
) -> None:
    leader = Teleworker(app, sandbox, name="鈴木 一郎")
    member = Teleworker(app, sandbox, name="佐藤 花子")
    await leader.follow()
    await member.follow()
    person, _ = await leader.stored()
    assert person is not None
    created = await _yui(sqlite_url, "team", "create", "伊那チーム", "--leader", person.id)
    assert created.exit_code == 0, created.output
    code = re.search(r"join code (\w{6})", created.output)
    assert code
    await member.say(f"参加 {code.group(1)}")

    await leader.say("まとめ")  # `say` checks: a reply, no push
    lead, *rest = leader.messages
    assert lead["type"] == "text" and "伊那チーム" in lead["text"]
    assert rest and rest[-1]["type"] == "flex"

    # a second team: 「駒ヶ根チームのまとめ」 (or 「まとめ 駒ヶ根チーム」) is that team's only
    second = await _yui(sqlite_url, "team", "create", "駒ヶ根チーム", "--leader", person.id)
    assert second.exit_code == 0, second.output
    for text in ("駒ヶ根チームのまとめ", "まとめ 駒ヶ根チーム"):
        await leader.say(text)
        named = leader.messages[0]
        assert "駒ヶ根チーム" in named["text"] and "伊那チーム" not in named["text"], text

    timed = await leader.say("まとめ １９時半")
    assert timed["text"] == "日次まとめを毎日19:30（Asia/Tokyo）にお送りします。"
    stopped = await leader.say("まとめ停止")
    assert stopped["text"].startswith("日次まとめの自動配信を止めました。")

    refused = await member.say("まとめ")
    assert "リーダーにお送りしています" in refused["text"]


async def test_a_line_digest_resent_after_a_run_died_is_not_delivered_twice(
    app: RunningApp, sandbox: PlatformSandbox, sqlite_url: str
) -> None:
    """The run pushed the digest and died before storing "sent": the claim goes stale, the next run
    sends it again with the same LINE retry key, and LINE (409) does not deliver it twice."""
    leader = Teleworker(app, sandbox, name="高橋 みどり")
    await leader.follow()
    person, _ = await leader.stored()
    assert person is not None
    created = await _yui(sqlite_url, "team", "create", "駒ヶ根チーム", "--leader", person.id)
    assert created.exit_code == 0, created.output

    services = app.runtime.services
    assert services.notifier is not None
    clock = FixedClock(datetime(2026, 11, 24, 9, 5, tzinfo=UTC))  # Tuesday 18:05 in Tokyo
    content = ComposedDigests(TemplateNarrativeWriter(), clock)
    first = await send_due(services.database.unit_of_work, services.notifier, content, clock)
    [key] = [k for k in first.sent if person.id in k.recipient]
    pushes = [c for c in sandbox.calls_to("/message/push") if c.body["to"] == leader.user_id]
    assert len(pushes) == 1 and pushes[0].headers.get("x-line-retry-key")

    async with services.database.unit_of_work() as uow:  # as if the run had died before storing "sent"
        [row] = [d for d in await uow.digests.stored(day=key.day) if d.key == key]
    await _forget_sent(services.database, key, row.claimed_at)
    clock.value += timedelta(minutes=11)  # the claim is stale now
    again = await send_due(services.database.unit_of_work, services.notifier, content, clock)
    assert key in again.sent
    pushes = [c for c in sandbox.calls_to("/message/push") if c.body["to"] == leader.user_id]
    assert len(pushes) == 1  # LINE answered 409 to the same retry key: delivered once
    async with services.database.unit_of_work() as uow:
        [row] = [d for d in await uow.digests.stored(day=key.day) if d.key == key]
    assert row.status is DigestStatus.SENT and row.attempts == 2
    # The app's own 5-minute job shares this database with later tests: no more digests for her.
    assert (await leader.say("まとめ停止"))["text"].startswith("日次まとめの自動配信を止めました。")


async def test_a_slack_digest_resent_after_a_run_died_is_found_in_the_channel_and_not_posted_twice(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    """Slack has no retry key: the digest's key rides in each message's metadata, and the run that
    takes a stale claim again finds the summary in conversations.history (and its details in the
    thread) instead of posting the digest a second time."""
    await _slash(app, sandbox, "digest subscribe 17:30")
    services = app.runtime.services
    assert services.notifier is not None
    async with services.database.unit_of_work() as uow:
        organization = await uow.organizations.by_slack_team("T111")
        [subscription] = await uow.digests.subscriptions()
        assert organization is not None
        await uow.tasks.add(
            Task(organization.id, "名刺入力", Volume(300, "件"), date(2026, 12, 11), subscription.subscribed_by)
        )
        await uow.commit()
    channel = subscription.chat.channel_id
    clock = FixedClock(datetime(2026, 11, 26, 8, 35, tzinfo=UTC))  # Thursday 17:35 in Tokyo
    content = ComposedDigests(TemplateNarrativeWriter(), clock)

    def posts() -> list[Any]:
        return [c for c in sandbox.calls_to("chat.postMessage") if c.body["channel"] == channel]

    first = await send_due(services.database.unit_of_work, services.notifier, content, clock)
    [key] = [k for k in first.sent if k.recipient.startswith("channel:slack:")]
    summary, details = posts()
    assert summary.body["metadata"]["event_payload"]["key"] and details.body["thread_ts"]
    assert sandbox.calls_to("conversations.history") == []  # a first attempt posts without looking

    async with services.database.unit_of_work() as uow:  # as if the run had died before storing "sent"
        [row] = [d for d in await uow.digests.stored(day=key.day) if d.key == key]
    await _forget_sent(services.database, key, row.claimed_at)
    clock.value += timedelta(minutes=11)  # the claim is stale now
    again = await send_due(services.database.unit_of_work, services.notifier, content, clock)
    assert key in again.sent
    assert posts() == [summary, details]  # found in the channel and its thread: nothing posted twice
    assert [c.body["channel"] for c in sandbox.calls_to("conversations.history")] == [channel]
    async with services.database.unit_of_work() as uow:
        [row] = [d for d in await uow.digests.stored(day=key.day) if d.key == key]
    assert row.status is DigestStatus.SENT and row.attempts == 2
    assert row.message_id == summary_ts(sandbox, summary)
    await _slash(app, sandbox, "digest unsubscribe")  # later tests share the database and the app's job


def summary_ts(sandbox: PlatformSandbox, summary: Any) -> str:
    [message] = [
        m
        for m in sandbox.state.slack_messages[summary.body["channel"]]
        if m.get("metadata") == summary.body["metadata"]
    ]
    return str(message["ts"])


async def test_a_delivered_client_digest_daily_and_weekly_never_shows_a_workers_private_reason(
    empty_database_url: str, sandbox: PlatformSandbox
) -> None:
    """End to end: the client channel's daily digest (Tuesday 18:00) and weekly digest (Monday
    morning) go through the job, the LLM writer and the real Slack notifier to the sandbox; what is
    posted (and what the LLM was shown) has output and forecasts, but no worker's name, no absence
    reason (子どもの発熱) and no words from a report."""
    from domain.digest_schedule import ChannelSubscription
    from domain.persistence import Database
    from domain.refs import ChatRef, Locale, Platform
    from handlers.narrative_writer import LLMNarrativeWriter
    from tests.handlers.test_digests import INJECTION, ScriptedModel, _seed

    database = Database(empty_database_url)
    try:
        scene = await _seed(database, injection=True)
        channel = ChatRef(Platform.SLACK, "T0CLIENT", "C0CLIENT")
        async with database.unit_of_work() as uow:
            client = next(p for p in await uow.people.all() if p.display_name == "松本 部長")
            await uow.digests.save_subscription(
                ChannelSubscription(channel, scene.client_org.id, scope_of(scene), Locale.JA, client.id)
            )
            await uow.commit()
        model = ScriptedModel(lambda prompt: "本日も作業は順調に進んでおります。")
        notifier = SlackNotifier(build_client("xoxb-test", sandbox.slack_api_url))
        for moment in (datetime(2026, 11, 24, 9, 5, tzinfo=UTC), datetime(2026, 11, 30, 0, 5, tzinfo=UTC)):
            clock = FixedClock(moment)  # Tuesday 18:05 in Tokyo, then Monday 09:05
            content = ComposedDigests(LLMNarrativeWriter(model, timeout=5), clock)
            run = await send_due(database.unit_of_work, notifier, content, clock)
            assert run.failed == ()
        async with database.unit_of_work() as uow:
            kinds = {(d.key.kind.value, d.key.day) for d in await uow.digests.stored() if d.status is DigestStatus.SENT}
    finally:
        await database.dispose()
    assert {("daily", date(2026, 11, 24)), ("weekly", date(2026, 11, 30))} <= kinds
    posted = json.dumps([c.body for c in sandbox.calls_to("chat.postMessage")], ensure_ascii=False)
    assert "請求書入力" in posted and "名刺データ化" in posted  # the client's output and forecasts
    for private in (*scene.names.values(), "子どもの発熱", INJECTION):
        assert private not in posted
        assert all(private not in prompt for prompt in model.prompts)
    assert model.prompts  # the LLM was asked (and saw nothing private)


def scope_of(scene: Any) -> Any:
    from domain.digest import DigestScope, ScopeKind

    return DigestScope(ScopeKind.ORGANIZATION, scene.client_org.id, scene.client_org.id)


async def _forget_sent(database: Any, key: DigestKey, claimed_at: datetime) -> None:
    from sqlalchemy import update

    from domain.persistence.tables import DigestRow

    async with database.unit_of_work() as uow:
        await uow._session.execute(
            update(DigestRow)
            .where(DigestRow.recipient == key.recipient, DigestRow.local_date == key.day)
            .values(status=DigestStatus.CLAIMED.value, sent_at=None, claimed_at=claimed_at)
        )
        await uow.commit()


class _RecordingSlack:
    """Answers chat.postMessage as Slack does for a message sent to a user id: from the DM (D…)."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []

    async def chat_postMessage(self, **kwargs: Any) -> dict[str, Any]:
        self.posts.append(kwargs)
        return {"ok": True, "channel": "D0LEADERDM", "ts": f"1700000000.00000{len(self.posts)}"}


async def test_a_leaders_slack_digest_threads_its_details_in_the_dm_slack_named() -> None:
    from domain.digest import Audience, DigestRequest, DigestScope, ScopeKind
    from domain.refs import ChatRef, Platform
    from handlers.digest_delivery import deliver
    from tests.handlers.test_digest_delivery import FakeContent

    slack = _RecordingSlack()
    content = FakeContent()
    request = DigestRequest(Audience.LEADER, DigestScope(ScopeKind.TEAM, "t1"), date(2026, 11, 24))
    digest = await content.compose(request, None)  # type: ignore[arg-type]
    ts, pushes = await deliver(digest, ChatRef(Platform.SLACK, "T1", "U0LEADER"), SlackNotifier(slack), content)  # type: ignore[arg-type]
    summary, details = slack.posts
    assert summary["channel"] == "U0LEADER" and summary.get("thread_ts") is None
    assert (details["channel"], details["thread_ts"]) == ("D0LEADERDM", ts) and pushes == 0
