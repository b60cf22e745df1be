"""The command line as an operator uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli


@pytest.fixture
def fresh_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("YUI_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return url


def test_serve_refuses_an_unmigrated_database_and_names_the_fix(fresh_db: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "0"])
    assert result.exit_code == 1
    assert "yui db upgrade" in result.output


def test_db_upgrade_then_status(fresh_db: str) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "status"]).exit_code == 1
    upgraded = runner.invoke(cli, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    status = runner.invoke(cli, ["db", "status"])
    assert status.exit_code == 0 and "up to date" in status.output


def test_demo_plays_the_conversation_offline() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    for expected in (
        "はじめまして、佐藤 花子さん！",
        "/yui help",
        "結（ゆい）の使い方",
        "already handled once",
        "【案件の下書き】",
        "[登録する]",
        "案件「請求書のデータ入力」を登録しました。",
        # two teleworkers join in LINE, tapping and typing, with different skills and hours
        "[quick replies: このままでOK | 変更する | スキップ]",
        "スキル: データ入力、経理・記帳、Excel・表計算",
        "稼働時間: 週10時間",
        "はじめまして、山田 太郎さん！",
        "スキル: データ入力、文字起こし、翻訳、英語",
        "稼働時間: 週20時間",
        "時間帯: 夕方以降、土日",
        # matching: proposals with reasons, an offer in LINE declined, the next one accepted
        "【候補の提案：請求書のデータ入力】",
        "データ入力○・Excel・表計算○、",
        "[1. 佐藤 花子さんに依頼] [2. 山田 太郎さんに依頼]",  # the client sees the button before pressing it
        "（「1. 佐藤 花子さんに依頼」を押す）",
        "[引き受ける] [お断りする]",
        # issue 6: a report with a blocker, then its correction; the client's card shows the progress
        "止まっている点：取引先コードが無いもの3件 → リーダーに共有しました",
        # ... and 佐藤 花子, his leader, really is told (a LINE push) in the same words, unit and all
        "│ 取引先コードが無いもの3件 ",
        "請求書のデータ入力：累計45/200件になりました",
        "▰▰▱▱▱▱▱▱▱▱ 22%　45/200件（残り155件）",
        "承知しました。",
        "ありがとうございます！「請求書のデータ入力」の200件をお願いします。",
        "200/200件の担当が決まりました。",
        # 自分の案件: his work as a Flex carousel, progress as corrected
        "あなたの案件（1件）",
        "進捗: 45/200件",
        # the day ends with the leader's digest, as 佐藤 花子 would get it (a free reply to 「まとめ」)
        "「伊那チーム」に参加しました！リーダーは佐藤 花子さんです。",
        "伊那チームのまとめ",
        # お互いにカバー: 山田 will be off; his leader is offered a teammate and reassigns with one tap
        "代わりの担当の提案",
        "（同じチーム） — 155件",  # the 45 件 reported stay his; the rest can move
        "（「佐藤 花子さんに交代」をタップ）",
        "155件を引き継ぎました",
        # ... and her digest after it: the 155 件 she took over are still the team's work, not finished
        "累計: 45/200件",
        "・請求書のデータ入力：取引先コードが無いもの3件（",  # the 困りごと card: who, what, since when
    ):
        assert expected in result.output
    _assert_the_line_quota_the_demo_costs(result.output)


# What each step of the demo costs in LINE pushes: a reply to what someone just sent is free; a message
# nobody in LINE asked for is a push, counted against the monthly quota. Each entry is how the pushed
# message begins, in the order the demo sends them.
DEMO_PUSHES = (
    "お仕事の依頼",  # the client presses 依頼 in Slack: 佐藤 花子 gets the offer in LINE
    "お仕事の依頼",  # 佐藤 declines (her reply is free); the offer goes on to 山田 太郎
    "山田",  # 山田 reports a blocker (the reply to him is free): his leader hears it at once
    "山田",  # 山田 will be off: his leader is told and given the cover choice in the same push
    "「請求書のデータ入力」の残り155件",  # the leader taps 交代: 山田 is told who took over
)


def _assert_the_line_quota_the_demo_costs(output: str) -> None:
    """The pushes shown are the ones the steps above should cost, and the closing count is theirs."""
    lines = output.splitlines()
    pushed = [lines[n + 1].strip(" │") for n, line in enumerate(lines) if "LINE push (counts against quota)" in line]
    assert len(pushed) == len(DEMO_PUSHES), pushed
    for first_line, begins in zip(pushed, DEMO_PUSHES, strict=True):
        assert first_line.startswith(begins), (first_line, begins)
    replies = sum("LINE reply (free)" in line for line in lines)
    assert f"LINE: {replies} replies (free), {len(DEMO_PUSHES)} pushes (quota)." in output


def test_tasks_roll_on_a_migrated_database(fresh_db: str) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(cli, ["tasks", "roll"])
    assert result.exit_code == 0, result.output
    assert "0 new occurrences" in result.output


def test_match_all_plans_open_tasks_without_overbooking(fresh_db: str) -> None:
    import asyncio
    from datetime import UTC, date, datetime, timedelta

    from domain.model import Organization, OrganizationKind, Person, Role, Task, TaskStatus, Volume, WorkerProfile
    from domain.persistence import Database

    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0

    async def seed() -> None:
        database = Database(fresh_db)
        client = Organization(name="A社", kind=OrganizationKind.CLIENT, slack_team_id="T1")
        author = Person(display_name="田中", organization_id=client.id)
        worker = Person(display_name="青木", roles=frozenset({Role.TELEWORKER}))
        deadline = date.today() + timedelta(days=14)
        async with database.unit_of_work() as uow:
            await uow.organizations.add(client)
            await uow.people.add(author)
            await uow.people.add(worker)
            await uow.profiles.save(WorkerProfile(worker.id, skills=frozenset({"data_entry"}), weekly_hours=10))
            for title in ("請求書入力", "名刺入力"):
                await uow.tasks.add(
                    Task(
                        organization_id=client.id,
                        title=title,
                        volume=Volume(300, "件"),  # 15 hours each: 青木 has about 20 free
                        deadline=deadline,
                        created_by=author.id,
                        skills=frozenset({"data_entry"}),
                        status=TaskStatus.OPEN,
                        created_at=datetime.now(UTC),
                    )
                )
            await uow.commit()
        await database.dispose()

    asyncio.run(seed())
    result = runner.invoke(cli, ["match", "--all"])
    assert result.exit_code == 0, result.output
    assert "青木" in result.output and "nobody can take" in result.output
    assert runner.invoke(cli, ["match"]).exit_code == 2
    refused = runner.invoke(cli, ["match", "--all", "--send"])  # no LINE here: nobody could answer
    assert refused.exit_code == 1 and "LINE_CHANNEL_ACCESS_TOKEN" in refused.output
