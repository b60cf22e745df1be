"""A coordinator sets a team up with the CLI; teleworkers join by sending the code in LINE and see
their team as their role allows."""

from __future__ import annotations

import asyncio
import re

from typer.testing import CliRunner, Result

from bot.cli import cli
from bot.harness import RunningApp
from bot.sandbox import PlatformSandbox
from tests.adapters.test_line_onboarding import Teleworker


async def _yui(sqlite_url: str, *args: str) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, cli, list(args), env={"YUI_DATABASE_URL": sqlite_url})


async def _join(worker: Teleworker, constraints: str = "スキップ") -> str:
    """Follow and answer onboarding quickly; the person id."""
    await worker.follow()
    for answer in ("このままでOK", "データ入力", "完了", "週10時間", "スキップ", "スキップ", constraints):
        await worker.say(answer)
    person, _ = await worker.stored()
    assert person is not None
    return person.id


async def test_a_team_from_the_cli_joined_by_code_with_private_notes_for_the_leader_only(
    app: RunningApp, sandbox: PlatformSandbox, sqlite_url: str
) -> None:
    leader = Teleworker(app, sandbox, name="鈴木 一郎")
    hana = Teleworker(app, sandbox, name="佐藤 花子")
    taro = Teleworker(app, sandbox, name="山田 太郎")
    leader_id = await _join(leader)
    await _join(hana, "平日15時に保育園のお迎え")
    taro_id = await _join(taro, "火曜は親の通院の付き添い")

    people = await _yui(sqlite_url, "people", "list")
    assert people.exit_code == 0 and leader_id in people.output
    created = await _yui(sqlite_url, "team", "create", "伊那チーム", "--leader", leader_id)
    assert created.exit_code == 0, created.output
    found = re.search(r"join code (\w{6})", created.output)
    assert found
    code = found.group(1)

    codes = await leader.say("参加コード")
    assert codes["text"] == f"チームの参加コードです。メンバーになってほしい人に伝えてください。\n・伊那チーム：{code}"
    assert (await hana.say("参加コード"))["text"] == "参加コードはチームのリーダーだけが確認できます。"
    joined = await hana.say(f"参加 {code}")
    assert joined["text"] == "「伊那チーム」に参加しました！リーダーは鈴木 一郎さんです。"
    full_width = code.lower().translate(
        str.maketrans(
            "abcdefghijklmnopqrstuvwxyz0123456789",
            "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ０１２３４５６７８９",
        )
    )
    assert (await taro.say(full_width))["text"].startswith("「伊那チーム」に参加しました！")  # the bare code
    assert (await taro.say(f"参加 {code}"))["text"] == "「伊那チーム」にはすでに参加しています。"
    assert (await hana.say("参加 ZZZZZZ"))["text"].startswith("参加コード「ZZZZZZ」のチームは見つかりませんでした。")
    assert (await hana.say("参加 12"))["text"].startswith("参加コードを読み取れませんでした。")

    as_member = (await hana.say("メンバー"))["text"]
    assert as_member.startswith("【伊那チーム】\n・鈴木 一郎（リーダー）データ入力 / 週10時間\n")
    assert "・山田 太郎（メンバー）データ入力 / 週10時間" in as_member
    assert "火曜は親の通院の付き添い" not in as_member  # never another worker's private notes
    assert "伝えたいこと：平日15時に保育園のお迎え" in as_member  # her own
    as_leader = (await leader.say("メンバー"))["text"]
    assert (
        "　伝えたいこと：平日15時に保育園のお迎え" in as_leader
        and "　伝えたいこと：火曜は親の通院の付き添い" in as_leader
    )

    before = len(sandbox.state.calls)
    off = await hana.say("明日は子どもの発熱で休みます")
    assert "のお休みを受け付けました（理由：子どもの発熱）" in off["text"]
    [told] = [c for c in sandbox.state.calls[before:] if c.path.endswith("/message/push")]
    assert told.body["to"] == leader.user_id  # the leader has no Slack here: a push, the only one
    assert re.fullmatch(
        r"佐藤 花子さんから、\d{4}/\d{1,2}/\d{1,2}（.）のお休みの連絡がありました（理由：子どもの発熱）。",
        told.body["messages"][0]["text"],
    )

    listed = await _yui(sqlite_url, "team", "list")
    assert listed.exit_code == 0 and code in listed.output and "山田 太郎" in listed.output
    appointed = await _yui(sqlite_url, "team", "add-leader", code, taro_id)
    assert appointed.exit_code == 0, appointed.output
    assert "伝えたいこと：平日15時に保育園のお迎え" in (await taro.say("メンバー"))["text"]  # now the leader
    assert "平日15時" not in (await leader.say("メンバー"))["text"]  # now a member
    missing = await _yui(sqlite_url, "team", "add-leader", "NOSUCH", taro_id)
    assert missing.exit_code == 1 and 'Team "NOSUCH" was not found.' in missing.output
