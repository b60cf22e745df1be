"""How fast the web console answers over a large programme.

A benchmark, not a test: `python -m bench.console [--people 100000] [--tasks 10000] [--backend postgresql|sqlite]
[--requests 40]`. It seeds a fresh database in bulk (people with profiles, 1 team per 100 people,
200 client organisations, tasks spread over the last year with two assignees each and a report
every few days, some proposals and absences), starts `yui serve` on a free port (its own process,
no worker), signs in as a coordinator with a one-time link, opens every page once to warm up
(the overview's first view computes the twelve months' figures, timed on its own), then requests
each page `--requests` times and prints p50 / p95 / max per page.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import asyncpg
import httpx
from sqlalchemy import insert
from sqlalchemy.engine import make_url

from bot.console.app import create_signin_link
from bot.settings import Settings
from domain.persistence import Database, upgrade
from domain.persistence.tables import (
    AbsenceRow,
    AssignmentRow,
    OrganizationRow,
    PersonRow,
    ProgressReportRow,
    ProposalRow,
    TaskRow,
    TeamMemberRow,
    TeamRow,
    WorkerProfileRow,
)

SKILLS = ("data_entry", "bookkeeping", "excel", "sns", "writing", "translation_en", "design", "customer_support")
REGIONS = ("長野県伊那市", "長野県駒ヶ根市", "長野県飯田市", "長野県松本市", "東京都", "北海道札幌市")
WINDOWS = ("weekday_morning", "weekday_afternoon", "evening", "weekend")
FAMILY = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
]
GIVEN = ["花子", "太郎", "ゆき", "健", "みどり", "翔", "さくら", "大輔", "美咲", "直樹", "由美", "拓也"]


def new_id() -> str:
    return uuid.uuid4().hex


async def _insert(database: Database, table: Any, rows: list[dict[str, Any]], chunk: int = 2000) -> None:
    async with database.engine.begin() as conn:
        for start in range(0, len(rows), chunk):
            await conn.execute(insert(table), rows[start : start + chunk])


async def seed(database: Database, people: int, tasks: int, now: datetime) -> dict[str, Any]:
    rnd = random.Random(17)
    organizations = [
        {
            "id": new_id(),
            "name": f"依頼元{i:03d}",
            "kind": "client" if i % 3 else "local_company",
            "slack_team_id": f"T{i:05d}",
            "timezone": "Asia/Tokyo",
            "region": "東京都" if i % 3 else "長野県伊那市",
        }
        for i in range(200)
    ]
    operator = {"id": new_id(), "name": "BPO operator", "kind": "operator", "slack_team_id": None,
                "timezone": "Asia/Tokyo", "region": "長野県伊那市"}  # fmt: skip
    person_rows = []
    profile_rows = []
    for i in range(people):
        pid = new_id()
        person_rows.append(
            {
                "id": pid,
                "display_name": f"{rnd.choice(FAMILY)} {rnd.choice(GIVEN)}{i}",
                "locale": "ja",
                "timezone": "Asia/Tokyo",
                "roles": ["teleworker"],
                "organization_id": None,
                "created_at": now - timedelta(days=rnd.randrange(0, 400)),
                "withdrawn": i % 97 == 0,
            }
        )
        profile_rows.append(
            {
                "person_id": pid,
                "skills": rnd.sample(SKILLS, 2),
                "other_skills": [],
                "weekly_hours": rnd.choice((5, 10, 20, 30)),
                "time_windows": rnd.sample(WINDOWS, 2),
                "region": rnd.choice(REGIONS),
                "constraints": "",
                "annual_earnings_cap_yen": 1_030_000 if i % 4 == 0 else None,
            }
        )
    coordinator = new_id()
    person_rows.append({"id": coordinator, "display_name": "ベンチ コーディネーター", "locale": "ja",
                        "timezone": "Asia/Tokyo", "roles": ["coordinator"], "organization_id": None,
                        "created_at": now, "withdrawn": False})  # fmt: skip
    await _insert(database, OrganizationRow.__table__, [*organizations, operator])
    await _insert(database, PersonRow.__table__, person_rows)
    await _insert(database, WorkerProfileRow.__table__, profile_rows)
    ids = [p["id"] for p in person_rows[:people]]
    teams, members = [], []
    for t in range(people // 100):
        group = ids[t * 100 : (t + 1) * 100]
        teams.append({"id": new_id(), "name": f"チーム{t:04d}", "organization_id": operator["id"],
                      "leader_id": group[0], "join_code": f"{t:06d}"})  # fmt: skip
        members += [{"team_id": teams[-1]["id"], "person_id": p} for p in group[1:]]
    await _insert(database, TeamRow.__table__, teams)
    await _insert(database, TeamMemberRow.__table__, members)
    task_rows, assignment_rows, report_rows, proposal_rows = [], [], [], []
    statuses = ("done",) * 6 + ("in_progress",) * 2 + ("matched", "open")
    for i in range(tasks):
        org = organizations[i % len(organizations)]
        created = now - timedelta(days=365 * (tasks - i) / tasks)
        deadline = (created + timedelta(days=30)).date()
        status = statuses[i % len(statuses)] if deadline < now.date() + timedelta(days=60) else "open"
        if deadline > now.date() and status == "done":
            status = "in_progress"
        tid = new_id()
        task_rows.append({"id": tid, "organization_id": org["id"], "title": f"案件{i:05d} 請求書入力",
                          "description": "", "volume_amount": 400, "volume_unit": "件", "deadline": deadline,
                          "skills": [SKILLS[i % len(SKILLS)]], "other_skills": [], "shape": "individual",
                          "recurrence": "one_off", "budget_yen": None, "rate_yen": 30, "rate_unit": "件",
                          "updates_channel": None, "status": status, "paused_from": None, "previous_id": None,
                          "region": "", "region_only": False, "created_by": coordinator,
                          "created_at": created})  # fmt: skip
        if status == "open":
            for rank in range(3):
                proposal_rows.append({"id": new_id(), "organization_id": org["id"], "task_id": tid,
                                      "person_id": rnd.choice(ids), "team_id": None, "units": 200, "hours": 10.0,
                                      "earnings_yen": 6000, "score": 0.8 - rank / 10, "rank": rank + 1,
                                      "reasons": {}, "status": "proposed", "approved_by": None,
                                      "created_at": created, "offered_at": None, "answered_at": None,
                                      "card_workspace": None, "card_channel": None, "card_ts": None,
                                      "leader_asked_at": None})  # fmt: skip
            continue
        for _ in range(2):
            aid = new_id()
            holder = rnd.choice(ids)
            assignment_rows.append({"id": aid, "organization_id": org["id"], "task_id": tid, "person_id": holder,
                                    "proposal_id": None, "units": 200, "hours": 10.0, "earnings_yen": 6000,
                                    "accepted_at": created + timedelta(hours=2), "cover_of": None})  # fmt: skip
            if status == "matched":
                continue
            total = 0
            for k in range(10):
                at = created + timedelta(days=1 + 2.5 * k, hours=rnd.randrange(0, 10))
                if at > now:
                    break
                total += 18
                report_rows.append({"id": new_id(), "organization_id": org["id"], "assignment_id": aid,
                                    "person_id": holder, "units_done": 18, "units_cumulative": total,
                                    "hours": 1.5, "done": False, "blockers": "", "raw_text": "18件入力しました",
                                    "parser": "bench", "reported_at": at, "corrects_id": None,
                                    "source": None})  # fmt: skip
    absences = [{"id": new_id(), "person_id": rnd.choice(ids), "start_date": now.date() + timedelta(days=d % 14),
                 "end_date": now.date() + timedelta(days=d % 14 + 1), "reason": "通院",
                 "reported_at": now} for d in range(2000)]  # fmt: skip
    await _insert(database, TaskRow.__table__, task_rows)
    await _insert(database, ProposalRow.__table__, proposal_rows)
    await _insert(database, AssignmentRow.__table__, assignment_rows)
    await _insert(database, ProgressReportRow.__table__, report_rows)
    await _insert(database, AbsenceRow.__table__, absences)
    running = next(t for t in task_rows if t["status"] == "in_progress")
    return {
        "coordinator": coordinator,
        "person": assignment_rows[-1]["person_id"],
        "team": teams[len(teams) // 2]["id"],
        "task": running["id"],
        "org": organizations[7]["id"],
        "reports": len(report_rows),
        "assignments": len(assignment_rows),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def measure(url: str, settings: Settings, seeded: dict[str, Any], requests: int) -> None:
    database = Database(settings.database_url)
    link = await create_signin_link(database, settings, seeded["coordinator"], datetime.now(UTC))
    await database.dispose()
    token = parse_qs(urlsplit(link).query)["token"][0]
    pages = {
        "overview": "/console",
        "people": "/console/people",
        "people ?q=": "/console/people?q=%E5%B0%8F%E6%9E%97",
        "people ?skill&region": "/console/people?skill=excel&region=%E4%BC%8A%E9%82%A3",
        "people page 100": "/console/people?page=100",
        "person": f"/console/people/{seeded['person']}",
        "work board": "/console/work",
        "work ?org": f"/console/work?org={seeded['org']}",
        "work ?team": f"/console/work?team={seeded['team']}",
        "task": f"/console/tasks/{seeded['task']}",
        "teams": "/console/teams",
        "team": f"/console/teams/{seeded['team']}",
        "downloads": "/console/downloads",
        "operations": "/console/operations",
    }
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        page = await client.get("/console/signin", params={"token": token})
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        signed = await client.post("/console/signin", data={"csrf": csrf.group(1), "token": token})
        assert signed.status_code == 303, signed.text
        started = time.perf_counter()
        first = await client.get("/console")
        assert first.status_code == 200, first.status_code
        print(f"overview, first view (computes 12 months of figures): {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        xlsx = await client.get("/console/downloads/report.xlsx")
        assert xlsx.status_code == 200
        print(f"monthly .xlsx download (figures kept): {1000 * (time.perf_counter() - started):.0f} ms")
        for path in pages.values():  # warm up: templates compiled, connections open
            assert (await client.get(path)).status_code == 200, path
        print(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, path in pages.items():
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                answer = await client.get(path)
                times.append(1000 * (time.perf_counter() - started))
                assert answer.status_code == 200, (path, answer.status_code)
            times.sort()
            p95 = times[max(0, round(0.95 * len(times)) - 1)]
            print(f"{name:24} {statistics.median(times):8.0f} {p95:8.0f} {times[-1]:8.0f}", flush=True)


async def _pg_admin(url: str, sql: str) -> None:
    parsed = make_url(url)
    conn = await asyncpg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                                 password=parsed.password, database=parsed.database)  # fmt: skip
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args()
    admin = os.environ.get("YUI_TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    name = f"yui_bench_console_{uuid.uuid4().hex[:8]}"
    workdir = tempfile.mkdtemp(prefix="yui-bench-console-")
    if args.backend == "postgresql":
        asyncio.run(_pg_admin(admin, f'CREATE DATABASE "{name}"'))
        url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite+aiosqlite:///{workdir}/bench.db"
    try:
        upgrade(url)
        now = datetime.now(UTC)
        started = time.perf_counter()

        async def seeded_db() -> dict[str, Any]:
            database = Database(url)
            try:
                return await seed(database, args.people, args.tasks, now)
            finally:
                await database.dispose()

        seeded = asyncio.run(seeded_db())
        if args.backend == "postgresql":
            asyncio.run(_pg_admin(url, "ANALYZE"))
        print(
            f"seeded {args.people:,} people, {args.tasks:,} tasks, {seeded['assignments']:,} assignments, "
            f"{seeded['reports']:,} reports over a year ({args.backend}) in {time.perf_counter() - started:.0f} s"
        )
        port = free_port()
        env = {**os.environ, "YUI_DATABASE_URL": url, "YUI_WORKER": "external", "YUI_LOG_LEVEL": "WARNING",
               "YUI_CONSOLE_SECRET": "bench", "YUI_PORT": str(port), "SLACK_SIGNING_SECRET": "",
               "SLACK_BOT_TOKEN": "", "LINE_CHANNEL_SECRET": "", "LINE_CHANNEL_ACCESS_TOKEN": ""}  # fmt: skip
        server = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], env=env, cwd=workdir)
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            settings = Settings(_env_file=None, database_url=url, port=port)
            asyncio.run(measure(f"http://127.0.0.1:{port}", settings, seeded, args.requests))
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        if args.backend == "postgresql":
            asyncio.run(_pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
