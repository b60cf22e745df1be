"""`/yui link` in Slack, the code sent to the LINE bot: one person on both platforms."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from bot.signing import slack_headers
from domain.model import Role
from domain.refs import PersonRef, Platform
from tests.adapters.test_line_onboarding import Teleworker, flex_rows
from tests.adapters.test_slack_events import post, slash_body
from tests.conftest import SLACK_SECRET, SteppingClock, make_settings


@pytest.fixture
async def app(empty_database_url: str, sandbox: PlatformSandbox, clock: SteppingClock) -> AsyncIterator[RunningApp]:
    """A database of its own: the Slack user of the fixtures (W111) must be new to Yui here, whatever
    earlier tests on the shared database made of them (the slash-command tests register W111 without a
    name), so that linking shows the name Slack gives."""
    async with running_app(make_settings(empty_database_url, sandbox), clock=clock) as running:
        yield running


async def _link_code(app: RunningApp, sandbox: PlatformSandbox) -> str:
    body = slash_body(sandbox, "link")
    assert (await post(app, body, slack_headers(SLACK_SECRET, body, json_body=False))).status_code == 200
    answer = [c for c in sandbox.state.calls if c.service == "slack_response"][-1]
    assert answer.body["response_type"] == "ephemeral"
    found = re.search(r"「連携 ([A-Z0-9]{8})」", answer.body["text"])
    assert found, answer.body["text"]
    assert "コードは10分間、1回だけ使えます。" in answer.body["text"]
    return found.group(1)


async def test_the_slack_code_sent_in_line_links_both_accounts_once(app: RunningApp, sandbox: PlatformSandbox) -> None:
    sandbox.state.slack_users["W111"] = {"name": "鈴木 一郎", "locale": "ja-JP"}
    leader = Teleworker(app, sandbox, name="すずき")
    await leader.follow()
    await leader.say("このままでOK")
    await leader.say("データ入力")
    await leader.say("完了")
    code = await _link_code(app, sandbox)

    linked = await leader.say(f"連携 {code.lower()}")
    assert linked["text"].startswith("連携しました！")
    again = await leader.say(f"連携 {code}")  # single use
    assert again["text"].startswith("連携コードが正しくないか、期限切れか、すでに使われています。")

    line_person, profile = await leader.stored()
    async with app.runtime.services.database.unit_of_work() as uow:
        slack_person = await uow.people.by_identity(PersonRef(Platform.SLACK, "T111", "W111"))
    assert line_person is not None and slack_person is not None and line_person.id == slack_person.id
    assert {i.ref.platform for i in line_person.identities} == {Platform.SLACK, Platform.LINE}
    assert {Role.TELEWORKER, Role.CLIENT_MEMBER} <= line_person.roles
    assert profile is not None and profile.skills == {"data_entry"}  # the LINE profile came along
    card = await leader.say("プロフィール")
    assert flex_rows(card)[:3] == ["お名前・スキル", "お名前: 鈴木 一郎", "スキル: データ入力"]
