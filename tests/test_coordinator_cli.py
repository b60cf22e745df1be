"""`yui report monthly`, `yui export reports`, `yui org` and `yui coordinator grant` as an operator
runs them (typer's runner on a migrated SQLite file with the handler tests' seeded month)."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import cli
from domain.model import Role
from domain.persistence import Database
from tests.handlers.test_coordinator import Seeded, seed
from tests.test_cli import fresh_db

__all__ = ["fresh_db"]  # the fixture, used by name below


def _seeded(url: str) -> Seeded:
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0

    async def run() -> Seeded:
        database = Database(url)
        try:
            return await seed(database)
        finally:
            await database.dispose()

    return asyncio.run(run())


def test_the_monthly_report_prints_the_programme_figures(fresh_db: str) -> None:
    _seeded(fresh_db)
    result = CliRunner().invoke(cli, ["report", "monthly", "--month", "2026-11"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "地域BPO 月次レポート 2026年11月" in out
    for expected in (
        "稼働時間",
        "8時間",
        "住民への支払額",
        "7,350円",
        "域外からの受注",
        "3,150円（43%）",
        "4,200円（57%）",
        "3人（うち退会済み1人）",
        "仕事が届いた住民",  # reach and the Gini of hours: the two teleworkers and the one who left
        "3/3人（100%）",
        "0.21",
        "105件",
        "データ入力",
        "経理・記帳",
        "東京商事",
        "伊那精密",
    ):
        assert expected in out, expected

    english = CliRunner().invoke(cli, ["report", "monthly", "--month", "十一月", "--lang", "en", "--org", "伊那精密"])
    assert english.exit_code == 0, english.output
    assert "Regional BPO monthly report 2026-11" in english.output and "¥4,200" in english.output
    assert "東京商事" not in english.output

    unknown = CliRunner().invoke(cli, ["report", "monthly", "--month", "2026-11", "--org", "どこにもない"])
    assert unknown.exit_code == 1 and "発注元「どこにもない」は見つかりませんでした。" in unknown.output
    bad = CliRunner().invoke(cli, ["report", "monthly", "--month", "いつか"])
    assert bad.exit_code == 2 and "月が読み取れませんでした" in bad.output
    empty = CliRunner().invoke(cli, ["report", "monthly", "--month", "2026-08"])
    assert empty.exit_code == 0 and "2026年8月の進捗報告はありません。" in empty.output


def test_the_export_writes_excel_ready_csv_and_a_timesheet(fresh_db: str, tmp_path: Path) -> None:
    _seeded(fresh_db)
    target = tmp_path / "nov.csv"
    result = CliRunner().invoke(
        cli, ["export", "reports", "--from", "2026-11-01", "--to", "11月30日", "--out", str(target)]
    )
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 6 and rows[0][0] == "日付"

    sheet = tmp_path / "sheet.csv"
    result = CliRunner().invoke(
        cli, ["export", "reports", "--from", "2026-11", "--per", "person-day", "--lang", "en", "--out", str(sheet)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0] == ["date", "person", "hours", "reports", "tasks", "units", "yen"]
    assert ["2026-11-10", "佐藤 花子", "3.5", "1", "経理補助", "", "4200"] in rows

    bad = CliRunner().invoke(cli, ["export", "reports", "--from", "2026-11-30", "--to", "2026-11-01"])
    assert bad.exit_code == 2
    assert CliRunner().invoke(cli, ["export", "reports", "--per", "weekly"]).exit_code == 2


def test_an_organisation_gets_a_region_and_a_person_the_coordinator_role(fresh_db: str) -> None:
    seeded = _seeded(fresh_db)
    runner = CliRunner()
    changed = runner.invoke(cli, ["org", "set", "東京商事", "--region", "長野県伊那市", "--kind", "local_company"])
    assert changed.exit_code == 0, changed.output
    listing = runner.invoke(cli, ["org", "list"])
    assert "東京商事" in listing.output and "local_company" in listing.output and "長野県伊那市" in listing.output
    report = runner.invoke(cli, ["report", "monthly", "--month", "2026-11"])
    assert "0円（0%）" in report.output  # nothing is outside the region any more
    assert runner.invoke(cli, ["org", "set", "東京商事", "--kind", "galaxy"]).exit_code == 2

    granted = runner.invoke(cli, ["coordinator", "grant", seeded.aoki.id])
    assert granted.exit_code == 0 and "is now a coordinator" in granted.output

    async def roles() -> frozenset[Role]:
        database = Database(fresh_db)
        try:
            async with database.unit_of_work() as uow:
                person = await uow.people.get(seeded.aoki.id)
                assert person is not None
                return person.roles
        finally:
            await database.dispose()

    assert Role.COORDINATOR in asyncio.run(roles())
    assert runner.invoke(cli, ["coordinator", "grant", "nobody"]).exit_code == 1
