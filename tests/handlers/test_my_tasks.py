"""自分の案件 through the bus, on SQLite and PostgreSQL: the deadline on the person's own clock, paused
and finished shares, and the answer when there is nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from domain.model import (
    Identity,
    Organization,
    OrganizationKind,
    Person,
    Role,
    Task,
    TaskStatus,
    Volume,
    WorkerProfile,
)
from domain.persistence import Database
from domain.proposals import Assignment, ProgressReport
from domain.refs import ChatRef, Locale, PersonRef, Platform, ReplyHandle
from handlers.bootstrap import bootstrap
from handlers.commands import HandleMessage
from handlers.messagebus import MessageBus
from handlers.ports import OutgoingMessage
from tests.handlers.fakes import FakeDirectory, FakeLLM, FakeNotifier, FixedClock

BOT = "U" + "c" * 32


@dataclass
class World:
    bus: MessageBus
    database: Database
    notifier: FakeNotifier

    async def worker(self, name: str, *, timezone: str = "Asia/Tokyo", locale: Locale = Locale.JA) -> Person:
        person = Person(display_name=name, locale=locale, timezone=timezone, roles=frozenset({Role.TELEWORKER}))
        person.add_identity(Identity(PersonRef(Platform.LINE, BOT, "U" + uuid.uuid4().hex), name))
        async with self.database.unit_of_work() as uow:
            await uow.people.add(person)
            await uow.profiles.save(WorkerProfile(person.id, weekly_hours=10))
            await uow.commit()
        return person

    async def assign(
        self, person: Person, title: str, due: date, *, status: TaskStatus, units: int = 40, reported: int = 0
    ) -> Assignment:
        org = Organization(name="取引先", kind=OrganizationKind.CLIENT)
        client = Person(display_name="発注", organization_id=org.id)
        task = Task(org.id, title, Volume(units, "件"), due, client.id, status=status)
        assignment = Assignment(org.id, task.id, person.id, units, 2.0, 1000, datetime(2026, 11, 20, tzinfo=UTC))
        async with self.database.unit_of_work() as uow:
            await uow.organizations.add(org)
            await uow.people.add(client)
            await uow.tasks.add(task)
            await uow.assignments.add(assignment)
            if reported:
                at = datetime(2026, 11, 22, tzinfo=UTC)
                report = ProgressReport(
                    org.id, assignment.id, person.id, reported, reported, None, False, "", "", "r", at
                )
                await uow.reports.add(report)
            await uow.commit()
        return assignment

    async def my_tasks(self, person: Person, text: str = "自分の案件") -> OutgoingMessage:
        identity = person.identity_on(Platform.LINE)
        assert identity is not None
        chat = ChatRef(Platform.LINE, BOT, identity.ref.user_id)
        reply = ReplyHandle(uuid.uuid4().hex, datetime.now(UTC))
        await self.bus.handle(HandleMessage(identity.ref, chat, reply, None, text=text))
        return self.notifier.sent[-1]


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    database = Database(database_url)
    notifier = FakeNotifier()
    bus = bootstrap(
        uow_factory=database.unit_of_work,
        notifier=notifier,
        directory=FakeDirectory(),
        llm=FakeLLM(),
        clock=FixedClock(),  # Mon 23 Nov 2026 09:00 UTC (18:00 in Tokyo)
    )
    yield World(bus, database, notifier)
    await database.dispose()


def _fields(message: OutgoingMessage, index: int = 0) -> dict[str, str]:
    return {f.label: f.value for f in message.cards[index].fields}


async def test_someone_abroad_reads_the_deadline_on_their_own_clock(world: World) -> None:
    london = await world.worker("Emma", timezone="Europe/London", locale=Locale.EN)
    await world.assign(london, "Receipts", date(2026, 11, 25), status=TaskStatus.MATCHED)
    answer = await world.my_tasks(london, "my tasks")
    # The end of 25 Nov in Tokyo is 14:59 on 25 Nov in London; today there is 23 Nov.
    assert _fields(answer)["Due"] == "Wed 2026-11-25 14:59 (2 days left)"
    tokyo = await world.worker("花子")
    await world.assign(tokyo, "請求書入力", date(2026, 11, 23), status=TaskStatus.IN_PROGRESS)
    assert _fields(await world.my_tasks(tokyo))["締切"] == "2026/11/23（月）（今日まで）"


async def test_paused_work_has_no_report_button_and_finished_shares_say_so(world: World) -> None:
    hana = await world.worker("花子")
    await world.assign(hana, "止まっている案件", date(2026, 11, 30), status=TaskStatus.PAUSED)
    await world.assign(hana, "終わった分", date(2026, 12, 5), status=TaskStatus.IN_PROGRESS, reported=40)
    await world.assign(hana, "過ぎた案件", date(2026, 11, 20), status=TaskStatus.IN_PROGRESS, reported=5)
    answer = await world.my_tasks(hana, "案件一覧")
    assert answer.text == "あなたの案件（3件）" and answer.reply is not None
    assert [c.header for c in answer.cards] == ["過ぎた案件", "止まっている案件", "終わった分"]
    late, paused, done = answer.cards
    assert _fields(answer, 0)["締切"] == "2026/11/20（金）（締切を過ぎています）"
    assert late.note == "残り35件" and late.percent == 12
    assert paused.actions == () and paused.note.startswith("発注元が一時停止しています")
    assert done.percent == 100 and done.note == "担当分はすべて報告済みです。おつかれさまでした！"


async def test_nothing_assigned_is_said_kindly_with_what_they_can_do(world: World) -> None:
    hana = await world.worker("花子")
    await world.assign(hana, "取り消された案件", date(2026, 11, 30), status=TaskStatus.CANCELLED)
    answer = await world.my_tasks(hana)
    assert answer.cards == () and answer.text.startswith("いま担当している案件はありません。")
    assert [q.text for q in answer.quick_replies] == ["プロフィール", "休みの連絡"]
