"""How long the coordinator's monthly report and export take over a whole programme's month.

A benchmark, not a test: `python -m bench.coordinator [--residents 300] [--days 30] [--backend sqlite|postgresql]`.
It seeds a fresh database (300 residents, each with one assignment and a report a day, 20 client
organisations with 5 tasks each), then times loading the month (`handlers.coordinator.load_period`),
computing the figures (`domain.regional_report.programme_figures`) and building the CSV export.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from domain.model import Organization, OrganizationKind, Person, Role, Task, TaskStatus, Volume, WorkerProfile
from domain.periods import Period
from domain.persistence import Database, upgrade
from domain.proposals import Assignment, ProgressReport
from domain.refs import Locale
from domain.regional_report import export_rows, programme_figures, to_csv
from handlers.coordinator import load_period

TOKYO = ZoneInfo("Asia/Tokyo")
MONTH = Period.month(2026, 11)


async def seed(database: Database, residents: int, days: int) -> int:
    rnd = random.Random(7)
    clients = [
        Organization(f"client {i}", OrganizationKind.CLIENT if i % 2 else OrganizationKind.LOCAL_COMPANY)
        for i in range(20)
    ]
    author = Person("author")
    people = [Person(f"resident {i}", roles=frozenset({Role.TELEWORKER})) for i in range(residents)]
    count = 0
    async with database.unit_of_work() as uow:
        for client in clients:
            await uow.organizations.add(client)
        await uow.people.add(author)
        tasks = []
        for i, client in enumerate(clients):
            for j in range(5):
                task = Task(
                    organization_id=client.id,
                    title=f"task {i}-{j}",
                    volume=Volume(10_000, "件"),
                    deadline=date(2026, 12, 31),
                    created_by=author.id,
                    skills=frozenset({"data_entry"}),
                    rate_yen=30,
                    rate_unit="件" if j % 2 else "時間",
                    status=TaskStatus.OPEN,
                    created_at=datetime(2026, 10, 1, tzinfo=UTC),
                )
                await uow.tasks.add(task)
                tasks.append(task)
        for person in people:
            await uow.people.add(person)
            await uow.profiles.save(WorkerProfile(person.id, skills=frozenset({"data_entry"}), region="伊那市"))
            task = rnd.choice(tasks)
            share = Assignment(
                task.organization_id, task.id, person.id, 300, 15.0, 9000, datetime(2026, 10, 31, tzinfo=UTC)
            )
            await uow.assignments.add(share)
            for day in range(1, days + 1):
                at = datetime(2026, 11, day, rnd.randrange(0, 14), tzinfo=UTC)
                report = ProgressReport(
                    task.organization_id, share.id, person.id, 3, 3 * day, 0.5, False, "", "3件", "bench", at
                )
                await uow.reports.add(report)
                count += 1
        await uow.commit()
    return count


async def run(url: str, residents: int, days: int) -> None:
    database = Database(url)
    try:
        started = time.perf_counter()
        reports = await seed(database, residents, days)
        print(f"seeded {reports} reports of {residents} residents in {time.perf_counter() - started:.1f} s")
        for attempt in (1, 2):
            t0 = time.perf_counter()
            rows = await load_period(database.unit_of_work(), MONTH, TOKYO)
            t1 = time.perf_counter()
            figures = programme_figures(MONTH, TOKYO, rows.reports, rows.tasks, rows.clients, rows.residents)
            t2 = time.perf_counter()
            data = to_csv(export_rows(MONTH, TOKYO, rows.reports, rows.tasks, rows.clients, rows.residents, Locale.JA))
            t3 = time.perf_counter()
            print(
                f"run {attempt}: load {t1 - t0:.2f} s, figures {t2 - t1:.2f} s, CSV {t3 - t2:.2f} s "
                f"({figures.reports} reports, {figures.earnings_yen:,} yen, {len(data) // 1024} KB)"
            )
    finally:
        await database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--residents", type=int, default=300)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--pg-url", default=os.environ.get("YUI_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    )
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{folder}/bench.db"
            upgrade(url)
            asyncio.run(run(url, args.residents, args.days))
        return
    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(args.pg_url)
    name = f"yui_bench_coord_{uuid.uuid4().hex[:8]}"

    async def admin_sql(sql: str) -> None:
        conn = await asyncpg.connect(
            host=admin.host,
            port=admin.port or 5432,
            user=admin.username,
            password=admin.password,
            database=admin.database,
        )
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin_sql(f'CREATE DATABASE "{name}"'))
    try:
        url = admin.set(database=name).render_as_string(hide_password=False)
        upgrade(url)
        asyncio.run(run(url, args.residents, args.days))
    finally:
        asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
