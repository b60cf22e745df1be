"""Digest benchmark (issue 7): `python -m bench.digests` (not part of the test run).

(a) Prompt tokens for one team of 30 people with 30 reports today: Yui's prompt (computed facts,
    names pseudonymised, `handlers.narrative_writer.digest_prompt`) against two naive prompts that
    paste reports: today's 30 only (the model then cannot know pace or forecast), and every report
    since the work started (what the model would need to work out pace and forecast itself). Each
    prompt is sent once to the sandbox's OpenAI-compatible stand-in and the `usage.prompt_tokens`
    it returns is reported; the stand-in estimates tokens (one a non-ASCII character, one per four
    ASCII characters: `bot.sandbox.estimate_tokens`), so read the figures as a ratio.
(b) 1,000 teams' daily leader digests with the template narrative, from a database filled with
    synthetic teams (default 5 members, 2 tasks, two working weeks of reports each): the wall time
    of `compose_many` over all of them (target: under 60 s). SQLite file by default; PostgreSQL too
    with `--backends sqlite,postgresql`.
(c) The LLM path: `--llm-digests` digests through `LLMNarrativeWriter` and the real OpenAI client
    against the stand-in answering after `--llm-delay` seconds; `compose_many(concurrency=...)`
    keeps at most that many calls in flight (measured), and a second run with a per-call timeout
    below the delay shows every digest still composed, on the template.

Options: --teams, --members, --tasks, --days, --backends, --pg-url, --concurrency, --llm-digests,
--llm-delay, --llm-concurrency, --seed. Output: a table per part, also written as JSON to
bench/results/digests-<UTC time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import random
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import structlog
from openai import AsyncOpenAI
from sqlalchemy import insert
from sqlalchemy.engine import make_url

from bot.llm import OpenAILanguageModel
from bot.sandbox import PlatformSandbox
from domain.digest import Audience, DigestRequest, DigestScope, NarrativeSource, ScopeKind
from domain.digest_facts import DigestInputs, compute_facts
from domain.model import Absence, Organization, OrganizationKind, Person, Role, Task, TaskStatus, Team, Volume
from domain.narrative import Pseudonyms
from domain.persistence import Database, upgrade
from domain.persistence.tables import AssignmentRow, ProgressReportRow
from domain.progress import WorkCalendar
from domain.proposals import Assignment, ProgressReport
from handlers.digests import compose_many, load_inputs
from handlers.narrative_writer import LLMNarrativeWriter, TemplateNarrativeWriter, digest_prompt
from handlers.ports import TextModel

JST = timedelta(hours=9)
TODAY = date(2026, 11, 27)  # a Friday
DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
SURNAMES = [
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
    "山口",
    "松本",
]
GIVEN = ["花子", "一郎", "あや", "美咲", "健太", "さくら", "大輔", "陽子", "翔", "由美", "直樹", "恵", "拓也", "真央"]
TASKS = [
    ("請求書入力", "件"),
    ("名刺データ化", "枚"),
    ("アンケート集計", "件"),
    ("商品説明文の作成", "記事"),
    ("経費精算チェック", "件"),
]
BLOCKERS = ["原本の一部が読み取れません", "入力ルールについて確認したいことがあります", "システムにログインできません"]


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - JST


class FixedClock:
    def now(self) -> datetime:
        return at(TODAY, 19)


def working_days_before(day: date, count: int) -> list[date]:
    calendar, current = WorkCalendar(), day
    days: list[date] = []
    while len(days) < count:
        if calendar.is_workday(current):
            days.append(current)
        current -= timedelta(days=1)
    return sorted(days)


def report_text(rng: random.Random, title: str, units: int, unit: str, hours: float, blocker: str) -> str:
    """A teleworker's report as people write them in LINE (what a naive prompt would paste)."""
    opening = rng.choice(["お疲れさまです。", "本日の報告です。", "こんばんは、", ""])
    body = rng.choice(
        [
            f"{title}を{units}{unit}終えました。作業時間は{hours:g}時間です。",
            f"今日は{title}、{units}{unit}まで進みました（{hours:g}時間）。",
            f"{title} {units}{unit}完了、{hours:g}時間作業しました。明日も同じくらい進める予定です。",
        ]
    )
    tail = (
        f"{blocker}。確認をお願いします。"
        if blocker
        else rng.choice(["", "よろしくお願いします。", "特に問題ありません。"])
    )
    return f"{opening}{body}{tail}"


