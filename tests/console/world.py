"""A small programme for the console tests: two client organisations, a coordinator, a client
member of each, a team leader with two members, and work with reports over the last weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.model import (
    Absence,
    Identity,
    Organization,
    OrganizationKind,
    Person,
    Role,
    Task,
    TaskStatus,
    Team,
    TeamShape,
    TimeWindow,
    Volume,
    WorkerProfile,
)
from domain.persistence import Database
from domain.proposals import Assignment, ProgressReport
from domain.refs import PersonRef, Platform


@dataclass(frozen=True)
class World:
    coordinator: Person
    client_a: Person
    client_b: Person
    leader: Person
    worker: Person
    other: Person
    team: Team
    task_a: Task
    task_b: Task


async def build_world(database: Database, now: datetime) -> World:
    tokyo = Organization("東京商事", OrganizationKind.CLIENT, slack_team_id="TA", region="東京都")
    ina = Organization("伊那精密", OrganizationKind.LOCAL_COMPANY, slack_team_id="TB", region="長野県伊那市")
    coordinator = Person("佐藤 コーディ", roles=frozenset({Role.COORDINATOR}))
    client_a = Person(
        "田中 依頼",
        roles=frozenset({Role.CLIENT_MEMBER}),
        organization_id=tokyo.id,
        identities=[Identity(PersonRef(Platform.SLACK, "TA", "UA1"), "田中")],
    )
    client_b = Person("伊藤 依頼", roles=frozenset({Role.CLIENT_MEMBER}), organization_id=ina.id)
    leader = Person("山本 健", roles=frozenset({Role.LEADER, Role.TELEWORKER}))
    worker = Person("小林 ゆき", roles=frozenset({Role.TELEWORKER}))
    other = Person("加藤 みどり", roles=frozenset({Role.TELEWORKER}))
    team = Team("駒ヶ根チーム", tokyo.id, leader.id, {worker.id})
    task_a = Task(
        organization_id=tokyo.id,
        title="請求書入力",
        volume=Volume(200, "件"),
        deadline=(now + timedelta(days=10)).date(),
        created_by=client_a.id,
        shape=TeamShape.INDIVIDUAL,
        rate_yen=30,
        rate_unit="件",
        status=TaskStatus.IN_PROGRESS,
        created_at=now - timedelta(days=14),
        skills=frozenset({"data_entry"}),
    )
    task_b = Task(
        organization_id=ina.id,
        title="図面チェック",
        volume=Volume(40, "枚"),
        deadline=(now + timedelta(days=3)).date(),
        created_by=client_b.id,
        status=TaskStatus.OPEN,
        created_at=now - timedelta(days=2),
    )
    async with database.unit_of_work() as uow:
        for organization in (tokyo, ina):
            await uow.organizations.add(organization)
        for person in (coordinator, client_a, client_b, leader, worker, other):
            await uow.people.add(person)
        await uow.profiles.save(
            WorkerProfile(
                worker.id,
                skills=frozenset({"data_entry"}),
                weekly_hours=20,
                time_windows=frozenset({TimeWindow.WEEKDAY_MORNING}),
                region="長野県駒ヶ根市",
                constraints="子どもの送迎で15時まで",
                annual_earnings_cap_yen=1_030_000,
            )
        )
        await uow.profiles.save(WorkerProfile(other.id, weekly_hours=10, region="長野県伊那市"))
        await uow.profiles.save(WorkerProfile(leader.id, weekly_hours=30, region="長野県駒ヶ根市"))
        await uow.teams.add(team)
        await uow.tasks.add(task_a)
        await uow.tasks.add(task_b)
        share = Assignment(tokyo.id, task_a.id, worker.id, 200, 40.0, 6000, now - timedelta(days=13))
        await uow.assignments.add(share)
        total = 0
        for day in range(12, 0, -1):
            done = 10 + day % 4
            total += done
            await uow.reports.add(
                ProgressReport(
                    tokyo.id,
                    share.id,
                    worker.id,
                    done,
                    total,
                    2.0,
                    False,
                    "取引先コードなし3件" if day == 2 else "",
                    f"請求書 {done}件入力しました",
                    "rules-v1",
                    now - timedelta(days=day),
                )
            )
        await uow.absences.add(
            Absence(worker.id, (now + timedelta(days=1)).date(), (now + timedelta(days=2)).date(), "子どもの発熱", now)
        )
        await uow.commit()
    return World(coordinator, client_a, client_b, leader, worker, other, team, task_a, task_b)
