"""Digest delivery benchmark (issue 7): `python -m bench.digest_delivery` (not part of the test run).

What the 5-minute job itself costs, apart from composing (bench/digests.py measures that): for
`--teams` teams, each with its own leader on Slack, due at 18:00 Tokyo,

- the run at 18:05: find who is due, claim each digest in the database (its own transaction),
  "send" it (a notifier that only counts) and store it as sent, `--concurrency` at once;
- the next run at 18:10: everyone is due and everything is stored, so nothing is claimed or sent;
  this is the cost the job pays every 5 minutes of the day.

The digest content is a fixed stand-in (no facts computed, no LLM), so the figures are the
scheduling, claiming and storing alone. SQLite file by default; `--backends sqlite,postgresql`.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from domain.digest import Digest, DigestFacts, DigestRequest, NarrativeSource
from domain.model import Identity, Organization, OrganizationKind, Person, Role, Team
from domain.persistence import Database, upgrade
from domain.ports import UnitOfWork
from domain.refs import ChatRef, PersonRef, Platform
from handlers.digest_delivery import send_due
from handlers.ports import OutgoingMessage, SentMessage

AT_1805_JST = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)  # a Tuesday


class Clock:
    def __init__(self, now: datetime) -> None:
        self.value = now

    def now(self) -> datetime:
        return self.value


class CountingNotifier:
    def __init__(self) -> None:
        self.sent = 0

    async def send(self, message: OutgoingMessage) -> SentMessage | None:
        self.sent += 1
        return SentMessage(message.chat, f"1700000000.{self.sent:06d}")

    async def update(self, ref: SentMessage, message: OutgoingMessage) -> None:
        return None

    async def publish_home(self, person: PersonRef, message: OutgoingMessage) -> None:
        return None


class FixedContent:
    async def compose(self, request: DigestRequest, uow: UnitOfWork) -> Digest:
        return Digest(DigestFacts(request, "team", (), (), (), ()), "narrative", NarrativeSource.TEMPLATE)

    def messages(self, digest: Digest, chat: ChatRef) -> tuple[OutgoingMessage, tuple[OutgoingMessage, ...]]:
        return OutgoingMessage(chat=chat, text="summary"), (OutgoingMessage(chat=chat, text="details"),)

    def text(self, digest: Digest) -> str:
        return "summary"

    def to_json(self, digest: Digest) -> dict[str, object]:
        return {}


async def _fill(database: Database, teams: int) -> None:
    async with database.unit_of_work() as uow:
        operator = Organization(name="operator", kind=OrganizationKind.OPERATOR)
        await uow.organizations.add(operator)
        for n in range(teams):
            leader = Person(display_name=f"leader {n}", roles=frozenset({Role.LEADER}))
            leader.add_identity(Identity(PersonRef(Platform.SLACK, "TBENCH", f"U{n:06d}"), f"leader {n}"))
            await uow.people.add(leader)
            await uow.teams.add(Team(f"team {n}", operator.id, leader.id))
        await uow.commit()


async def _run(url: str, teams: int, concurrency: int) -> tuple[int, float, float]:
    database = Database(url)
    try:
        await _fill(database, teams)
        clock, notifier, content = Clock(AT_1805_JST), CountingNotifier(), FixedContent()
        started = time.perf_counter()
        run = await send_due(database.unit_of_work, notifier, content, clock, concurrency=concurrency)
        first = time.perf_counter() - started
        clock.value = AT_1805_JST.replace(minute=10)
        started = time.perf_counter()
        again = await send_due(database.unit_of_work, notifier, content, clock, concurrency=concurrency)
        idle = time.perf_counter() - started
        assert again.sent == () and len(run.sent) == teams, "every leader once, nothing on the next run"
        return len(run.sent), first, idle
    finally:
        await database.dispose()


async def _pg(admin_url: str, sql: str) -> None:
    url = make_url(admin_url)
    conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username, database=url.database)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _measure(url: str, teams: int, concurrency: int) -> tuple[int, float, float]:
    upgrade(url)  # Alembic runs its own event loop: before ours
    return asyncio.run(_run(url, teams, concurrency))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--pg-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    print(f"{'backend':<11} {'digests':>8} {'18:05 run (s)':>14} {'per digest (ms)':>16} {'18:10 run (s)':>14}")
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                sent, first, idle = _measure(
                    f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", args.teams, args.concurrency
                )
        else:
            name = f"yui_bench_{uuid.uuid4().hex[:8]}"
            asyncio.run(_pg(args.pg_url, f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
                sent, first, idle = _measure(url, args.teams, args.concurrency)
            finally:
                asyncio.run(_pg(args.pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        print(f"{backend:<11} {sent:>8} {first:>14.2f} {first / max(sent, 1) * 1000:>16.1f} {idle:>14.2f}")


if __name__ == "__main__":
    main()