# --- synthetic data ---------------------------------------------------------------------------------------


@dataclass
class TeamData:
    team: Team
    people: list[Person]
    tasks: list[Task]
    assignments: list[Assignment]
    reports: list[ProgressReport] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)


def make_team(
    rng: random.Random, n: int, operator: Organization, client: Organization, members: int, tasks: int, days: int
) -> TeamData:
    leader = Person(display_name=f"{rng.choice(SURNAMES)} リーダー{n}", roles=frozenset({Role.LEADER}))
    people = [
        Person(display_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}{n}-{i}", roles=frozenset({Role.TELEWORKER}))
        for i in range(members)
    ]
    team = Team(f"チーム{n:04d}", operator.id, leader.id, {p.id for p in people})
    started = working_days_before(TODAY, days)
    task_list = []
    for k in range(tasks):
        title, unit = TASKS[(n + k) % len(TASKS)]
        deadline = TODAY + timedelta(days=rng.randint(-2, 20))
        task = Task(client.id, f"{title}（{n}-{k}）", Volume(rng.randint(300, 1500), unit), deadline, leader.id)
        task.status, task.created_at = TaskStatus.IN_PROGRESS, at(started[0], 9)
        task_list.append(task)
    data = TeamData(team, [leader, *people], task_list, [])
    for i, person in enumerate(people):
        task = task_list[i % tasks]
        assert task.volume is not None
        share = task.volume.amount // max(1, sum(1 for j in range(members) if j % tasks == i % tasks))
        assignment = Assignment(client.id, task.id, person.id, share, share * 0.05, 0, at(started[0], 9))
        data.assignments.append(assignment)
        pace = rng.randint(5, 40)
        for day in started:
            if rng.random() < 0.1:
                continue  # a missed day
            units = max(0, int(rng.gauss(pace, pace / 4)))
            hours = round(units * 0.05 + rng.random(), 1)
            blocker = rng.choice(BLOCKERS) if rng.random() < 0.03 else ""
            text = report_text(rng, task.title.split("（")[0], units, task.volume.unit, hours, blocker)
            data.reports.append(
                ProgressReport(
                    client.id,
                    assignment.id,
                    person.id,
                    units,
                    0,
                    hours,
                    False,
                    blocker,
                    text,
                    "rules",
                    at(day, 17 + rng.randint(0, 4)),
                )
            )
        if rng.random() < 0.1:
            data.absences.append(Absence(person.id, TODAY, TODAY, "私用", at(TODAY - timedelta(days=1), 20)))
    return data


async def fill(database: Database, teams: list[TeamData], operator: Organization, client: Organization) -> None:
    async with database.unit_of_work() as uow:
        await uow.organizations.add(operator)
        await uow.organizations.add(client)
        await uow.commit()
    for first in range(0, len(teams), 100):
        chunk = teams[first : first + 100]
        async with database.unit_of_work() as uow:
            for data in chunk:
                for person in data.people:
                    await uow.people.add(person)
                await uow.teams.add(data.team)
                for task in data.tasks:
                    await uow.tasks.add(task)
                for absence in data.absences:
                    await uow.absences.add(absence)
            await uow.commit()
        # Assignments and reports in bulk: the repositories flush one row at a time.
        async with database.engine.begin() as conn:
            await conn.execute(
                insert(AssignmentRow),
                [
                    {
                        "id": a.id,
                        "organization_id": a.organization_id,
                        "task_id": a.task_id,
                        "person_id": a.person_id,
                        "proposal_id": None,
                        "units": a.units,
                        "hours": a.hours,
                        "earnings_yen": a.earnings_yen,
                        "accepted_at": a.accepted_at,
                    }
                    for data in chunk
                    for a in data.assignments
                ],
            )
            await conn.execute(
                insert(ProgressReportRow),
                [
                    {
                        "id": r.id,
                        "organization_id": r.organization_id,
                        "assignment_id": r.assignment_id,
                        "person_id": r.person_id,
                        "units_done": r.units_done,
                        "units_cumulative": r.units_cumulative,
                        "hours": r.hours,
                        "done": r.done,
                        "blockers": r.blockers,
                        "raw_text": r.raw_text,
                        "parser": r.parser,
                        "reported_at": r.reported_at,
                    }
                    for data in chunk
                    for r in data.reports
                ],
            )


