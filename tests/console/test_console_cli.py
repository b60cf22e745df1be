"""`yui console link`: a single-use link for a person, or the first coordinator; a clear error otherwise."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from typer.testing import CliRunner

from bot.cli import cli
from domain.model import Person, Role
from domain.persistence import Database, upgrade
from tests.test_cli import fresh_db

__all__ = ["fresh_db"]  # the fixture, used by name below


def _add(url: str, person: Person) -> None:
    async def run() -> None:
        database = Database(url)
        async with database.unit_of_work() as uow:
            await uow.people.add(person)
            await uow.commit()
        await database.dispose()

    asyncio.run(run())


def _use(url: str, token: str) -> str | None:
    async def run() -> str | None:
        database = Database(url)
        try:
            return await database.console().use_signin(hashlib.sha256(token.encode()).hexdigest(), datetime.now(UTC))
        finally:
            await database.dispose()

    return asyncio.run(run())


def test_the_link_signs_in_the_first_coordinator_once(fresh_db: str) -> None:
    upgrade(fresh_db)
    runner = CliRunner()
    refused = runner.invoke(cli, ["console", "link"])
    assert refused.exit_code == 1 and "coordinator" in refused.output
    coordinator = Person("佐藤", roles=frozenset({Role.COORDINATOR}))
    _add(fresh_db, coordinator)
    printed = runner.invoke(cli, ["console", "link"])
    assert printed.exit_code == 0, printed.output
    assert "一度だけ" in printed.output
    link = printed.output.strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:8000/console/signin?token=")
    token = parse_qs(urlsplit(link).query)["token"][0]
    assert _use(fresh_db, token) == coordinator.id
    assert _use(fresh_db, token) is None  # single use


def test_a_link_for_a_named_person_in_english(fresh_db: str) -> None:
    upgrade(fresh_db)
    client = Person("田中", roles=frozenset({Role.CLIENT_MEMBER}))
    _add(fresh_db, client)
    printed = CliRunner().invoke(cli, ["console", "link", "--person", client.id, "--lang", "en"])
    assert printed.exit_code == 0 and "single use" in printed.output
    unknown = CliRunner().invoke(cli, ["console", "link", "--person", "nobody"])
    assert unknown.exit_code == 1 and "nobody" in unknown.output
