"""Coordinators in Slack, end to end: signed `/yui coordinator`, `/yui team` and `/yui export` slash
commands through the real app; the CSV reaches the channel through slack_sdk's files_upload_v2
(files.getUploadURLExternal, the upload, files.completeUploadExternal) against the sandbox."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from bot.signing import slack_headers
from tests.adapters.test_slack_events import post, slash_body
from tests.conftest import SLACK_SECRET, SteppingClock, make_settings
from tests.handlers.test_coordinator import seed


@pytest.fixture
async def app(empty_database_url: str, sandbox: PlatformSandbox, clock: SteppingClock) -> AsyncIterator[RunningApp]:
    """A database of its own: who is a coordinator, and which reports a month holds, must not
    depend on what other tests stored."""
    async with running_app(make_settings(empty_database_url, sandbox), clock=clock) as running:
        yield running


async def _slash(app: RunningApp, sandbox: PlatformSandbox, text: str, *, user: str = "W111") -> dict[str, Any]:
    """Post `/yui <text>` as `user`; the ephemeral answer Yui sent to the response_url."""
    form = dict(parse_qsl(slash_body(sandbox, text)))
    form["user_id"] = user
    body = urlencode(form)
    before = len(sandbox.state.calls)
    response = await post(app, body, slack_headers(SLACK_SECRET, body, json_body=False))
    assert response.status_code == 200
    answers = [c for c in sandbox.state.calls[before:] if c.service == "slack_response"]
    return answers[-1].body if answers else {}


async def test_an_admin_claims_the_role_sets_up_a_team_and_exports_reports_to_the_channel(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    await seed(app.runtime.services.database)
    sandbox.state.slack_users["W111"] = {"name": "事務局 佐々木", "admin": "true"}
    sandbox.state.slack_users["W333"] = {"name": "山本 健"}
    sandbox.state.slack_users["W444"] = {"name": "一般 社員"}

    refused = await _slash(app, sandbox, "export 2026-11-01 2026-11-30")  # not a coordinator yet
    assert refused["response_type"] == "ephemeral" and refused["text"].startswith("この操作はコーディネーター")
    assert not sandbox.calls_to("files.getUploadURLExternal")

    granted = await _slash(app, sandbox, "coordinator <@W111|sasaki>")
    assert granted["text"] == "事務局 佐々木さんをコーディネーターにしました。"
    other = await _slash(app, sandbox, "coordinator <@W444>", user="W444")  # not an admin, not a coordinator
    assert other["text"].startswith("コーディネーター権限を付けられるのは")

    created = await _slash(app, sandbox, "team create 伊那チーム leader:<@W333|yamamoto>")
    assert created["text"].startswith("チーム「伊那チーム」を作りました。リーダー：山本 健さん、参加コード：")
    listing = await _slash(app, sandbox, "チーム 一覧")
    assert "• 伊那チーム（参加コード " in listing["text"] and "リーダー：山本 健" in listing["text"]

    report = await _slash(app, sandbox, "レポート 2026-11")
    assert report["response_type"] == "ephemeral"
    assert report["blocks"][0]["text"]["text"] == "地域BPO 月次レポート 2026年11月"
    fields = [f["text"] for b in report["blocks"] if b["type"] == "section" for f in b.get("fields", [])]
    assert "*住民への支払額*\n7,350円" in fields and "*域外からの受注*\n3,150円（43%）" in fields

    await _slash(app, sandbox, "export 11月1日〜11月30日")

    [get_url] = sandbox.calls_to("files.getUploadURLExternal")
    [upload] = [c for c in sandbox.state.calls if c.service == "slack_upload"]
    [complete] = sandbox.calls_to("files.completeUploadExternal")
    assert sandbox.state.calls.index(get_url) < sandbox.state.calls.index(upload) < sandbox.state.calls.index(complete)
    assert get_url.body["filename"] == "yui-reports-2026-11-01_2026-11-30.csv"
    [shared] = sandbox.state.shared_files
    assert shared["channel"] == "C111" and shared["title"] == "進捗報告 2026年11月"
    assert shared["initial_comment"] == "2026年11月の進捗報告5件をCSVにしました（Excelでそのまま開けます）。"
    data = sandbox.state.uploaded[shared["id"]]
    assert data.startswith("\ufeff".encode()) and upload.body["bytes"] == len(data)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["日付", "時刻", "氏名"] and len(rows) == 6
    assert rows[1][:3] == ["2026-11-01", "00:30", "青木 あや"]


async def test_an_unreadable_period_is_answered_and_uploads_nothing(app: RunningApp, sandbox: PlatformSandbox) -> None:
    sandbox.state.slack_users["W111"] = {"name": "事務局", "admin": "true", "locale": "en-US"}
    await _slash(app, sandbox, "coordinator <@W111>")
    answer = await _slash(app, sandbox, "export whenever")
    assert answer["text"].startswith('I could not read the period "whenever".')
    assert not sandbox.calls_to("files.getUploadURLExternal") and not sandbox.state.uploaded


async def test_in_a_channel_yui_is_not_in_the_file_goes_to_the_coordinators_dm(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    await seed(app.runtime.services.database)
    sandbox.state.slack_users["W111"] = {"name": "事務局", "admin": "true"}
    sandbox.state.bot_channels = {"C999"}  # not C111, where the command is typed
    await _slash(app, sandbox, "coordinator <@W111>")

    answer = await _slash(app, sandbox, "export 2026-11 勤務表")

    assert answer["response_type"] == "ephemeral"
    assert answer["text"] == "このチャンネルには結（ゆい）が参加していないため、ファイルはDMでお送りしました。"
    [opened] = sandbox.calls_to("conversations.open")
    assert opened.body["users"] == "W111"
    [shared] = sandbox.state.shared_files  # the refused attempt shared nothing
    assert shared["channel"] == "DW111" and shared["title"] == "進捗報告 2026年11月"
    assert shared["initial_comment"].startswith("2026年11月の勤務表（4行：1人1日1行）をCSVにしました")
    rows = sandbox.state.uploaded[shared["id"]].decode("utf-8-sig").splitlines()
    assert rows[0] == "日付,氏名,時間,報告数,案件,数量,金額（円）" and len(rows) == 5