def request_for(team: Team) -> DigestRequest:
    return DigestRequest(Audience.LEADER, DigestScope(ScopeKind.TEAM, team.id), TODAY)


# --- (a) prompt tokens -------------------------------------------------------------------------------------


def naive_prompt(data: TeamData, reports: list[ProgressReport]) -> str:
    """What a first version would send: the task list and the reports pasted with their authors."""
    names = {p.id: p.display_name for p in data.people}
    titles = {t.id: t for t in data.tasks}
    task_of = {a.id: a.task_id for a in data.assignments}
    lines = [
        "あなたはBPOチームのアシスタントです。以下の日報を読んで、リーダー向けに今日のまとめを書いてください。",
        "各案件の進捗、ペース、期限に間に合うか、困っている人、リーダーが判断すべきことを書いてください。",
        "",
        "案件:",
    ]
    for task in data.tasks:
        assert task.volume is not None
        lines.append(f"- {task.title}: {task.volume.amount}{task.volume.unit}、期限 {task.deadline}")
    lines += ["", "日報:"]
    for r in sorted(reports, key=lambda r: r.reported_at):
        local = (r.reported_at + JST).strftime("%m/%d %H:%M")
        lines.append(f"[{local}] {names[r.person_id]}（{titles[task_of[r.assignment_id]].title}）: {r.raw_text}")
    return "\n".join(lines)


async def prompt_tokens(sandbox: PlatformSandbox, prompts: dict[str, str]) -> dict[str, dict[str, int]]:
    client = AsyncOpenAI(api_key="sk-bench", base_url=sandbox.openai_base_url)
    found = {}
    try:
        for name, prompt in prompts.items():
            completion = await client.chat.completions.create(
                model="bench", messages=[{"role": "user", "content": prompt}]
            )
            assert completion.usage is not None
            found[name] = {"prompt_tokens": completion.usage.prompt_tokens, "characters": len(prompt)}
    finally:
        await client.close()
    return found


