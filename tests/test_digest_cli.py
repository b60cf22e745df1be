"""`yui digest show` and `yui digest send-due` as an operator uses them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from domain.model import Identity, Organization, OrganizationKind, Person, Role, Team
from domain.persistence import Database, upgrade
from domain.refs import PersonRef, Platform
from handlers.digest_delivery import ComposedDigests, send_due
from handlers.narrative_writer import TemplateNarrativeWriter
from tests.handlers.fakes import FakeNotifier


class Clock:
    def now(self) -> datetime:
        return datetime(2026, 11, 24, 9, 5, tzinfo=UTC)  # Tuesday 18:05 in Tokyo


@pytest.fixture
def delivered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database where 山本's team digest for 2026-11-24 was delivered in LINE."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'digests.db'}"
    monkeypatch.setenv("YUI_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    upgrade(url)

    async def deliver() -> None:
        database = Database(url)
        leader = Person(display_name="山本 リーダー", roles=frozenset({Role.LEADER}))
        leader.add_identity(Identity(PersonRef(Platform.LINE, "UBOT", "U" + "1" * 32), "山本"))
        operator = Organization(name="伊那BPO", kind=OrganizationKind.OPERATOR)
        async with database.unit_of_work() as uow:
            await uow.organizations.add(operator)
            await uow.people.add(leader)
            await uow.teams.add(Team("伊那チーム", operator.id, leader.id))
            await uow.commit()
        clock = Clock()
        await send_due(database.unit_of_work, FakeNotifier(), ComposedDigests(TemplateNarrativeWriter(), clock), clock)
        await database.dispose()

    asyncio.run(deliver())
    return url


def test_show_prints_the_stored_digest_with_how_and_when_it_went(delivered: str) -> None:
    result = CliRunner().invoke(cli, ["digest", "show", "--date", "2026-11-24"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    for expected in ("山本 リーダー · team 伊那チーム", "daily digest for 2026-11-24", "line", "sent 2026-11-24 18:05"):
        assert expected in result.output
    assert "narrative: template" in result.output and "LINE pushes: 1" in result.output
    assert "伊那チームのまとめ" in result.output  # the digest's own text, as delivered


def test_show_filters_by_recipient_and_says_when_there_is_nothing(delivered: str) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["digest", "show", "--date", "2026-11-24", "--recipient", "山本"]).exit_code == 0
    nobody = runner.invoke(cli, ["digest", "show", "--date", "2026-11-24", "--recipient", "佐藤"])
    assert nobody.exit_code == 1 and "No digests stored for 2026-11-24 for '佐藤'" in nobody.output
    empty = runner.invoke(cli, ["digest", "show", "--date", "2026-11-25"])
    assert empty.exit_code == 1 and "No digests stored for 2026-11-25" in empty.output
    bad = runner.invoke(cli, ["digest", "show", "--date", "24/11"])
    assert bad.exit_code == 2


def test_send_due_runs_the_job_once_and_finds_nothing_left(delivered: str) -> None:
    result = CliRunner().invoke(cli, ["digest", "send-due"])
    assert result.exit_code == 0, result.output
    assert "0 sent" in result.output and "0 failed" in result.output
