"""`yui people export` and `yui people delete` as an operator runs them for an APPI request that
arrived by letter or phone: everything held on one person as JSON, then the same deletion as 「退会」."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime

from typer.testing import CliRunner

from bot.cli import cli
from domain.model import Absence
from domain.persistence import Database
from tests.test_cli import fresh_db
from tests.test_coordinator_cli import _seeded

__all__ = ["fresh_db"]  # the fixture, used by name below


def test_export_shows_everything_held_and_delete_forgets_it_as_withdrawal_does(fresh_db: str) -> None:
    seeded = _seeded(fresh_db)
    aoki = seeded.aoki.id

    async def absent() -> None:
        database = Database(fresh_db)
        try:
            async with database.unit_of_work() as uow:
                when = datetime(2026, 11, 20, tzinfo=UTC)
                await uow.absences.add(Absence(aoki, date(2026, 11, 24), date(2026, 11, 24), "子どもの発熱", when))
                await uow.commit()
        finally:
            await database.dispose()

    asyncio.run(absent())
    exported = CliRunner().invoke(cli, ["people", "export", aoki])
    assert exported.exit_code == 0, exported.output
    held = json.loads(exported.output)
    assert held["person"]["display_name"] == "青木 あや" and held["person"]["id"] == aoki
    assert [a["reason"] for a in held["absences"]] == ["子どもの発熱"]
    assert {r["raw_text"] for r in held["progress_reports"]} >= {"9件"}
    assert held["assignments"] and all(a["person_id"] == aoki for a in held["assignments"])

    deleted = CliRunner().invoke(cli, ["people", "delete", aoki, "--yes"])
    assert deleted.exit_code == 0, deleted.output
    assert f"Deleted the personal data of {aoki}" in deleted.output
    after = json.loads(CliRunner().invoke(cli, ["people", "export", aoki]).output)
    assert after["person"]["withdrawn"] is True and after["person"]["display_name"] != "青木 あや"
    assert after["person"]["identities"] == [] and after["profile"] is None
    assert [a["reason"] for a in after["absences"]] == [""]  # the dates stay as work history
    assert "青木" not in json.dumps(after, ensure_ascii=False)
    # Asked again, nothing happens twice; an unknown id is named.
    assert CliRunner().invoke(cli, ["people", "delete", aoki, "--yes"]).exit_code == 0
    unknown = CliRunner().invoke(cli, ["people", "delete", "nobody", "--yes"])
    assert unknown.exit_code == 1 and "nobody" in unknown.output
