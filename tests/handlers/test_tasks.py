"""Client work through the bus, on SQLite and PostgreSQL: drafting, confirming, cancelling,
illegal moves, the change log, the form, the list and Home, and tenant isolation."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

import pytest

from domain.model import ChangeKind, Recurrence, TaskStatus, TeamShape, Volume
from domain.persistence import Database
from domain.refs import ChatRef, Locale, PersonRef, Platform
from domain.task_form import TaskFields
from handlers.bootstrap import bootstrap
from handlers.buttons import TASK_CONFIRM as CONFIRM
from handlers.buttons import TASK_DISCARD as DISCARD
from handlers.buttons import TASK_EDIT as EDIT
from handlers.commands import (
    CancelTask,
    ChangeTaskStatus,
    ConfirmTask,
    DraftTask,
    HandleMessage,
    ListTasks,
    ShowHome,
    StatusChange,
    SubmitTaskForm,
)
from handlers.events import TaskChanged, TaskDrafted, TaskRegistered
from handlers.messagebus import MessageBus
from handlers.ports import PlatformProfile, SentMessage
from handlers.tasks import DraftAnswer
from tests.handlers.fakes import FakeDirectory, FakeLLM, FakeNotifier, FixedClock

REQUEST = "来週金曜までに請求書200件のデータ入力をお願いしたいです。Excelが使える方"


@dataclass
class World:
    bus: MessageBus
    database: Database
    notifier: FakeNotifier
    directory: FakeDirectory
    llm: FakeLLM


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    database = Database(database_url)
    notifier, directory, llm = FakeNotifier(), FakeDirectory(), FakeLLM()
    bus = bootstrap(
        uow_factory=database.unit_of_work, notifier=notifier, directory=directory, llm=llm, clock=FixedClock()
    )
    yield World(bus, database, notifier, directory, llm)
    await database.dispose()


def _client(world: World, team: str | None = None, language: str = "ja-JP") -> PersonRef:
    user = "W" + uuid.uuid4().hex[:10].upper()
    world.directory.profiles[user] = PlatformProfile("田中", language)
    return PersonRef(Platform.SLACK, team or "T" + uuid.uuid4().hex[:8].upper(), user)


def _chat(ref: PersonRef) -> ChatRef:
    return ChatRef(Platform.SLACK, ref.workspace, "C0ORDERS")


async def _draft(world: World, ref: PersonRef, text: str = REQUEST) -> str:
    [event] = await world.bus.handle(DraftTask(ref, _chat(ref), None, None, text=text))
    assert isinstance(event, TaskDrafted)
    return event.task_id


def _card(world: World) -> SentMessage:
    ref, _ = world.notifier.updated[-1]
    return ref


async def test_a_sentence_becomes_a_draft_shown_by_updating_the_thinking_message(world: World) -> None:
    ref = _client(world)
    task_id = await _draft(world, ref)

    [thinking] = world.notifier.sent
    assert thinking.text == "考え中…"
    [(updated_ref, card)] = world.notifier.updated
    assert updated_ref.chat == _chat(ref)  # the same message, updated in place
    fields = {f.label: f.value for f in card.fields}
    assert card.header == "案件の下書き"
    assert fields["作業量"] == "200件" and fields["納期"] == "2026/12/4（金）"  # FixedClock: Mon 23 Nov 2026
    assert "データ入力" in fields["必要なスキル"] and "Excel" in fields["必要なスキル"]
    assert [a.action_id for a in card.actions] == [CONFIRM, EDIT, DISCARD]
    assert card.actions[0].value == task_id
    async with world.database.unit_of_work() as uow:  # a real row: survives a restart
        person = await uow.people.by_identity(ref)
        assert person is not None and person.organization_id
        task = await uow.tasks.get(person.organization_id, task_id)
    assert task is not None and task.status is TaskStatus.DRAFT and task.volume == Volume(200, "件")


async def test_missing_fields_are_asked_for_and_confirm_is_not_offered(world: World) -> None:
    ref = _client(world)
    await _draft(world, ref, "データ入力をお願いしたいです、来週まで")
    _, card = world.notifier.updated[-1]
    assert "作業量（例：200件、10時間）" in card.text
    assert "❓" in {f.label: f.value for f in card.fields}["作業量"]
    assert CONFIRM not in [a.action_id for a in card.actions]


async def test_an_english_card_lists_what_is_missing_and_the_skills_with_english_commas(world: World) -> None:
    world.llm.answer = DraftAnswer(title="Invoice data entry", skills=["data_entry", "excel"])
    ref = _client(world, language="en-US")
    await _draft(world, ref, "Invoice data entry, Excel please")
    _, card = world.notifier.updated[-1]
    assert "the volume (e.g. 200 items, 10 hours), deadline (e.g. 12/5, next Friday)." in card.text
    skills = {f.label: f.value for f in card.fields}["Skills"]
    assert ", " in skills and "、" not in skills


async def test_a_mention_asking_for_work_is_drafted_not_answered_with_help(world: World) -> None:
    ref = _client(world)
    events = await world.bus.handle(HandleMessage(ref, _chat(ref), None, None, text=f"<@UYUI> {REQUEST}"))
    assert [type(e) for e in events] == [TaskDrafted]
    assert world.notifier.updated[-1][1].header == "案件の下書き"


async def test_the_llm_draft_is_used_when_it_validates(world: World) -> None:
    world.llm.answer = DraftAnswer(
        title="請求書入力", volume_amount=300, volume_unit="枚", deadline=date(2026, 12, 10), skills=["data_entry", "x"]
    )
    ref = _client(world)
    task_id = await _draft(world, ref)
    assert "請求書200件" in world.llm.prompts[-1]
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(ref)
        assert person is not None and person.organization_id
        task = await uow.tasks.get(person.organization_id, task_id)
    assert task is not None and task.volume == Volume(300, "枚") and task.skills == {"data_entry"}


async def test_confirm_opens_the_task_and_updates_the_card(world: World) -> None:
    ref = _client(world)
    task_id = await _draft(world, ref)
    card = _card(world)
    events = await world.bus.handle(ConfirmTask(ref, _chat(ref), None, None, task_id=task_id, card=card))

    assert [type(e) for e in events][:1] == [TaskRegistered]  # then CandidatesProposed when teleworkers fit
    confirmed = next(m for r, m in reversed(world.notifier.updated) if r == card)
    assert len([m for m in world.notifier.sent if m.chat == _chat(ref)]) == 1  # updated, not re-posted
    assert confirmed.text.startswith("案件「請求書のデータ入力」を登録しました。")
    assert {f.label: f.value for f in confirmed.fields}["状態"] == "募集中"
    assert "task.pause" in [a.action_id for a in confirmed.actions]


async def test_cancel_a_draft_then_confirming_it_is_an_illegal_move(world: World) -> None:
    ref = _client(world)
    task_id = await _draft(world, ref)
    await world.bus.handle(CancelTask(ref, _chat(ref), None, None, task_id=task_id, reason="", card=_card(world)))
    assert world.notifier.updated[-1][1].text.startswith("下書き「請求書のデータ入力」は取り消しました。")

    events = await world.bus.handle(ConfirmTask(ref, _chat(ref), None, None, task_id=task_id, card=None))
    assert events == []
    assert world.notifier.sent[-1].text == "案件の状態を「取り消し」から「募集中」に変えることはできません。"
    assert world.notifier.sent[-1].ephemeral_to == ref


async def test_illegal_transition_is_answered_in_the_users_language(world: World) -> None:
    ref = _client(world, language="en-US")
    task_id = await _draft(world, ref)
    await world.bus.handle(ConfirmTask(ref, _chat(ref), None, None, task_id=task_id, card=None))
    events = await world.bus.handle(
        ChangeTaskStatus(ref, _chat(ref), None, None, task_id=task_id, change=StatusChange.DONE, card=None)
    )
    assert events == []
    assert world.notifier.sent[-1].text == "A task cannot move from \u201cOpen\u201d to \u201cDone\u201d."


async def test_every_change_is_in_the_change_log_with_who_and_why(world: World) -> None:
    ref = _client(world)
    task_id = await _draft(world, ref)
    chat = _chat(ref)
    await world.bus.handle(ConfirmTask(ref, chat, None, None, task_id=task_id, card=None))
    paused = await world.bus.handle(
        ChangeTaskStatus(ref, chat, None, None, task_id=task_id, change=StatusChange.PAUSE, card=None)
    )
    await world.bus.handle(
        ChangeTaskStatus(ref, chat, None, None, task_id=task_id, change=StatusChange.RESUME, card=None)
    )
    fields = TaskFields(
        title="請求書のデータ入力",
        description="PDFからExcelへ",
        skills=frozenset({"data_entry"}),
        other_skills=(),
        volume=Volume(250, "件"),
        deadline=date(2026, 12, 11),
        recurrence=Recurrence.ONE_OFF,
        shape=TeamShape.INDIVIDUAL,
        budget_yen=60_000,
        rate_yen=None,
        updates_channel=None,
    )
    edited = await world.bus.handle(SubmitTaskForm(ref, chat, None, None, fields=fields, task_id=task_id, card=None))
    await world.bus.handle(CancelTask(ref, chat, None, None, task_id=task_id, reason="予算の都合", card=None))

    assert paused == [TaskChanged(task_id, paused[0].organization_id, "paused")]  # type: ignore[attr-defined]
    assert {e.kind for e in edited if isinstance(e, TaskChanged)} == {"deadline_extended", "volume_changed", "edited"}
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(ref)
        assert person is not None and person.organization_id
        history = await uow.tasks.history(person.organization_id, task_id)
    assert [c.kind for c in history] == [
        ChangeKind.DRAFTED,
        ChangeKind.REGISTERED,
        ChangeKind.PAUSED,
        ChangeKind.RESUMED,
        ChangeKind.DEADLINE_EXTENDED,
        ChangeKind.VOLUME_CHANGED,
        ChangeKind.EDITED,
        ChangeKind.CANCELLED,
    ]
    assert all(c.by == person.id for c in history)
    assert history[-1].reason == "予算の都合"


async def test_the_form_registers_open_work_and_posts_to_the_updates_channel(world: World) -> None:
    ref = _client(world)
    fields = TaskFields(
        title="アンケート集計",
        description="",
        skills=frozenset({"excel"}),
        other_skills=("そろばん",),
        volume=Volume(12, "時間"),
        deadline=date(2026, 12, 25),
        recurrence=Recurrence.MONTHLY,
        shape=TeamShape.TEAM,
        budget_yen=None,
        rate_yen=1_200,
        updates_channel="C0UPDATES",
    )
    events = await world.bus.handle(SubmitTaskForm(ref, _chat(ref), None, None, fields=fields, task_id=None, card=None))
    assert [type(e) for e in events][:1] == [TaskRegistered]  # then CandidatesProposed when teleworkers fit
    posted = world.notifier.sent[0]
    assert posted.chat.channel_id == "C0UPDATES"
    shown = {f.label: f.value for f in posted.fields}
    assert shown["単価"] == "1,200円／時間" and shown["頻度"] == "毎月" and shown["担当"] == "未割当"


async def test_list_and_home_show_open_work_with_progress_and_placeholders(world: World) -> None:
    ref = _client(world)
    task_id = await _draft(world, ref)
    await world.bus.handle(ConfirmTask(ref, _chat(ref), None, None, task_id=task_id, card=None))
    await _draft(world, ref, "議事録の文字起こしを10時間分お願いしたい、12/20まで")  # stays a draft: not listed

    await world.bus.handle(ListTasks(ref, _chat(ref), None, None))
    listing = world.notifier.sent[-1]
    assert listing.ephemeral_to == ref
    assert listing.text.splitlines() == [
        "*1件の案件*",
        "*請求書のデータ入力*　募集中",
        "▱▱▱▱▱▱▱▱▱▱ 0%　納期 2026/12/4（金）　担当：未割当",
    ]
    await world.bus.handle(ShowHome(ref, ChatRef(Platform.SLACK, ref.workspace, "D1"), None, None))
    [(home_for, home)] = world.notifier.homes
    assert home_for == ref and home.text == listing.text and home.header == "結（ゆい）｜自社の案件"


async def test_two_workspaces_never_see_each_others_work(world: World) -> None:
    alice = _client(world, team="TALPHA" + uuid.uuid4().hex[:4].upper())
    bob = _client(world, team="TBETA" + uuid.uuid4().hex[:4].upper())
    task_id = await _draft(world, alice)
    await world.bus.handle(ConfirmTask(alice, _chat(alice), None, None, task_id=task_id, card=None))

    await world.bus.handle(ListTasks(bob, _chat(bob), None, None))
    assert world.notifier.sent[-1].text.startswith("進行中の案件はありません。")
    await world.bus.handle(ShowHome(bob, _chat(bob), None, None))
    assert world.notifier.homes[-1][1].text.startswith("進行中の案件はありません。")
    # Bob holds Alice's task id (a forwarded card, a guess): it finds nothing and changes nothing.
    for command in (
        ConfirmTask(bob, _chat(bob), None, None, task_id=task_id, card=None),
        CancelTask(bob, _chat(bob), None, None, task_id=task_id, reason="x", card=None),
        ChangeTaskStatus(bob, _chat(bob), None, None, task_id=task_id, change=StatusChange.PAUSE, card=None),
    ):
        assert await world.bus.handle(command) == []
        assert world.notifier.sent[-1].text == "その案件は見つかりませんでした。"
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(alice)
        assert person is not None and person.organization_id
        task = await uow.tasks.get(person.organization_id, task_id)
    assert task is not None and task.status is TaskStatus.OPEN
    assert Locale.JA  # both clients are Japanese-speaking here


async def test_rolling_creates_each_next_occurrence_once_in_the_clients_calendar(world: World) -> None:
    from datetime import UTC, datetime

    from domain.model import Organization, OrganizationKind, Person, Task
    from handlers.tasks import roll_recurring

    org = Organization(name="定期便", kind=OrganizationKind.CLIENT, slack_team_id="T" + uuid.uuid4().hex[:8])
    owner = Person(display_name="田中", organization_id=org.id)
    weekly = Task(
        organization_id=org.id,
        title="週次の経費入力",
        volume=Volume(50, "件"),
        deadline=date(2026, 11, 20),
        created_by=owner.id,
        recurrence=Recurrence.WEEKLY,
        status=TaskStatus.OPEN,
    )
    # 23 Nov 2026 00:30 in Tokyo is still 22 Nov in UTC: the client's calendar decides.
    tokyo_midnight = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
    today_due = Task(
        organization_id=org.id,
        title="月次の請求書",
        volume=Volume(200, "件"),
        deadline=date(2026, 11, 22),
        created_by=owner.id,
        recurrence=Recurrence.MONTHLY,
        status=TaskStatus.OPEN,
    )
    async with world.database.unit_of_work() as uow:
        await uow.organizations.add(org)
        await uow.people.add(owner)
        await uow.tasks.add(weekly)
        await uow.tasks.add(today_due)
        await uow.commit()

    class At:
        def now(self) -> datetime:
            return tokyo_midnight

    created = await roll_recurring(world.database.unit_of_work(), At())
    mine = [t for t in created if t.organization_id == org.id]
    assert sorted((t.title, t.deadline) for t in mine) == [
        ("月次の請求書", date(2026, 12, 22)),
        ("週次の経費入力", date(2026, 11, 27)),
    ]
    again = await roll_recurring(world.database.unit_of_work(), At())
    assert [t for t in again if t.organization_id == org.id] == []
    async with world.database.unit_of_work() as uow:
        [successor] = [t for t in await uow.tasks.for_organization(org.id) if t.previous_id == weekly.id]
        history = await uow.tasks.history(org.id, successor.id)
    assert successor.status is TaskStatus.OPEN and [c.kind for c in history] == [ChangeKind.RECURRED]


async def test_editing_a_draft_fills_what_was_missing_and_keeps_it_a_draft(world: World) -> None:
    ref = _client(world)
    task_id = await _draft(world, ref, "データ入力をお願いしたいです、来週まで")
    card = _card(world)
    fields = TaskFields(
        title="データ入力",
        description="",
        skills=frozenset(),
        other_skills=(),
        volume=Volume(80, "件"),
        deadline=date(2026, 11, 30),
        recurrence=Recurrence.ONE_OFF,
        shape=TeamShape.INDIVIDUAL,
        budget_yen=None,
        rate_yen=None,
        updates_channel=None,
    )
    events = await world.bus.handle(
        SubmitTaskForm(
            ref, _chat(ref), None, None, fields=fields, task_id=task_id, card=card, description_truncated=True
        )
    )
    assert events == []  # a draft's edits are not news for anyone yet
    updated_ref, shown = world.notifier.updated[-1]
    assert updated_ref == card and shown.header == "案件の下書き"
    assert shown.actions[0].action_id == CONFIRM  # complete now: Confirm is offered
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(ref)
        assert person is not None and person.organization_id
        task = await uow.tasks.get(person.organization_id, task_id)
    assert task is not None and task.status is TaskStatus.DRAFT and task.volume == Volume(80, "件")
    assert task.description == "データ入力をお願いしたいです、来週まで"  # a cut prefill never overwrites it


async def test_searching_by_title_number_or_id_finds_only_the_own_workspaces_work(world: World) -> None:
    """/yui status and /yui match look a task up by a word of its title, its number or its id: from
    another workspace each of those finds nothing and names none of the other organisation's work."""
    from handlers.commands import ProposeCandidates, ShowStatus

    alice = _client(world, team="TALPHA" + uuid.uuid4().hex[:4].upper())
    bob = _client(world, team="TBETA" + uuid.uuid4().hex[:4].upper())
    task_id = await _draft(world, alice)
    await world.bus.handle(ConfirmTask(alice, _chat(alice), None, None, task_id=task_id, card=None))
    await world.bus.handle(ShowStatus(alice, _chat(alice), None, None, task="請求書"))
    assert "請求書のデータ入力" in world.notifier.sent[-1].header + world.notifier.sent[-1].text  # found at home

    for wanted in ("請求書", "1", task_id):
        before = len(world.notifier.sent)
        for command in (
            ShowStatus(bob, _chat(bob), None, None, task=wanted),
            ProposeCandidates(bob, _chat(bob), None, None, task=wanted),
        ):
            assert await world.bus.handle(command) == []
        answers = world.notifier.sent[before:]
        assert len(answers) == 2
        for answer in answers:
            shown = answer.header + answer.text + "".join(f.value for f in answer.fields)
            assert "請求書" not in shown and answer.ephemeral_to == bob