async def part_a(sandbox: PlatformSandbox, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    operator = Organization("伊那BPO", OrganizationKind.OPERATOR)
    client = Organization("松本商事", OrganizationKind.CLIENT)
    data = make_team(rng, 1, operator, client, members=30, tasks=4, days=10)
    # exactly 30 reports today: one per member (make_team skips a tenth of the days)
    today = [r for r in data.reports if (r.reported_at + JST).date() == TODAY]
    reported = {r.person_id for r in today}
    for assignment in data.assignments:
        if assignment.person_id not in reported:
            text = report_text(rng, "請求書入力", 20, "件", 1.5, "")
            extra = ProgressReport(
                client.id, assignment.id, assignment.person_id, 20, 0, 1.5, False, "", text, "rules", at(TODAY, 18)
            )
            data.reports.append(extra)
            today.append(extra)
    assert len(today) == 30, len(today)
    inputs = DigestInputs(
        data.team.name,
        data.tasks,
        data.assignments,
        data.reports,
        [p.id for p in data.people[1:]],
        data.absences,
        names={p.id: p.display_name for p in data.people},
        team_share=True,
    )
    facts = compute_facts(request_for(data.team), inputs)
    ours = digest_prompt(facts, Pseudonyms([m.name for m in facts.members]))
    usage = await prompt_tokens(
        sandbox,
        {
            "yui: facts prompt": ours,
            "naive: today's 30 reports": naive_prompt(data, today),
            f"naive: all {len(data.reports)} reports since the start": naive_prompt(data, data.reports),
        },
    )
    return {"reports_today": len(today), "reports_total": len(data.reports), "prompts": usage}


# --- (b) 1,000 teams ---------------------------------------------------------------------------------------


async def part_b(url: str, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    operator = Organization("伊那BPO", OrganizationKind.OPERATOR)
    client = Organization("松本商事", OrganizationKind.CLIENT)
    teams = [make_team(rng, n, operator, client, args.members, args.tasks, args.days) for n in range(args.teams)]
    database = Database(url)
    try:
        started = time.perf_counter()
        await fill(database, teams, operator, client)
        filled = time.perf_counter() - started
        requests = [request_for(t.team) for t in teams]
        started = time.perf_counter()
        results = await compose_many(
            requests, database.unit_of_work, TemplateNarrativeWriter(), FixedClock(), concurrency=args.concurrency
        )
        seconds = time.perf_counter() - started
        # where the time goes: loading alone, for a sample of 100 teams
        sample = requests[:100]
        started = time.perf_counter()
        for request in sample:
            async with database.unit_of_work() as uow:
                await load_inputs(request, uow)
        load_ms = (time.perf_counter() - started) * 1000 / len(sample)
    finally:
        await database.dispose()
    composed = [r for r in results if r.digest is not None]
    return {
        "backend": make_url(url).get_backend_name(),
        "teams": len(teams),
        "reports": sum(len(t.reports) for t in teams),
        "fill_seconds": round(filled, 1),
        "composed": len(composed),
        "template": sum(1 for r in composed if r.digest and r.digest.source is NarrativeSource.TEMPLATE),
        "seconds": round(seconds, 2),
        "ms_per_digest": round(seconds * 1000 / max(1, len(results)), 2),
        "load_ms_per_digest": round(load_ms, 2),
        "target_seconds": 60,
        "pass": seconds < 60 and len(composed) == len(teams),
    }


# --- (c) concurrency with an LLM ------------------------------------------------------------------------------


class Counting:
    """A TextModel proxy that counts the calls in flight."""

    def __init__(self, model: TextModel) -> None:
        self._model = model
        self.in_flight = 0
        self.most = 0
        self.calls = 0

    async def write(self, prompt: str, *, timeout: float) -> str:
        self.calls += 1
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            return await self._model.write(prompt, timeout=timeout)
        finally:
            self.in_flight -= 1


async def part_c(sandbox: PlatformSandbox, url: str, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed + 1)
    operator = Organization("伊那BPO", OrganizationKind.OPERATOR)
    client = Organization("松本商事", OrganizationKind.CLIENT)
    teams = [make_team(rng, n, operator, client, args.members, args.tasks, args.days) for n in range(args.llm_digests)]
    database = Database(url)
    sandbox.state.llm_delay_seconds = args.llm_delay
    answer: Callable[[str], str] = lambda prompt: "遅れや要注意の案件がないか、各案件のカードをご確認ください。"  # noqa: E731
    sandbox.state.llm_answer = answer
    openai_client = AsyncOpenAI(api_key="sk-bench", base_url=sandbox.openai_base_url, max_retries=0)
    runs = []
    try:
        await fill(database, teams, operator, client)
        requests = [request_for(t.team) for t in teams]
        for timeout in (args.llm_delay * 4, args.llm_delay / 2):
            model = Counting(OpenAILanguageModel(openai_client, "bench"))
            writer = LLMNarrativeWriter(model, timeout=timeout)
            started = time.perf_counter()
            results = await compose_many(
                requests, database.unit_of_work, writer, FixedClock(), concurrency=args.llm_concurrency
            )
            seconds = time.perf_counter() - started
            sources = [r.digest.source.value for r in results if r.digest is not None]
            runs.append(
                {
                    "timeout_s": timeout,
                    "digests": len(results),
                    "llm_calls": model.calls,
                    "most_in_flight": model.most,
                    "narrative_llm": sources.count("llm"),
                    "narrative_template": sources.count("template"),
                    "seconds": round(seconds, 2),
                    "serial_would_take_s": round(len(requests) * min(args.llm_delay, timeout), 1),
                }
            )
    finally:
        await openai_client.close()
        await database.dispose()
    return {"delay_s": args.llm_delay, "concurrency": args.llm_concurrency, "runs": runs}


# --- running ---------------------------------------------------------------------------------------------------


async def pg_database(admin_url: str) -> tuple[str, Callable[[], Awaitable[None]]]:
    """A fresh PostgreSQL database for one run, and the function that drops it."""
    url = make_url(admin_url)
    name = f"yui_bench_digests_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(
            host=url.host, port=url.port or 5432, user=url.username, password=url.password, database=url.database
        )
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    async def drop() -> None:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    await admin(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False), drop


def show_a(a: dict[str, Any]) -> None:
    print(f"(a) prompt tokens, a team of 30: {a['reports_today']} reports today, {a['reports_total']} since the start")
    ours = a["prompts"]["yui: facts prompt"]["prompt_tokens"]
    for name, usage in a["prompts"].items():
        tokens, chars = usage["prompt_tokens"], usage["characters"]
        print(f"    {name:<45} {tokens:>7} tokens {chars:>7} chars  ×{tokens / ours:.2f}")


def show_b(b: dict[str, Any]) -> None:
    verdict = "PASS" if b["pass"] else "FAIL"
    print(
        f"(b) {b['teams']} teams on {b['backend']} ({b['reports']} reports): {b['seconds']} s for all, "
        f"{b['ms_per_digest']} ms a digest (loading alone {b['load_ms_per_digest']} ms), "
        f"{b['composed']} composed: {verdict} (< 60 s). Filled in {b['fill_seconds']} s."
    )


def show_c(c: dict[str, Any]) -> None:
    print(f"(c) LLM stand-in answering in {c['delay_s']} s, concurrency {c['concurrency']}:")
    for run in c["runs"]:
        print(
            f"    timeout {run['timeout_s']} s: {run['digests']} digests, {run['llm_calls']} calls, "
            f"at most {run['most_in_flight']} in flight, narratives {run['narrative_llm']} LLM / "
            f"{run['narrative_template']} template, {run['seconds']} s (one at a time: {run['serial_would_take_s']} s)"
        )


async def main(args: argparse.Namespace) -> int:
    # The fallbacks of run (c) are expected; keep the table readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "options": vars(args),
    }
    sandbox = PlatformSandbox()
    await sandbox.start()
    ok = True
    try:
        results["a_prompt_tokens"] = await part_a(sandbox, args.seed)
        show_a(results["a_prompt_tokens"])
        backends = args.backends.split(",")
        for backend in backends:
            with tempfile.TemporaryDirectory() as tmp:
                drop: Callable[[], Awaitable[None]] | None = None
                if backend == "sqlite":
                    url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
                else:
                    url, drop = await pg_database(args.pg_url)
                try:
                    await asyncio.to_thread(upgrade, url)
                    b = await part_b(url, args)
                    results[f"b_{backend}"] = b
                    ok = ok and bool(b["pass"])
                    show_b(b)
                    if backend == backends[0]:
                        results["c_llm"] = await part_c(sandbox, url, args)
                        show_c(results["c_llm"])
                finally:
                    if drop is not None:
                        await drop()
    finally:
        await sandbox.stop()
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    path = out / f"digests-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"written to {path}")
    return 0 if ok else 1


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=2)
    parser.add_argument("--days", type=int, default=10, help="working days of reports before today, today included")
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("YUI_BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--concurrency", type=int, default=8, help="compose_many limit for (b)")
    parser.add_argument("--llm-digests", type=int, default=64)
    parser.add_argument("--llm-delay", type=float, default=0.5, help="seconds the stand-in takes to answer")
    parser.add_argument("--llm-concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse())))
