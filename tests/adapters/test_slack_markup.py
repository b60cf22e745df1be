"""What people type in Slack arrives with Slack's markup (the manifest's `should_escape: true` for /yui,
and always in events): links, channels and &, <, > are read back as the text they typed."""

from __future__ import annotations

import json

import pytest

from bot.harness import RunningApp
from bot.sandbox import PlatformSandbox
from bot.signing import slack_headers
from bot.slack.translate import typed_text
from domain.model import Task
from tests.adapters.test_slack_events import event_body, post, slash_body
from tests.conftest import SLACK_SECRET

SHEET = "https://docs.google.com/spreadsheets/d/1AbC"


@pytest.mark.parametrize(
    ("markup", "typed"),
    [
        (f"<{SHEET}|請求書シート>を見てください", f"請求書シート ({SHEET})を見てください"),
        (f"<{SHEET}>", SHEET),
        ("<http://example.com|example.com>", "example.com"),  # typed without a scheme
        ("<mailto:keiri@abc.co.jp|keiri@abc.co.jp>", "keiri@abc.co.jp"),
        ("<#C0ORDERS|orders> に報告", "#orders に報告"),
        ("<!subteam^S0KEIRI|@経理> 宛", "@経理 宛"),
        ("入力 &amp; 確認 &lt;急ぎ&gt;", "入力 & 確認 <急ぎ>"),
        ("&amp;lt; は &amp;lt;", "&lt; は &lt;"),  # decoded once: a typed "&lt;" stays as typed
        # users (their ids are read by /yui team and /yui coordinator), <!here> and unnamed channels
        # stay markup: strip_mentions drops them from a request's words
        ("<@U0YAMADA|yamada> <@UYUI> <!here> <#C1>", "<@U0YAMADA|yamada> <@UYUI> <!here> <#C1>"),
    ],
)
def test_slack_markup_reads_as_what_was_typed(markup: str, typed: str) -> None:
    assert typed_text(markup) == typed


async def _stored_task(app: RunningApp, marker: str) -> Task:
    async with app.runtime.services.database.unit_of_work() as uow:
        organization = await uow.organizations.by_slack_team("T111")
        assert organization is not None
        tasks = await uow.tasks.for_organization(organization.id)
    [task] = [t for t in tasks if marker in t.description]
    return task


async def test_a_slash_task_with_a_link_and_a_channel_is_drafted_from_the_words(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    text = f"task <{SHEET}|請求書シート>の請求書300件を12/5までに入力 &amp; 確認、終わったら <#C0ORDERS|orders> に報告"
    body = slash_body(sandbox, text)
    assert (await post(app, body, slack_headers(SLACK_SECRET, body, json_body=False))).status_code == 200

    [draft] = sandbox.calls_to("chat.update")
    shown = json.dumps(draft.body["blocks"], ensure_ascii=False)
    assert "300件" in shown and "12/5" in shown
    assert "&amp;" not in shown and "<http" not in shown and "<#" not in shown
    task = await _stored_task(app, "#orders に報告")
    assert f"請求書シート ({SHEET})" in task.description  # the sheet's address is kept for whoever does it
    assert "入力 & 確認" in task.description
    assert task.volume is not None and task.volume.amount == 300
    assert "<" not in task.title and "&" not in task.title


async def test_a_mention_with_a_link_is_drafted_from_the_words(app: RunningApp, sandbox: PlatformSandbox) -> None:
    text = f"<@W111> 来週金曜までに名刺250枚のデータ入力をお願いしたいです。元データ: <{SHEET}|名刺フォルダ> &amp; 控え"
    body = event_body("slack/event_callback_app_mention.json", text=text)
    assert (await post(app, body, slack_headers(SLACK_SECRET, body))).status_code == 200

    [draft] = sandbox.calls_to("chat.update")
    assert "250枚" in json.dumps(draft.body["blocks"], ensure_ascii=False)
    task = await _stored_task(app, "名刺フォルダ")
    assert f"元データ: 名刺フォルダ ({SHEET}) & 控え" in task.description
    assert "<@W111>" not in task.description
