"""Persistence against real databases: migrations, repositories and the group-commit inbox."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from domain.model import Identity, Organization, OrganizationKind, Person, Role, Task, Team, Volume, WorkerProfile
from domain.persistence import Database, InboundEvent, Outcome, upgrade
from domain.refs import Locale, PersonRef, Platform


def _event(event_id: str) -> InboundEvent:
    return InboundEvent(Platform.LINE, event_id, '{"type": "message"}', datetime.now(UTC))


MIGRATIONS = Path(__file__).resolve().parents[2] / "domain" / "persistence" / "migrations" / "versions"


async def test_schema_is_at_head_and_upgrade_is_idempotent(database_url: str) -> None:
    await asyncio.to_thread(upgrade, database_url)  # running it again changes nothing
    database = Database(database_url)
    status = await database.schema_status()
    await database.dispose()
    newest = max(path.name[:4] for path in MIGRATIONS.glob("[0-9]*.py"))  # revisions are numbered files
    assert status.up_to_date and status.current == status.head == newest


async def test_concurrent_claims_store_each_event_once(database_url: str) -> None:
    database = Database(database_url)
    inbox = database.inbox()
    await inbox.start()
    ids = [uuid.uuid4().hex for _ in range(100)]
    results = await asyncio.gather(*(inbox.claim(_event(i)) for i in ids + ids))  # every id twice, concurrently
    await inbox.stop()
    await database.dispose()
    assert sum(results) == 100
    assert all(results[k] != results[k + 100] for k in range(100))  # exactly one of the two copies is new


async def test_two_writers_on_one_database_never_both_accept_an_event(database_url: str) -> None:
    """Two inboxes = two server processes: the unique constraint decides, not process memory."""
    databases = [Database(database_url), Database(database_url)]
    inboxes = [d.inbox() for d in databases]
    for inbox in inboxes:
        await inbox.start()
    ids = [uuid.uuid4().hex for _ in range(50)]
    first, second = await asyncio.gather(
        asyncio.gather(*(inboxes[0].claim(_event(i)) for i in ids)),
        asyncio.gather(*(inboxes[1].claim(_event(i)) for i in ids)),
    )
    for inbox in inboxes:
        await inbox.stop()
    for database in databases:
        await database.dispose()
    assert [a + b for a, b in zip(first, second, strict=True)] == [1] * 50


async def test_outcomes_are_written_with_the_next_batch(database_url: str) -> None:
    database = Database(database_url)
    inbox = database.inbox()
    await inbox.start()
    event_id = uuid.uuid4().hex
    assert await inbox.claim(_event(event_id))
    pending_before = await inbox.pending_count()
    inbox.finish(Platform.LINE, event_id, Outcome.HANDLED)
    await inbox.stop()  # flushes
    pending_after = await inbox.pending_count()
    await database.dispose()
    assert pending_after == pending_before - 1


async def test_repositories_round_trip(database_url: str) -> None:
    database = Database(database_url)
    team_id = "T" + uuid.uuid4().hex[:8]
    org = Organization(name="ABC商事", kind=OrganizationKind.CLIENT, slack_team_id=team_id)
    leader = Person(display_name="山田", locale=Locale.JA, roles=frozenset({Role.LEADER}))
    leader.add_identity(Identity(PersonRef(Platform.LINE, "Ubot", "U" + uuid.uuid4().hex), "山田"))
    member = Person(display_name="Hana", locale=Locale.EN)
    task = Task(
        organization_id=org.id,
        title="請求書入力",
        volume=Volume(200, "件"),
        deadline=date(2026, 12, 5),
        created_by=leader.id,
        skills=frozenset({"データ入力", "Excel"}),
        budget_yen=60_000,
    )
    async with database.unit_of_work() as uow:
        await uow.organizations.add(org)
        await uow.people.add(leader)
        await uow.people.add(member)
        await uow.profiles.save(
            WorkerProfile(
                person_id=member.id,
                skills=frozenset({"翻訳"}),
                weekly_hours=12,
                region="北海道 東川町",
                annual_earnings_cap_yen=1_030_000,
            )
        )
        await uow.teams.add(
            Team(name="東川チーム", organization_id=org.id, leader_id=leader.id, member_ids={member.id})
        )
        await uow.tasks.add(task)
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert (await uow.organizations.by_slack_team(team_id)) == org
        loaded = await uow.people.by_identity(leader.identities[0].ref)
        assert loaded == leader
        profile = await uow.profiles.get(member.id)
        assert profile is not None and profile.annual_earnings_cap_yen == 1_030_000
        [stored_task] = await uow.tasks.for_organization(org.id)
        assert stored_task.volume == Volume(200, "件") and stored_task.skills == {"データ入力", "Excel"}
    async with database.unit_of_work() as uow:  # leaving without commit rolls back
        await uow.people.add(Person(display_name="消える人"))
    await database.dispose()


async def test_drafts_with_missing_fields_survive_and_the_change_log_is_kept(database_url: str) -> None:
    from domain.model import ChangeKind, TaskStatus

    database = Database(database_url)
    org = Organization(name="ABC商事", kind=OrganizationKind.CLIENT, slack_team_id="T" + uuid.uuid4().hex[:8])
    client = Person(display_name="田中", organization_id=org.id)
    draft = Task(organization_id=org.id, title="", volume=None, deadline=None, created_by=client.id)
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    draft.record_draft(client.id, at)
    async with database.unit_of_work() as uow:
        await uow.organizations.add(org)
        await uow.people.add(client)
        await uow.tasks.add(draft)
        await uow.commit()
    async with database.unit_of_work() as uow:  # as after a restart: a fresh session
        stored = await uow.tasks.get(org.id, draft.id)
        assert (
            stored is not None
            and stored.status is TaskStatus.DRAFT
            and stored.missing
            == (
                "title",
                "volume",
                "deadline",
            )
        )
        stored.edit(client.id, at, title="請求書入力", volume=Volume(200, "件"), deadline=date(2026, 12, 4))
        stored.register(client.id, at)
        stored.cancel(client.id, at, "発注が取り消されました")
        await uow.tasks.save(stored)
        await uow.commit()
    async with database.unit_of_work() as uow:
        history = await uow.tasks.history(org.id, draft.id)
        final = await uow.tasks.get(org.id, draft.id)
        assert await uow.tasks.for_organization(org.id, active_only=True) == []
    await database.dispose()
    assert [c.kind for c in history] == [
        ChangeKind.DRAFTED,
        ChangeKind.EDITED,
        ChangeKind.REGISTERED,
        ChangeKind.CANCELLED,
    ]
    assert {f.field for f in history[1].fields} == {"title", "volume", "deadline"}
    assert history[-1].by == client.id and history[-1].at == at and history[-1].reason == "発注が取り消されました"
    assert final is not None and final.status is TaskStatus.CANCELLED


async def test_a_task_is_only_found_inside_its_own_organisation(database_url: str) -> None:
    database = Database(database_url)
    mine = Organization(name="A社", kind=OrganizationKind.CLIENT, slack_team_id="T" + uuid.uuid4().hex[:8])
    theirs = Organization(name="B社", kind=OrganizationKind.CLIENT, slack_team_id="T" + uuid.uuid4().hex[:8])
    owner = Person(display_name="A", organization_id=mine.id)
    task = Task(
        organization_id=mine.id, title="入力", volume=Volume(1, "件"), deadline=date(2026, 12, 1), created_by=owner.id
    )
    async with database.unit_of_work() as uow:
        await uow.organizations.add(mine)
        await uow.organizations.add(theirs)
        await uow.people.add(owner)
        await uow.tasks.add(task)
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.tasks.get(theirs.id, task.id) is None
        assert await uow.tasks.for_organization(theirs.id) == []
        assert await uow.tasks.history(theirs.id, task.id) == []
        found = await uow.tasks.get(mine.id, task.id)
        assert found is not None and found.id == task.id and found.title == "入力"
    await database.dispose()
