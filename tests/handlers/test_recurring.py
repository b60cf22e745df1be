"""Issue 3 through the bus, on SQLite and PostgreSQL (a database of its own per test, so the matching
pool holds only these people): a recurring task's next occurrence keeps its assignees, each is told
in LINE with a decline button; a decline frees the share and the client gets proposals for it; the
task card names its assignees; a second workspace sees none of it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from domain.matching import Reasons
from domain.model import (
    ChangeKind,
    Identity,
    Organization,
    OrganizationKind,
    Person,
    Recurrence,
    Role,
    Task,
    TaskStatus,
    Volume,
    WorkerProfile,
)
from domain.persistence import Database
from domain.proposals import ProgressReport, Proposal, ProposalStatus
from domain.refs import ChatRef, PersonRef, Platform, ReplyHandle
from handlers.bootstrap import bootstrap
from handlers.buttons import carried_decline
from handlers.commands import (
    ChangeTaskStatus,
    DeclineCarriedShare,
    HandleMessage,
    ListTasks,
    ProposeCandidates,
    ShowHome,
    StatusChange,
)
from handlers.events import CandidatesProposed, CarriedShareDeclined
from handlers.jobs import ROLL_RECURRING_TASKS, JobRunner, RunJob
from handlers.messagebus import MessageBus
from handlers.ports import OutgoingMessage
from handlers.tasks import roll_recurring
from tests.handlers.fakes import FakeDirectory, FakeLLM, FakeNotifier, FixedClock

LINE_BOT = "U" + "b" * 32
CARRIED_DECLINE_PREFIX = carried_decline("")  # the postback data without its proposal id


@dataclass
class World:
    bus: MessageBus
    database: Database
    notifier: FakeNotifier
    org: Organization
    client: PersonRef
    weekly: Task
    workers: dict[str, PersonRef]

    async def roll(self) -> list[Task]:
        return await roll_recurring(self.database.unit_of_work(), FixedClock(), self.notifier)

    def line_to(self, name: str) -> list[OutgoingMessage]:
        user = self.workers[name].user_id
        return [m for m in self.notifier.sent if m.chat.platform is Platform.LINE and m.chat.channel_id == user]

    def decline(self, name: str, proposal_id: str) -> DeclineCarriedShare:
        ref = self.workers[name]
        chat = ChatRef(Platform.LINE, LINE_BOT, ref.user_id)
        return DeclineCarriedShare(ref, chat, ReplyHandle(uuid.uuid4().hex, datetime.now(UTC)), None, proposal_id)


async def _worker(database: Database, name: str) -> tuple[Person, PersonRef]:
    ref = PersonRef(Platform.LINE, LINE_BOT, "U" + uuid.uuid4().hex)
    person = Person(display_name=name, roles=frozenset({Role.TELEWORKER}))
    person.add_identity(Identity(ref, name))
    async with database.unit_of_work() as uow:
        await uow.people.add(person)
        await uow.profiles.save(WorkerProfile(person.id, skills=frozenset({"data_entry"}), weekly_hours=20))
        await uow.commit()
    return person, ref


@pytest.fixture
async def world(empty_database_url: str) -> AsyncIterator[World]:
    database = Database(empty_database_url)
    notifier = FakeNotifier()
    bus = bootstrap(
        uow_factory=database.unit_of_work,
        notifier=notifier,
        directory=FakeDirectory(),
        llm=FakeLLM(),
        clock=FixedClock(),
    )
    org = Organization(name="定期便", kind=OrganizationKind.CLIENT, slack_team_id="T" + uuid.uuid4().hex[:8].upper())
    client_ref = PersonRef(Platform.SLACK, org.slack_team_id or "", "W" + uuid.uuid4().hex[:8].upper())
    client = Person(display_name="田中", organization_id=org.id, roles=frozenset({Role.CLIENT_MEMBER}))
    client.add_identity(Identity(client_ref, "田中"))
    weekly = Task(
        organization_id=org.id,
        title="週次の経費入力",
        volume=Volume(100, "件"),
        deadline=date(2026, 11, 20),  # last Friday: FixedClock is Mon 23 Nov 2026
        created_by=client.id,
        skills=frozenset({"data_entry"}),
        recurrence=Recurrence.WEEKLY,
        status=TaskStatus.MATCHED,
    )
    async with database.unit_of_work() as uow:
        await uow.organizations.add(org)
        await uow.people.add(client)
        await uow.tasks.add(weekly)
        await uow.commit()
    workers: dict[str, PersonRef] = {}
    at = datetime(2026, 11, 13, 9, 0, tzinfo=UTC)
    for name, units in (("青木 あや", 60), ("山田 太郎", 40), ("佐藤 花子", 0)):
        person, ref = await _worker(database, name)
        workers[name] = ref
        if not units:
            continue  # 佐藤 is free: the one proposed when a share is given back
        offer = Proposal(org.id, weekly.id, person.id, units, units * 0.05, units * 30, 0.8, 1, _reasons(weekly), at)
        offer.approve(client.id)
        offer.offer(at)
        async with database.unit_of_work() as uow:
            await uow.proposals.add(offer)
            await uow.assignments.add(offer.accept(at))
            await uow.commit()
    yield World(bus, database, notifier, org, client_ref, weekly, workers)
    await database.dispose()


def _reasons(task: Task) -> Reasons:
    assert task.deadline is not None
    return Reasons((), 20.0, task.deadline, 0.0, 0, 0, 0, 1)


async def _successor(world: World) -> Task:
    async with world.database.unit_of_work() as uow:
        [task] = [t for t in await uow.tasks.for_organization(world.org.id) if t.previous_id == world.weekly.id]
    return task


async def test_the_next_occurrence_keeps_its_assignees_and_tells_each_in_line(world: World) -> None:
    [created] = await world.roll()
    assert created.deadline == date(2026, 11, 27) and created.status is TaskStatus.MATCHED
    async with world.database.unit_of_work() as uow:
        shares = await uow.assignments.for_task(world.org.id, created.id)
        proposals = await uow.proposals.for_task(world.org.id, created.id)
        history = await uow.tasks.history(world.org.id, created.id)
        names = {p.id: p.display_name for p in await uow.people.all()}
    assert sorted((names[a.person_id], a.units, a.earnings_yen) for a in shares) == [
        ("山田 太郎", 40, 1200),
        ("青木 あや", 60, 1800),
    ]
    assert {p.status for p in proposals} == {ProposalStatus.ACCEPTED}
    assert [c.kind for c in history] == [ChangeKind.RECURRED, ChangeKind.MATCHED] and history[1].by is None

    [told] = world.line_to("山田 太郎")
    assert told.header == "定期案件の次の回"
    assert told.text.startswith("「週次の経費入力」の次の回が始まります。前回と同じく、あなたの担当は40件です。")
    assert {f.label: f.value for f in told.fields}["締切"] == "2026/11/27（金）"
    [decline] = told.actions
    assert decline.label == "今回は辞退する" and decline.value.startswith(CARRIED_DECLINE_PREFIX)
    assert len(decline.value) <= 300
    assert world.line_to("佐藤 花子") == []

    assert await world.roll() == []  # the same slot again: nothing new, nobody told twice
    assert len(world.line_to("山田 太郎")) == 1


async def test_a_decline_frees_the_share_and_the_client_gets_proposals_for_it(world: World) -> None:
    [created] = await world.roll()
    [told] = world.line_to("山田 太郎")
    proposal_id = told.actions[0].value.removeprefix(CARRIED_DECLINE_PREFIX)

    # Someone else's button data does nothing to 山田's share.
    assert await world.bus.handle(world.decline("佐藤 花子", proposal_id)) == []
    assert world.notifier.sent[-1].text.startswith("この担当はすでに外れているか")

    events = await world.bus.handle(world.decline("山田 太郎", proposal_id))
    assert isinstance(events[0], CarriedShareDeclined) and events[0].units == 40
    assert any(isinstance(e, CandidatesProposed) for e in events)
    [answer] = [m for m in world.line_to("山田 太郎") if m is not told]
    assert answer.text.startswith(
        "承知しました。「週次の経費入力」（締切 2026/11/27（金））の今回の担当40件から外れました。"
    )
    assert answer.reply is not None  # the free reply token

    task = await _successor(world)
    async with world.database.unit_of_work() as uow:
        shares = await uow.assignments.for_task(world.org.id, created.id)
        proposals = {p.id: p for p in await uow.proposals.for_task(world.org.id, created.id)}
    assert task.status is TaskStatus.OPEN and [a.units for a in shares] == [60]
    assert proposals[proposal_id].status is ProposalStatus.DECLINED

    # The client's proposal card: the freed 40 units, 佐藤 proposed; neither 山田 nor 青木 again.
    [card] = [m for m in world.notifier.sent if m.chat.platform is Platform.SLACK and m.header.startswith("候補の提案")]
    assert card.chat.channel_id == world.client.user_id  # no updates channel: a DM to its author
    assert "佐藤 花子" in card.text and "山田" not in card.text and "青木" not in card.text

    # A second tap on the same button: nothing to decline any more.
    await world.bus.handle(world.decline("山田 太郎", proposal_id))
    assert world.notifier.sent[-1].text.startswith("この担当はすでに外れているか")

    # The task card names who holds the work (no longer 未割当).
    chat = ChatRef(Platform.SLACK, world.client.workspace, "C0ORDERS")
    pause = ChangeTaskStatus(world.client, chat, None, None, task_id=task.id, change=StatusChange.PAUSE, card=None)
    await world.bus.handle(pause)
    [card] = [m for m in world.notifier.sent if m.chat == chat and m.header == "案件"]
    assert {f.label: f.value for f in card.fields}["担当"] == "青木 あや（60件）"


async def test_work_already_reported_on_cannot_be_declined_from_the_button(world: World) -> None:
    [created] = await world.roll()
    [told] = world.line_to("青木 あや")
    proposal_id = told.actions[0].value.removeprefix(CARRIED_DECLINE_PREFIX)
    async with world.database.unit_of_work() as uow:
        [share] = [a for a in await uow.assignments.for_task(world.org.id, created.id) if a.units == 60]
        now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        await uow.reports.add(
            ProgressReport(world.org.id, share.id, share.person_id, 10, 10, None, False, "", "10件", "rules", now)
        )
        await uow.commit()
    assert await world.bus.handle(world.decline("青木 あや", proposal_id)) == []
    assert world.notifier.sent[-1].text.startswith("「週次の経費入力」はもう報告が始まっているため")
    async with world.database.unit_of_work() as uow:
        assert len(await uow.assignments.for_task(world.org.id, created.id)) == 2


async def test_another_workspace_sees_none_of_it_in_home_lists_or_search(world: World) -> None:
    await world.roll()
    other = PersonRef(Platform.SLACK, "T" + uuid.uuid4().hex[:8].upper(), "W" + uuid.uuid4().hex[:8].upper())
    chat = ChatRef(Platform.SLACK, other.workspace, "C0OTHER")
    before = len(world.notifier.sent)
    await world.bus.handle(ListTasks(other, chat, None, None))
    await world.bus.handle(ShowHome(other, chat, None, None))
    await world.bus.handle(ProposeCandidates(other, chat, None, None, task="経費"))
    await world.bus.handle(ProposeCandidates(other, chat, None, None, task=world.weekly.id))
    seen = [m.text for m in world.notifier.sent[before:]] + [h.text for _, h in world.notifier.homes]
    assert len(seen) == 4 and not any("経費" in text or "青木" in text for text in seen)
    # The owner's own list does show it, with its assignees.
    await world.bus.handle(ListTasks(world.client, ChatRef(Platform.SLACK, world.client.workspace, "C1"), None, None))
    assert "週次の経費入力" in world.notifier.sent[-1].text and "青木 あや" in world.notifier.sent[-1].text


async def test_the_timed_job_proposes_people_for_what_the_kept_assignees_do_not_cover(world: World) -> None:
    async with world.database.unit_of_work() as uow:  # 山田 left Yui: his 40 are not carried over
        [yamada] = [p for p in await uow.people.all() if p.display_name == "山田 太郎"]
        yamada.forget_personal_data()
        yamada.withdrawn = True
        await uow.people.save(yamada)
        await uow.commit()
    runner = JobRunner(world.database.unit_of_work, FixedClock(), notifier=world.notifier)
    assert await runner.run(RunJob(ROLL_RECURRING_TASKS, "2026-11-23T09:00:00+00:00")) == 1
    task = await _successor(world)
    assert task.status is TaskStatus.OPEN
    [card] = [m for m in world.notifier.sent if m.chat.platform is Platform.SLACK and m.header.startswith("候補の提案")]
    assert "60/100件の担当が決まりました。" in card.text  # 青木's kept share counts as held
    assert "佐藤 花子" in card.text and "40件" in card.text  # the free person, for the 40 left
    assert len(world.line_to("青木 あや")) == 1  # 青木 kept her 60 and was told


async def test_a_share_taken_from_an_offer_is_not_given_back_with_this_button(world: World) -> None:
    async with world.database.unit_of_work() as uow:
        offers = await uow.proposals.for_task(world.org.id, world.weekly.id)
    [aoki] = [p for p in offers if p.units == 60]  # accepted the usual way on last week's occurrence
    assert await world.bus.handle(world.decline("青木 あや", aoki.id)) == []
    assert world.notifier.sent[-1].text.startswith("この担当はすでに外れているか")
    async with world.database.unit_of_work() as uow:
        assert len(await uow.assignments.for_task(world.org.id, world.weekly.id)) == 2


async def test_my_tasks_offers_the_decline_button_of_a_kept_share_until_work_starts(world: World) -> None:
    await world.roll()
    [told] = world.line_to("山田 太郎")
    ref = world.workers["山田 太郎"]
    chat = ChatRef(Platform.LINE, LINE_BOT, ref.user_id)

    async def my_tasks() -> OutgoingMessage:
        await world.bus.handle(
            HandleMessage(ref, chat, ReplyHandle(uuid.uuid4().hex, datetime.now(UTC)), None, "自分の案件")
        )
        return world.notifier.sent[-1]

    last_week, card = (await my_tasks()).cards  # soonest deadline first: last week's is still open
    assert [a.label for a in last_week.actions] == ["報告する"]  # taken from an offer: no decline here
    assert [a.label for a in card.actions] == ["報告する", "今回は辞退する"]
    assert card.actions[1].value == told.actions[0].value
    async with world.database.unit_of_work() as uow:  # once he reports, the button goes
        task = await _successor(world)
        [share] = [a for a in await uow.assignments.for_task(world.org.id, task.id) if a.units == 40]
        now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        await uow.reports.add(
            ProgressReport(world.org.id, share.id, share.person_id, 5, 5, None, False, "", "5", "r", now)
        )
        await uow.commit()
    _, card = (await my_tasks()).cards
    assert [a.label for a in card.actions] == ["報告する"]