async def test_confirm_pressed_twice_says_the_task_is_already_open(world: World) -> None:
    ref = _client(world)
    task_id = await _draft(world, ref)
    confirm = ConfirmTask(ref, _chat(ref), None, None, task_id=task_id, card=_card(world))
    await world.bus.handle(confirm)
    updates = len(world.notifier.updated)
    assert await world.bus.handle(confirm) == []
    assert world.notifier.sent[-1].text == "この案件はすでに「募集中」です。"
    assert world.notifier.sent[-1].ephemeral_to == ref and len(world.notifier.updated) == updates


async def test_an_llm_deadline_already_past_is_asked_for_not_kept(world: World) -> None:
    world.llm.answer = DraftAnswer(title="請求書入力", volume_amount=200, volume_unit="件", deadline=date(2025, 11, 30))
    ref = _client(world)
    task_id = await _draft(world, ref, "11/30までに請求書200件の入力をお願いします")
    _, card = world.notifier.updated[-1]
    assert "納期" in card.text and CONFIRM not in [a.action_id for a in card.actions]  # asked, not guessed
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(ref)
        assert person is not None and person.organization_id
        task = await uow.tasks.get(person.organization_id, task_id)
    assert task is not None and task.deadline is None and task.missing == ("deadline",)


async def test_a_draft_whose_deadline_has_passed_is_not_opened_until_edited(world: World) -> None:
    from datetime import UTC, datetime

    ref = _client(world)
    task_id = await _draft(world, ref)
    async with world.database.unit_of_work() as uow:  # the draft sat unconfirmed past its deadline
        person = await uow.people.by_identity(ref)
        assert person is not None and person.organization_id
        task = await uow.tasks.get(person.organization_id, task_id)
        assert task is not None
        task.edit(person.id, datetime(2026, 11, 20, tzinfo=UTC), deadline=date(2026, 11, 22))
        await uow.tasks.save(task)
        await uow.commit()

    assert await world.bus.handle(ConfirmTask(ref, _chat(ref), None, None, task_id=task_id, card=None)) == []
    assert world.notifier.sent[-1].text.startswith("納期（2026/11/22（日））が過ぎています。「修正する」から")
    async with world.database.unit_of_work() as uow:
        task = await uow.tasks.get(person.organization_id, task_id)
    assert task is not None and task.status is TaskStatus.DRAFT
