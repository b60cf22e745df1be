"""The issue-5 flow through the bus, on SQLite and PostgreSQL (a database of its own per test, so
the pool holds exactly the teleworkers a test creates): a task opens → ranked proposals with
reasons on the client's card → approval → LINE offer → accept (assignment, MATCHED) or decline
(the next candidate is offered) → the card updated in place; expiry; tenant isolation."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.model import (
    Absence,
    Identity,
    Organization,
    OrganizationKind,
    Person,
    Recurrence,
    Role,
    Task,
    TaskStatus,
    Team,
    TeamShape,
    Volume,
    WorkerProfile,
)
from domain.persistence import Database
from domain.proposals import Assignment, ProgressReport, ProposalStatus
from domain.refs import ChatRef, PersonRef, Platform
from domain.task_form import TaskFields, TaskFormInput, form_of, validate_task_form
from handlers.bootstrap import bootstrap
from handlers.buttons import MATCH_APPROVE as APPROVE
from handlers.buttons import TEAM_APPROVE, offer_answer, team_answer
from handlers.commands import (
    AcceptOffer,
    AnswerTeamWork,
    ApproveCandidate,
    ChangeTaskStatus,
    ConfirmTask,
    DeclineOffer,
    DraftTask,
    HandleMessage,
    HandleSlashCommand,
    ListTasks,
    ProposeCandidates,
    StatusChange,
    SubmitTaskForm,
)
from handlers.events import (
    AccountsLinked,
    CandidatesProposed,
    OfferAccepted,
    OfferDeclined,
    OfferSent,
    TaskChanged,
    TaskDrafted,
    TeamWorkAsked,
)
from handlers.jobs import EXPIRE_OFFERS, JobRunner, RunJob
from handlers.matching import expire_offers, free_units, offer_all
from handlers.messagebus import MessageBus
from handlers.ports import POSTBACK_DATA_LIMIT, Clock, OutgoingMessage, PlatformProfile, SentMessage
from tests.handlers.fakes import FakeDirectory, FakeLLM, FakeNotifier, FixedClock

REQUEST = "12/4までに請求書200件のデータ入力をお願いします"  # 200件 × 3分 = 10 hours, data entry
LINE_BOT = "U" + "b" * 32
# The postback data of the buttons without their proposal id.
ACCEPT_PREFIX, DECLINE_PREFIX = offer_answer("", accept=True), offer_answer("", accept=False)
TEAM_APPROVE_PREFIX = team_answer("", approve=True)


@dataclass
class World:
    bus: MessageBus
    database: Database
    notifier: FakeNotifier
    directory: FakeDirectory
    clock: FixedClock


@pytest.fixture
async def world(empty_database_url: str) -> AsyncIterator[World]:
    database = Database(empty_database_url)
    notifier, directory, clock = FakeNotifier(), FakeDirectory(), FixedClock()
    bus = bootstrap(
        uow_factory=database.unit_of_work, notifier=notifier, directory=directory, llm=FakeLLM(), clock=clock
    )
    yield World(bus, database, notifier, directory, clock)
    await database.dispose()


async def _teleworker(
    world: World,
    name: str,
    hours: int,
    skills: frozenset[str] = frozenset({"data_entry"}),
    *,
    cap: int | None = None,
    absent: tuple[date, date] | None = None,
    region: str = "",
) -> Person:
    person = Person(display_name=name, roles=frozenset({Role.TELEWORKER}))
    person.add_identity(Identity(PersonRef(Platform.LINE, LINE_BOT, "U" + uuid.uuid4().hex), name))
    async with world.database.unit_of_work() as uow:
        await uow.people.add(person)
        await uow.profiles.save(
            WorkerProfile(person.id, skills=skills, weekly_hours=hours, annual_earnings_cap_yen=cap, region=region)
        )
        if absent:
            await uow.absences.add(Absence(person.id, absent[0], absent[1], "", world.clock.now()))
        await uow.commit()
    return person


def _client(world: World, team: str | None = None) -> PersonRef:
    user = "W" + uuid.uuid4().hex[:10].upper()
    world.directory.profiles[user] = PlatformProfile("田中", "ja-JP")
    return PersonRef(Platform.SLACK, team or "T" + uuid.uuid4().hex[:8].upper(), user)


def _chat(ref: PersonRef) -> ChatRef:
    return ChatRef(Platform.SLACK, ref.workspace, "C0ORDERS")


async def _open_task(world: World, ref: PersonRef) -> tuple[str, list[object]]:
    [drafted] = await world.bus.handle(DraftTask(ref, _chat(ref), None, None, text=REQUEST))
    assert isinstance(drafted, TaskDrafted)
    events = await world.bus.handle(ConfirmTask(ref, _chat(ref), None, None, task_id=drafted.task_id, card=None))
    return drafted.task_id, list(events)


def _proposal_card(world: World) -> tuple[SentMessage, OutgoingMessage]:
    [card] = [m for m in world.notifier.sent if m.header.startswith("候補の提案")]
    return SentMessage(card.chat, "1700000000.000003"), card  # the fake numbers messages in order


def _offers(world: World) -> list[OutgoingMessage]:
    return [m for m in world.notifier.sent if m.chat.platform is Platform.LINE and m.header == "お仕事の依頼"]


async def test_an_opened_task_gets_ranked_proposals_with_reasons_and_nobody_over_capacity_or_cap(
    world: World,
) -> None:
    best = await _teleworker(world, "青木 あや", 20)
    second = await _teleworker(world, "佐藤 花子", 4)  # 8 h free: 160 of the 200 件
    await _teleworker(world, "上田 工", 20, frozenset({"excel"}))  # no skill the task asks for
    await _teleworker(world, "木村 涼", 0)  # declared no hours
    await _teleworker(world, "森 愛", 20, cap=0)  # at their 扶養 cap already
    await _teleworker(world, "林 陽", 20, absent=(date(2026, 11, 23), date(2026, 12, 4)))  # away until the deadline
    ref = _client(world)

    task_id, events = await _open_task(world, ref)

    assert [type(e).__name__ for e in events] == ["TaskRegistered", "CandidatesProposed"]
    assert isinstance(events[1], CandidatesProposed) and events[1].proposals == 2
    ref_card, card = _proposal_card(world)
    assert card.chat == ChatRef(Platform.SLACK, ref.workspace, ref.user_id)  # a DM to the author (no updates channel)
    assert card.header.startswith("候補の提案：")
    assert "*1. 青木 あや* — 200件・約10.0時間" in card.text
    assert "*2. 佐藤 花子* — 160件・約8.0時間" in card.text
    assert "データ入力○、12/4まで残り約40時間の空き、直近2週間の稼働が少ない、実績はこれから（新しい方）" in card.text
    assert "0/200件の担当が決まりました。" in card.text
    for name in ("上田", "木村", "森", "林"):
        assert name not in card.text
    assert [(a.action_id, a.label) for a in card.actions] == [
        (APPROVE, "1. 青木 あやさんに依頼"),
        (APPROVE, "2. 佐藤 花子さんに依頼"),
    ]
    async with world.database.unit_of_work() as uow:
        client = await uow.people.by_identity(ref)
        assert client is not None and client.organization_id
        stored = await uow.proposals.for_task(client.organization_id, task_id)
    assert [(p.person_id, p.rank, p.status) for p in stored] == [
        (best.id, 1, ProposalStatus.PROPOSED),
        (second.id, 2, ProposalStatus.PROPOSED),
    ]
    assert stored[0].reasons.free_hours == pytest.approx(40.0)
    assert {(p.card_channel, p.card_ts) for p in stored} == {(ref.user_id, ref_card.message_id)}


async def test_approving_sends_the_teleworker_a_line_offer_and_updates_the_card(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    await _open_task(world, ref)
    card_ref, card = _proposal_card(world)

    events = await world.bus.handle(
        ApproveCandidate(ref, card_ref.chat, None, None, proposal_id=card.actions[0].value, card=card_ref)
    )

    assert [type(e) for e in events] == [OfferSent]
    [offer] = _offers(world)
    line = worker.identity_on(Platform.LINE)
    assert line is not None and offer.chat == ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)
    assert offer.text == "「請求書のデータ入力」をお願いできますか？" or offer.text.startswith("「")
    fields = {f.label: f.value for f in offer.fields}
    assert fields["担当分"] == "200件（全体 200件）" and fields["締切"] == "2026/12/4（金）"
    assert fields["作業時間の目安"] == "約10.0時間" and fields["報酬の目安"] == "相談"  # no rate given
    accept, decline = offer.actions
    assert (accept.label, decline.label) == ("引き受ける", "お断りする")
    assert accept.value == ACCEPT_PREFIX + card.actions[0].value and decline.value.startswith(DECLINE_PREFIX)
    assert all(len(a.value) <= POSTBACK_DATA_LIMIT for a in offer.actions)
    (updated_ref, updated) = world.notifier.updated[-1]
    assert updated_ref == card_ref  # the same message, updated
    assert "（依頼中）" in updated.text and updated.actions == ()

    # A second press (Slack retries, double clicks) offers nothing twice.
    again = ApproveCandidate(ref, card_ref.chat, None, None, proposal_id=card.actions[0].value, card=card_ref)
    assert await world.bus.handle(again) == [] and len(_offers(world)) == 1
    assert world.notifier.sent[-1].text == "この依頼はすでに依頼中です。"


async def test_accepting_creates_the_assignment_matches_the_task_and_updates_the_card(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    task_id, _ = await _open_task(world, ref)
    card_ref, card = _proposal_card(world)
    await world.bus.handle(
        ApproveCandidate(ref, card_ref.chat, None, None, proposal_id=card.actions[0].value, card=card_ref)
    )
    line = worker.identity_on(Platform.LINE)
    assert line is not None
    chat = ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)

    events = await world.bus.handle(AcceptOffer(line.ref, chat, None, None, proposal_id=card.actions[0].value))

    assert [type(e) for e in events] == [OfferAccepted, TaskChanged]
    answer = world.notifier.sent[-1]
    assert answer.chat == chat and answer.text.startswith("ありがとうございます！") and "200件" in answer.text
    _, updated = world.notifier.updated[-1]
    assert "（引き受け済み）" in updated.text and "200/200件の担当が決まりました。" in updated.text
    async with world.database.unit_of_work() as uow:
        client = await uow.people.by_identity(ref)
        assert client is not None and client.organization_id
        [assignment] = await uow.assignments.for_task(client.organization_id, task_id)
        task = await uow.tasks.get(client.organization_id, task_id)
    assert (assignment.person_id, assignment.units) == (worker.id, 200)
    assert task is not None and task.status is TaskStatus.MATCHED

    # Tapping again (LINE redelivers, people double-tap): nothing more happens.
    again = await world.bus.handle(AcceptOffer(line.ref, chat, None, None, proposal_id=card.actions[0].value))
    assert again == [] and world.notifier.sent[-1].text == "この依頼はすでに引き受け済みです。"


async def test_a_decline_offers_the_next_candidate_without_asking_the_client_again(world: World) -> None:
    first = await _teleworker(world, "青木 あや", 20)
    second = await _teleworker(world, "佐藤 花子", 4)
    ref = _client(world)
    await _open_task(world, ref)
    card_ref, card = _proposal_card(world)
    await world.bus.handle(
        ApproveCandidate(ref, card_ref.chat, None, None, proposal_id=card.actions[0].value, card=card_ref)
    )
    line = first.identity_on(Platform.LINE)
    assert line is not None

    events = await world.bus.handle(
        DeclineOffer(
            line.ref, ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id), None, None, proposal_id=card.actions[0].value
        )
    )

    assert [type(e) for e in events] == [OfferDeclined, OfferSent]
    _, to_second = _offers(world)
    second_line = second.identity_on(Platform.LINE)
    assert second_line is not None and to_second.chat.channel_id == second_line.ref.user_id
    assert to_second.actions[0].value == ACCEPT_PREFIX + card.actions[1].value
    _, updated = world.notifier.updated[-1]
    assert "*1. 青木 あや*" in updated.text and "（辞退）" in updated.text and "（依頼中）" in updated.text


async def test_unanswered_offers_expire_and_move_on(world: World) -> None:
    await _teleworker(world, "青木 あや", 20)
    await _teleworker(world, "佐藤 花子", 4)
    ref = _client(world)
    await _open_task(world, ref)
    card_ref, card = _proposal_card(world)
    await world.bus.handle(
        ApproveCandidate(ref, card_ref.chat, None, None, proposal_id=card.actions[0].value, card=card_ref)
    )

    class Later:
        def now(self) -> datetime:
            return FixedClock().now() + timedelta(hours=25)

    async def expire(clock: Clock) -> list[str]:
        return [type(e).__name__ for e in await expire_offers(world.database.unit_of_work(), world.notifier, clock)]

    assert await expire(FixedClock()) == []  # not yet
    # The timed job (a 10-minute slot in the inbox, see bot/handling.py) runs the same function.
    jobs = JobRunner(world.database.unit_of_work, Later(), notifier=world.notifier, offer_ttl=timedelta(hours=24))
    assert await jobs.run(RunJob(EXPIRE_OFFERS, "2026-11-24T10:00:00+00:00")) == 2  # expired + offered next
    assert await expire(Later()) == []  # each offer expires once
    _, updated = world.notifier.updated[-1]
    assert "（期限切れ）" in updated.text and "（依頼中）" in updated.text


async def test_another_workspace_can_neither_approve_nor_match_the_task(world: World) -> None:
    await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    task_id, _ = await _open_task(world, ref)
    card_ref, card = _proposal_card(world)
    stranger = _client(world)

    assert (
        await world.bus.handle(
            ApproveCandidate(stranger, _chat(stranger), None, None, proposal_id=card.actions[0].value, card=card_ref)
        )
        == []
    )
    assert world.notifier.sent[-1].text == "その候補は見つかりませんでした。"
    assert await world.bus.handle(ProposeCandidates(stranger, _chat(stranger), None, None, task=task_id)) == []
    assert world.notifier.sent[-1].text.startswith("どの案件の候補を探しますか？")
    assert _offers(world) == []

    # The owner asks again by a word of the title: the open proposals are replaced by a new round.
    events = await world.bus.handle(ProposeCandidates(ref, _chat(ref), None, None, task="請求書"))
    assert [type(e) for e in events] == [CandidatesProposed]
    async with world.database.unit_of_work() as uow:
        client = await uow.people.by_identity(ref)
        assert client is not None and client.organization_id
        statuses = [p.status for p in await uow.proposals.for_task(client.organization_id, task_id)]
    assert sorted(statuses) == [ProposalStatus.PROPOSED, ProposalStatus.WITHDRAWN]


async def test_team_work_is_proposed_to_a_team_split_by_free_capacity_and_approved_as_a_whole(world: World) -> None:
    leader = await _teleworker(world, "青木 あや", 20)
    member = await _teleworker(world, "佐藤 花子", 10)
    outsider = await _teleworker(world, "上田 工", 40)  # not in the team
    operator = Organization(name="伊那BPO", kind=OrganizationKind.OPERATOR)
    team = Team(name="伊那チーム", organization_id=operator.id, leader_id=leader.id, member_ids={member.id})
    async with world.database.unit_of_work() as uow:
        await uow.organizations.add(operator)
        await uow.teams.add(team)
        await uow.commit()
    ref = _client(world)
    fields = TaskFields(
        title="アンケート入力",
        description="",
        skills=frozenset({"data_entry"}),
        other_skills=(),
        volume=Volume(600, "件"),  # 30 hours: more than anyone alone has before the deadline
        deadline=date(2026, 12, 4),
        recurrence=Recurrence.ONE_OFF,
        shape=TeamShape.TEAM,
        budget_yen=None,
        rate_yen=None,
        updates_channel=None,
    )
    await world.bus.handle(SubmitTaskForm(ref, _chat(ref), None, None, fields=fields, task_id=None, card=None))

    card_ref, card = _proposal_card(world)
    assert "*1. チーム「伊那チーム」* 2人で600件（提案中）" in card.text
    assert "・青木 あや 400件" in card.text and "・佐藤 花子 200件" in card.text  # 40 h : 20 h free
    assert "上田" not in card.text
    assert card.actions == ()  # team work is the leader's to approve, not the client's
    _, updated = world.notifier.updated[-1]
    assert "*1. チーム「伊那チーム」* 2人で600件（リーダー確認中）" in updated.text

    # The leader (in LINE here) is asked to approve the split, with the reasons.
    line = leader.identity_on(Platform.LINE)
    assert line is not None
    leader_chat = ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)
    [ask] = [m for m in world.notifier.sent if m.chat == leader_chat and m.actions]
    assert ask.header == "チームへの依頼：アンケート入力"
    assert "をチーム「伊那チーム」で受けられますか？" in ask.text
    assert "・青木 あや 400件（約20.0時間）" in ask.text and "・佐藤 花子 200件（約10.0時間）" in ask.text
    approve, decline = ask.actions
    assert (approve.action_id, approve.label, decline.label) == (TEAM_APPROVE, "承認して依頼する", "お断りする")
    assert approve.value.startswith(TEAM_APPROVE_PREFIX) and len(approve.value) <= POSTBACK_DATA_LIMIT

    # The client cannot approve it in the leader's place.
    proposal_id = approve.value[len(TEAM_APPROVE_PREFIX) :]
    assert (
        await world.bus.handle(ApproveCandidate(ref, card_ref.chat, None, None, proposal_id=proposal_id, card=None))
        == []
    )
    assert world.notifier.sent[-1].text.startswith("チームへの依頼は、そのチームのリーダーが承認します")
    # Nor can anyone who does not lead the team (here: its member).
    member_line = member.identity_on(Platform.LINE)
    assert member_line is not None
    member_chat = ChatRef(Platform.LINE, LINE_BOT, member_line.ref.user_id)
    not_theirs = AnswerTeamWork(member_line.ref, member_chat, None, None, proposal_id=proposal_id, approve=True)
    assert await world.bus.handle(not_theirs) == []

    events = await world.bus.handle(
        AnswerTeamWork(line.ref, leader_chat, None, None, proposal_id=proposal_id, approve=True)
    )

    assert sorted((type(e).__name__, getattr(e, "person_id", "")) for e in events) == sorted(
        [("OfferSent", leader.id), ("OfferSent", member.id)]
    )
    assert sorted(f.value for m in _offers(world) for f in m.fields if f.label == "担当分") == [
        "200件（全体 600件）",
        "400件（全体 600件）",
    ]
    assert [m.text for m in world.notifier.sent if m.chat == leader_chat and not m.actions][-1] == (
        "承認しました。それぞれの方に依頼を送りました。"
    )
    _, updated = world.notifier.updated[-1]
    assert "2人で600件（依頼中）" in updated.text  # the client's card follows, in place
    again = AnswerTeamWork(line.ref, leader_chat, None, None, proposal_id=proposal_id, approve=True)
    assert await world.bus.handle(again) == [] and world.notifier.sent[-1].text == "この依頼はすでに依頼中です。"

    # A member says no to their share: it moves on by itself on the leader's approval, to whoever
    # fits best (the team's members first; the leader already holds a share, so 上田 here), and
    # the leader hears to whom. The client's card lists both, the team's line counts what stands.
    [member_offer] = [m for m in _offers(world) if m.chat == member_chat]
    says_no = DeclineOffer(
        member_line.ref, member_chat, None, None, proposal_id=member_offer.actions[1].value[len(DECLINE_PREFIX) :]
    )
    events = await world.bus.handle(says_no)
    declined, sent = events
    assert isinstance(declined, OfferDeclined) and isinstance(sent, OfferSent) and sent.person_id == outsider.id
    outsider_line = outsider.identity_on(Platform.LINE)
    assert outsider_line is not None
    [to_outsider] = [m for m in _offers(world) if m.chat.channel_id == outsider_line.ref.user_id]
    assert [f.value for f in to_outsider.fields if f.label == "担当分"] == ["200件（全体 600件）"]
    assert [m.text for m in world.notifier.sent if m.chat == leader_chat][-1] == (
        "「アンケート入力」で佐藤 花子さんの分（200件）が辞退になったため、承認いただいた分担のとおり"
        "上田 工さんに200件を依頼しました。"
    )
    _, updated = world.notifier.updated[-1]
    assert "2人で600件（依頼中）" in updated.text
    assert "・佐藤 花子 200件（辞退）" in updated.text and "・上田 工 200件（依頼中）" in updated.text

    # 上田 accepts: the assignment is made like any other.
    taken = AcceptOffer(
        outsider_line.ref,
        ChatRef(Platform.LINE, LINE_BOT, outsider_line.ref.user_id),
        None,
        None,
        proposal_id=to_outsider.actions[0].value[len(ACCEPT_PREFIX) :],
    )
    assert [type(e).__name__ for e in await world.bus.handle(taken)] == ["OfferAccepted"]


async def test_a_leader_declining_the_split_moves_on_to_the_next_team(world: World) -> None:
    first = await _teleworker(world, "青木 あや", 40)
    second = await _teleworker(world, "上田 工", 40)
    operator = Organization(name="伊那BPO", kind=OrganizationKind.OPERATOR)
    async with world.database.unit_of_work() as uow:
        await uow.organizations.add(operator)
        await uow.teams.add(Team(name="伊那チーム", organization_id=operator.id, leader_id=first.id))
        await uow.teams.add(Team(name="高遠チーム", organization_id=operator.id, leader_id=second.id))
        await uow.commit()
    ref = _client(world)
    fields = TaskFields(
        title="アンケート入力",
        description="",
        skills=frozenset({"data_entry"}),
        other_skills=(),
        volume=Volume(600, "件"),
        deadline=date(2026, 12, 4),
        recurrence=Recurrence.ONE_OFF,
        shape=TeamShape.TEAM,
        budget_yen=None,
        rate_yen=None,
        updates_channel=None,
    )
    events = await world.bus.handle(SubmitTaskForm(ref, _chat(ref), None, None, fields=fields, task_id=None, card=None))
    [asked] = [e for e in events if isinstance(e, TeamWorkAsked)]
    declining, other = (first, second) if asked.leader_id == first.id else (second, first)
    line = declining.identity_on(Platform.LINE)
    assert line is not None

    events = await world.bus.handle(
        AnswerTeamWork(
            line.ref,
            ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id),
            None,
            None,
            proposal_id=asked.proposal_id,
            approve=False,
        )
    )

    [next_ask] = [e for e in events if isinstance(e, TeamWorkAsked)]
    assert next_ask.leader_id == other.id and _offers(world) == []
    _, updated = world.notifier.updated[-1]
    assert "（辞退）" in updated.text and "（リーダー確認中）" in updated.text


async def test_assignees_hear_in_line_when_the_client_pauses_and_resumes_their_task(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    task_id, _ = await _open_task(world, ref)
    line_chat = await _first_candidate_takes_it(world, worker, ref)
    before = len(world.notifier.sent)

    pause = ChangeTaskStatus(ref, _chat(ref), None, None, task_id=task_id, change=StatusChange.PAUSE, card=None)
    await world.bus.handle(pause)
    resume = ChangeTaskStatus(ref, _chat(ref), None, None, task_id=task_id, change=StatusChange.RESUME, card=None)
    await world.bus.handle(resume)

    to_worker = [m for m in world.notifier.sent[before:] if m.chat == line_chat]
    assert len(to_worker) == 2
    assert "一時停止になりました" in to_worker[0].text and "作業は止めてください" in to_worker[0].text
    assert "再開されました" in to_worker[1].text and "納期は" in to_worker[1].text


async def test_the_task_list_names_who_took_the_work(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    await _open_task(world, ref)
    await _first_candidate_takes_it(world, worker, ref)

    await world.bus.handle(ListTasks(ref, _chat(ref), None, None))

    listing = world.notifier.sent[-1].text
    assert "担当：青木 あや" in listing and "未割当" not in listing


async def _first_candidate_takes_it(world: World, worker: Person, ref: PersonRef) -> ChatRef:
    """The client asks the top candidate of the last proposal card, who accepts in LINE; their chat."""
    card_ref, card = _proposal_card(world)
    await world.bus.handle(
        ApproveCandidate(ref, card_ref.chat, None, None, proposal_id=card.actions[0].value, card=card_ref)
    )
    line = worker.identity_on(Platform.LINE)
    assert line is not None
    line_chat = ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)
    await world.bus.handle(AcceptOffer(line.ref, line_chat, None, None, proposal_id=card.actions[0].value))
    return line_chat


# --- over-booking: two answers at once ------------------------------------------------------------


async def _accept_together(world: World, taps: list[tuple[Person, str]]) -> list[list[object]]:
    """Several teleworkers (or one, twice) tap 引き受ける at the same moment: each tap is its own
    transaction on its own connection, interleaved on the event loop."""
    commands = []
    for worker, proposal_id in taps:
        line = worker.identity_on(Platform.LINE)
        assert line is not None
        chat = ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)
        commands.append(AcceptOffer(line.ref, chat, None, None, proposal_id=proposal_id))
    return [list(events) for events in await asyncio.gather(*(world.bus.handle(c) for c in commands))]


async def test_two_people_accepting_the_last_units_at_once_never_overfill_the_task(world: World) -> None:
    first = await _teleworker(world, "青木 あや", 20)
    second = await _teleworker(world, "上田 工", 20)
    ref = _client(world)
    task_id, _ = await _open_task(world, ref)
    card_ref, card = _proposal_card(world)
    for action in card.actions:  # the client asks both for all 200 件
        await world.bus.handle(
            ApproveCandidate(ref, card_ref.chat, None, None, proposal_id=action.value, card=card_ref)
        )
    assert len(_offers(world)) == 2

    async with world.database.unit_of_work() as uow:
        client = await uow.people.by_identity(ref)
        assert client is not None and client.organization_id
        offered = {p.person_id: p.id for p in await uow.proposals.for_task(client.organization_id, task_id)}

    results = await _accept_together(world, [(first, offered[first.id]), (second, offered[second.id])])

    assert sorted(len(r) for r in results) == [0, 2]  # one OfferAccepted + TaskChanged; the other nothing
    async with world.database.unit_of_work() as uow:
        client = await uow.people.by_identity(ref)
        assert client is not None and client.organization_id
        assignments = await uow.assignments.for_task(client.organization_id, task_id)
    assert sum(a.units for a in assignments) == 200 and len(assignments) == 1
    loser = first if assignments[0].person_id == second.id else second
    line = loser.identity_on(Platform.LINE)
    assert line is not None
    [told] = [m for m in world.notifier.sent if m.chat.channel_id == line.ref.user_id and not m.actions]
    assert told.text.startswith(
        "ごめんなさい、「請求書のデータ入力」はほかの方が先に引き受けて、全量の担当が決まりました。"
    )


async def test_one_person_accepting_two_offers_at_once_is_never_booked_past_their_hours(world: World) -> None:
    worker = await _teleworker(world, "佐藤 花子", 4)  # 8 free hours before 12/4: 160 件 of either task
    ref = _client(world)
    proposal_ids: list[str] = []
    for _ in range(2):
        await _open_task(world, ref)
        card = _proposal_card_for(world, len(proposal_ids))
        await world.bus.handle(
            ApproveCandidate(ref, card.chat, None, None, proposal_id=card.actions[0].value, card=None)
        )
        proposal_ids.append(card.actions[0].value)

    results = await _accept_together(world, [(worker, proposal_ids[0]), (worker, proposal_ids[1])])

    assert sorted(len(r) for r in results) == [0, 1]  # one accepted (the task still has 40 件 open)
    async with world.database.unit_of_work() as uow:
        [assignment] = (await uow.assignments.for_people([worker.id]))[worker.id]
    assert assignment.units == 160 and assignment.hours == pytest.approx(8.0)
    line = worker.identity_on(Platform.LINE)
    assert line is not None
    told = [m.text for m in world.notifier.sent if m.chat.channel_id == line.ref.user_id and not m.actions]
    assert len(told) == 2 and any(t.startswith("ありがとうございます！") for t in told)
    assert any("締切までの空き時間（または年収の上限）が足りなくなった" in t for t in told)


def _proposal_card_for(world: World, index: int) -> OutgoingMessage:
    """The `index`-th proposal card posted (one per opened task)."""
    return [m for m in world.notifier.sent if m.header.startswith("候補の提案")][index]


async def test_linking_accounts_moves_offers_and_work_to_the_kept_person(world: World) -> None:
    """A teleworker with accepted work and a pending offer links their LINE account to their Slack
    account: both move to the Slack person, the offer can still be answered in LINE, and capacity
    counts the work once, for one person."""
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    first_task, _ = await _open_task(world, ref)
    await _first_candidate_takes_it(world, worker, ref)  # 200 件, 10 hours accepted
    await _open_task(world, ref)
    second = _proposal_card_for(world, 1)
    await world.bus.handle(
        ApproveCandidate(ref, second.chat, None, None, proposal_id=second.actions[0].value, card=None)
    )
    slack = PersonRef(Platform.SLACK, "TLINKED", "WAOKI")
    world.directory.profiles[slack.user_id] = PlatformProfile("青木 あや", "ja-JP")
    await world.bus.handle(HandleSlashCommand(slack, ChatRef(Platform.SLACK, "TLINKED", "D1"), None, None, text="link"))
    code = re.search(r"[A-Z2-9]{8}", world.notifier.sent[-1].text)
    assert code is not None
    line = worker.identity_on(Platform.LINE)
    assert line is not None
    line_chat = ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)

    [linked] = await world.bus.handle(HandleMessage(line.ref, line_chat, None, None, text=f"連携 {code.group()}"))

    assert isinstance(linked, AccountsLinked) and linked.merged_id == worker.id
    kept = linked.person_id
    async with world.database.unit_of_work() as uow:
        held = await uow.assignments.for_people([kept, worker.id])
        offer = await uow.proposals.offered_to(kept, second.actions[0].value)
    assert [a.units for a in held[kept]] == [200] and held[worker.id] == []
    assert offer is not None and offer.status is ProposalStatus.OFFERED
    # The offer sent before linking is answered from the same LINE chat, now the kept person's.
    events = await world.bus.handle(AcceptOffer(line.ref, line_chat, None, None, proposal_id=second.actions[0].value))
    assert [type(e) for e in events][:1] == [OfferAccepted]
    async with world.database.unit_of_work() as uow:
        held = await uow.assignments.for_people([kept])
    # 40 free hours before 12/4: the second 200 件 (10 hours) fits beside the first, both one person's.
    assert sorted(a.units for a in held[kept]) == [200, 200] and {a.task_id for a in held[kept]} >= {first_task}


async def test_a_region_named_with_match_puts_people_living_there_first_or_only_them(world: World) -> None:
    local = await _teleworker(world, "青木 あや", 4, region="長野県伊那市")  # 160 of the 200 件
    await _teleworker(world, "上田 工", 20, region="長野県松本市")  # fits better: all of it
    await _teleworker(world, "森 愛", 20)  # no region given
    ref = _client(world)
    task_id, _ = await _open_task(world, ref)
    assert _proposal_card_for(world, 0).text.index("上田 工") < _proposal_card_for(world, 0).text.index("青木 あや")

    await world.bus.handle(ProposeCandidates(ref, _chat(ref), None, None, task="請求書 地域：伊那市"))

    preferred = _proposal_card_for(world, 1)
    assert "地域：伊那市にお住まいの方を優先しています。" in preferred.text
    assert "*1. 青木 あや* — 160件" in preferred.text and "伊那市在住" in preferred.text
    assert "*2. 上田 工*" in preferred.text and preferred.text.count("在住") == 1  # others after, unmarked

    await world.bus.handle(ProposeCandidates(ref, _chat(ref), None, None, task="請求書 地域:伊那市のみ"))

    only = _proposal_card_for(world, 2)
    assert "地域：伊那市にお住まいの方に限っています。" in only.text
    assert "青木 あや" in only.text and "上田" not in only.text and "森" not in only.text
    async with world.database.unit_of_work() as uow:
        client = await uow.people.by_identity(ref)
        assert client is not None and client.organization_id
        task = await uow.tasks.get(client.organization_id, task_id)
        history = await uow.tasks.history(client.organization_id, task_id)
    assert task is not None and (task.region, task.region_only) == ("伊那市", True)
    assert any(f.field == "region" and f.after == "伊那市" for change in history for f in change.fields)

    # Nobody there with time: the client is told how to widen the search.
    await world.bus.handle(ProposeCandidates(ref, _chat(ref), None, None, task="請求書 地域:高遠町のみ"))
    assert world.notifier.sent[-1].text.startswith(
        "「請求書のデータ入力」を引き受けられる高遠町にお住まいの方が見つかりませんでした。"
    )
    await world.bus.handle(ProposeCandidates(ref, _chat(ref), None, None, task="請求書 地域:なし"))
    assert "地域：" not in _proposal_card_for(world, 3).text and local.id


async def test_match_all_send_offers_every_planned_share_without_over_booking_and_shows_each_client(
    world: World,
) -> None:
    aoki = await _teleworker(world, "青木 あや", 10)
    sato = await _teleworker(world, "佐藤 花子", 2)
    first, second = _client(world), _client(world)
    await _open_task(world, first)  # each opening proposes a round to its client (nobody approves)
    await _open_task(world, second)
    before = len(world.notifier.sent)

    plan, events = await offer_all(world.database.unit_of_work(), world.notifier, world.clock)

    offers = [m for m in world.notifier.sent[before:] if m.header == "お仕事の依頼"]
    assert len(offers) == len(plan.shares) == len([e for e in events if isinstance(e, OfferSent)])
    async with world.database.unit_of_work() as uow:
        tasks = [t for o in await uow.organizations.all() for t in await uow.tasks.for_organization(o.id)]
        stored = [p for t in tasks for p in await uow.proposals.for_task(t.organization_id, t.id)]
        free = {w.id: await free_units(w.id, tasks[0], 10_000, uow, world.clock.now()) for w in (aoki, sato)}
    offered = [p for p in stored if p.status is ProposalStatus.OFFERED]
    assert {p.status for p in stored} == {ProposalStatus.OFFERED, ProposalStatus.WITHDRAWN}  # the old rounds
    assert all(p.approved_by is None for p in offered)  # the operator's run, not a person
    for worker in (aoki, sato):  # across both tasks, nobody is offered more than their free time
        assert sum(p.units for p in offered if p.person_id == worker.id) <= free[worker.id]
    assert sum(p.units for p in offered) == min(400, free[aoki.id] + free[sato.id])
    cards = [m for m in world.notifier.sent[before:] if m.header.startswith("候補の提案")]
    assert len(cards) == 2 and all("（依頼中）" in c.text and not c.actions for c in cards)

    # Everything open is on offer now: a second run offers nothing more.
    again, _ = await offer_all(world.database.unit_of_work(), world.notifier, world.clock)
    assert again.shares == ()


async def test_a_region_set_in_the_task_form_is_matched_from_the_first_proposal(world: World) -> None:
    await _teleworker(world, "青木 あや", 4, region="長野県伊那市")
    await _teleworker(world, "上田 工", 20, region="長野県松本市")
    ref = _client(world)
    form = TaskFormInput(
        title="アンケート入力",
        skills=("data_entry",),
        volume_amount="１６０",
        volume_unit="件",
        deadline="2026-12-04",
        region="伊那市のみ",
    )
    fields, errors = validate_task_form(form, date(2026, 11, 23))
    assert errors == () and fields is not None

    await world.bus.handle(SubmitTaskForm(ref, _chat(ref), None, None, fields=fields, task_id=None, card=None))

    card = _proposal_card_for(world, 0)
    assert "地域：伊那市にお住まいの方に限っています。" in card.text
    assert "青木 あや" in card.text and "上田" not in card.text
    async with world.database.unit_of_work() as uow:
        client = await uow.people.by_identity(ref)
        assert client is not None and client.organization_id
        [task] = await uow.tasks.for_organization(client.organization_id)
    assert (task.region, task.region_only) == ("伊那市", True)
    assert form_of(task).region == "伊那市のみ"  # the edit form shows it as typed, and keeps it


async def test_a_region_clause_in_the_request_is_the_drafted_tasks_region(world: World) -> None:
    await _teleworker(world, "青木 あや", 4, region="長野県伊那市")
    await _teleworker(world, "上田 工", 20, region="長野県松本市")
    ref = _client(world)

    [drafted] = await world.bus.handle(DraftTask(ref, _chat(ref), None, None, text=REQUEST + "　地域：伊那市のみ"))

    assert isinstance(drafted, TaskDrafted)
    [draft] = [m for m in world.notifier.updated if m[1].fields]
    shown = {f.label: f.value for f in draft[1].fields}
    assert shown["作業地域"] == "伊那市のみ" and shown["案件名"] == "請求書のデータ入力"
    await world.bus.handle(ConfirmTask(ref, _chat(ref), None, None, task_id=drafted.task_id, card=None))
    card = _proposal_card_for(world, 0)
    assert "地域：伊那市にお住まいの方に限っています。" in card.text and "上田" not in card.text


async def test_a_track_record_from_reports_ranks_people_and_is_given_as_a_reason(world: World) -> None:
    kept = await _teleworker(world, "青木 あや", 20)
    missed = await _teleworker(world, "上田 工", 20)
    earlier = Organization(name="過去の依頼元", kind=OrganizationKind.CLIENT)
    month_ago = world.clock.now() - timedelta(days=30)
    async with world.database.unit_of_work() as uow:
        await uow.organizations.add(earlier)
        for person in (kept, missed):  # the same past work for both, due on 11/13
            past = Task(
                organization_id=earlier.id,
                title="名刺入力",
                volume=Volume(100, "件"),
                deadline=date(2026, 11, 13),
                created_by=person.id,
                skills=frozenset({"data_entry"}),
                status=TaskStatus.IN_PROGRESS,
                created_at=month_ago,
            )
            await uow.tasks.add(past)
            share = Assignment(earlier.id, past.id, person.id, 100, 5.0, 0, month_ago)
            await uow.assignments.add(share)
            if person is kept:  # 青木 reported it all by the deadline; 上田 never reported
                at = datetime(2026, 11, 12, 9, tzinfo=UTC)
                await uow.reports.add(
                    ProgressReport(earlier.id, share.id, person.id, 100, 100, None, True, "", "", "rules", at)
                )
        await uow.commit()
    ref = _client(world)

    await _open_task(world, ref)

    card = _proposal_card_for(world, 0)
    assert card.text.index("青木 あや") < card.text.index("上田 工")
    assert "報告の期限内1/1件、完了1/1件" in card.text and "報告の期限内0/1件、完了0/1件" in card.text


async def test_a_leader_who_leaves_the_split_unanswered_is_passed_over_for_the_next_team(world: World) -> None:
    first = await _teleworker(world, "青木 あや", 40)
    second = await _teleworker(world, "上田 工", 40)
    operator = Organization(name="伊那BPO", kind=OrganizationKind.OPERATOR)
    async with world.database.unit_of_work() as uow:
        await uow.organizations.add(operator)
        await uow.teams.add(Team(name="伊那チーム", organization_id=operator.id, leader_id=first.id))
        await uow.teams.add(Team(name="高遠チーム", organization_id=operator.id, leader_id=second.id))
        await uow.commit()
    ref = _client(world)
    fields = TaskFields(
        title="アンケート入力",
        description="",
        skills=frozenset({"data_entry"}),
        other_skills=(),
        volume=Volume(600, "件"),
        deadline=date(2026, 12, 4),
        recurrence=Recurrence.ONE_OFF,
        shape=TeamShape.TEAM,
        budget_yen=None,
        rate_yen=None,
        updates_channel=None,
    )
    events = await world.bus.handle(SubmitTaskForm(ref, _chat(ref), None, None, fields=fields, task_id=None, card=None))
    [asked] = [e for e in events if isinstance(e, TeamWorkAsked)]
    silent, other = (first, second) if asked.leader_id == first.id else (second, first)

    class Later:
        def now(self) -> datetime:
            return FixedClock().now() + timedelta(hours=25)

    assert not [e for e in await expire_offers(world.database.unit_of_work(), world.notifier, world.clock)]
    events = await expire_offers(world.database.unit_of_work(), world.notifier, Later())

    [next_ask] = [e for e in events if isinstance(e, TeamWorkAsked)]
    assert next_ask.leader_id == other.id and _offers(world) == []
    _, updated = world.notifier.updated[-1]
    assert "（期限切れ）" in updated.text and "（リーダー確認中）" in updated.text
    assert await expire_offers(world.database.unit_of_work(), world.notifier, Later()) == []  # once
    line = silent.identity_on(Platform.LINE)
    assert line is not None
    late = AnswerTeamWork(
        line.ref,
        ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id),
        None,
        None,
        proposal_id=asked.proposal_id,
        approve=True,
    )
    assert await world.bus.handle(late) == [] and world.notifier.sent[-1].text == "この依頼はすでに期限切れです。"
