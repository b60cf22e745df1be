"""`yui report monthly` ends with 結の知恵 per team: questions asked, answered, median time, notes."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from typer.testing import CliRunner

from bot.cli import cli
from domain.knowhow.model import AnswerSource, Note, Question
from domain.model import Organization, OrganizationKind, Person, Task, Team, Volume
from domain.persistence import Database
from tests.test_cli import fresh_db

__all__ = ["fresh_db"]  # the fixture, used by name below

ASKED = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)


def test_the_monthly_report_counts_the_know_how_per_team(fresh_db: str) -> None:
    assert CliRunner().invoke(cli, ["db", "upgrade"]).exit_code == 0

    async def seed() -> None:
        database = Database(fresh_db)
        leader, worker = Person(display_name="中村"), Person(display_name="北原")
        client = Organization(name="東京商事", kind=OrganizationKind.CLIENT)
        task = Task(client.id, "請求書入力", Volume(10, "件"), date(2026, 11, 30), leader.id)
        question = Question(client.id, task.id, "請求書入力", worker.id, "税込？", ASKED)
        answer = question.answer_with("税込で", leader.id, AnswerSource.LEADER, ASKED + timedelta(hours=2))
        async with database.unit_of_work() as uow:
            await uow.organizations.add(client)
            await uow.people.add(leader)
            await uow.people.add(worker)
            await uow.teams.add(
                Team(name="伊那チーム", organization_id=client.id, leader_id=leader.id, member_ids={worker.id})
            )
            await uow.tasks.add(task)
            await uow.questions.save(question)
            await uow.notes.save(Note.from_answer(question, answer))
            await uow.commit()
        await database.dispose()

    asyncio.run(seed())
    result = CliRunner().invoke(cli, ["report", "monthly", "--month", "2026-11"])
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.output.splitlines() if "伊那チーム" in line]
    assert "結の知恵（チーム別）" in result.output
    assert [cell.strip() for cell in row.strip("│┃ ").split("│")] == ["伊那チーム", "1", "1", "2.0時間", "1"]
    empty = CliRunner().invoke(cli, ["report", "monthly", "--month", "2026-08"])
    assert "結の知恵：この期間の質問・メモはありません。" in empty.output
