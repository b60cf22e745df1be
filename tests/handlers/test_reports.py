"""Progress reports in LINE (issue 6) through the bus, on SQLite and PostgreSQL: a teleworker with
accepted work reports in plain Japanese → a stored report, the confirmation, the leader told of the
blocker; a message that could be about either of two assignments is asked about, not stored."""

from __future__ import annotations

import uuid

from domain.model import Identity, Organization, OrganizationKind, Person, Role, Team
from domain.refs import ChatRef, PersonRef, Platform
from handlers.commands import AcceptOffer, ApproveCandidate, ConfirmTask, DraftTask, HandleMessage
from handlers.events import ReportSubmitted, TaskChanged, TaskDrafted
from handlers.ports import SentMessage
from tests.handlers.test_matching import LINE_BOT, REQUEST, World, _chat, _client, _teleworker
from tests.handlers.test_matching import world as matching_world

world = matching_world  # the same fixture: a database of its own per test, the bus, fakes

SECOND_REQUEST = "12/5までにアンケート300件のデータ入力をお願いします"


async def _assign(world: World, worker: Person, ref: PersonRef, request: str) -> str:
    """Open a task from `request`, approve the worker's proposal and accept it in LINE."""
    [drafted] = await world.bus.handle(DraftTask(ref, _chat(ref), None, None, text=request))
    assert isinstance(drafted, TaskDrafted)
    before = len(world.notifier.sent)
    await world.bus.handle(ConfirmTask(ref, _chat(ref), None, None, task_id=drafted.task_id, card=None))
    [card] = [m for m in world.notifier.sent[before:] if m.header.startswith("候補の提案")]
    [approve] = [a for a in card.actions if worker.display_name in a.label]
    card_ref = SentMessage(card.chat, "1700000000.000001")
    await world.bus.handle(ApproveCandidate(ref, card_ref.chat, None, None, proposal_id=approve.value, card=card_ref))
    line = _line(worker)
    await world.bus.handle(AcceptOffer(line, _line_chat(worker), None, None, proposal_id=approve.value))
    return drafted.task_id


def _line(person: Person) -> PersonRef:
    identity = person.identity_on(Platform.LINE)
    assert identity is not None
    return identity.ref


def _line_chat(person: Person) -> ChatRef:
    return ChatRef(Platform.LINE, LINE_BOT, _line(person).user_id)


async def _leader_of(world: World, worker: Person) -> Person:
    leader = Person(display_name="山本 リーダー", roles=frozenset({Role.LEADER}))
    leader.add_identity(Identity(PersonRef(Platform.SLACK, "TLEAD", "U" + uuid.uuid4().hex[:10].upper()), "山本"))
    operator = Organization(name="伊那BPO", kind=OrganizationKind.OPERATOR)
    async with world.database.unit_of_work() as uow:
        await uow.organizations.add(operator)
        await uow.people.add(leader)
        await uow.teams.add(Team("伊那チーム", operator.id, leader.id, {worker.id}))
        await uow.commit()
    return leader


async def test_a_report_with_a_blocker_is_stored_confirmed_and_reaches_the_leader(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    await _assign(world, worker, ref, REQUEST)
    leader = await _leader_of(world, worker)
    before = len(world.notifier.sent)

    text = "請求書 50件入力しました。取引先コードが無いものが3件あって止まってます"
    events = await world.bus.handle(HandleMessage(_line(worker), _line_chat(worker), None, None, text=text))

    [submitted] = [e for e in events if isinstance(e, ReportSubmitted)]
    assert submitted.person_id == worker.id and submitted.has_blockers
    async with world.database.unit_of_work() as uow:
        [report] = await uow.reports.for_assignment(submitted.assignment_id)
        assert await uow.reports.reported_units([submitted.assignment_id]) == {submitted.assignment_id: 50}
    assert (report.units_done, report.units_cumulative, report.done) == (50, 50, False)
    assert report.blockers == "取引先コードが無いもの3件"  # as the reply says it, unit and all
    assert report.raw_text == text and report.parser == "rules-v1" and report.organization_id

    sent = world.notifier.sent[before:]
    [reply] = [m for m in sent if m.chat == _line_chat(worker)]
    assert "本日50件（累計50/200件）" in reply.text and "リーダーに共有しました" in reply.text
    assert [q.label for q in reply.quick_replies] == ["訂正する"]
    slack = leader.identity_on(Platform.SLACK)
    assert slack is not None
    [notice] = [m for m in sent if m.chat == ChatRef(Platform.SLACK, slack.ref.workspace, slack.ref.user_id)]
    assert "青木 あや" in notice.text and "取引先コード" in notice.text

    # The next report counts on from what was stored.
    more = await world.bus.handle(
        HandleMessage(_line(worker), _line_chat(worker), None, None, text="請求書 30件入力しました")
    )
    assert [type(e) for e in more] == [ReportSubmitted]
    assert "本日30件（累計80/200件）" in world.notifier.sent[-1].text


async def test_without_a_leader_the_blocker_reaches_the_client_and_the_reply_says_so(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    await _assign(world, worker, ref, REQUEST)  # no team: nobody leads 青木 あや
    before = len(world.notifier.sent)

    text = "請求書 50件入力しました。取引先コードが無いものが3件あって止まってます"
    await world.bus.handle(HandleMessage(_line(worker), _line_chat(worker), None, None, text=text))

    sent = world.notifier.sent[before:]
    [reply] = [m for m in sent if m.chat == _line_chat(worker)]
    assert "止まっている点：取引先コードが無いもの3件 → 依頼主に共有しました" in reply.text
    assert "リーダーに共有しました" not in reply.text
    [notice] = [m for m in sent if m.chat == ChatRef(Platform.SLACK, ref.workspace, ref.user_id)]
    assert "青木 あや" in notice.text and "取引先コード" in notice.text and "依頼主のあなた" in notice.text

    # Once a leader leads the worker's team, the leader hears it (and the client no longer does).
    leader = await _leader_of(world, worker)
    before = len(world.notifier.sent)
    await world.bus.handle(
        HandleMessage(_line(worker), _line_chat(worker), None, None, text="質問です：締切は延ばせますか？")
    )
    sent = world.notifier.sent[before:]
    slack = leader.identity_on(Platform.SLACK)
    assert slack is not None
    told = {m.chat.channel_id for m in sent if m.chat.platform is Platform.SLACK and m.chat.channel_id != "C0ORDERS"}
    assert slack.ref.user_id in told and ref.user_id not in told


async def test_a_report_that_could_be_about_two_assignments_is_asked_about_not_stored(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 40)
    ref = _client(world)
    first = await _assign(world, worker, ref, REQUEST)
    second = await _assign(world, worker, ref, SECOND_REQUEST)
    assert first != second

    events = await world.bus.handle(
        HandleMessage(_line(worker), _line_chat(worker), None, None, text="50件入力しました")
    )

    assert events == []
    reply = world.notifier.sent[-1]
    assert reply.chat == _line_chat(worker) and "どの案件の報告ですか？" in reply.text
    assert len(reply.quick_replies) == 2
    async with world.database.unit_of_work() as uow:
        assignments = (await uow.assignments.for_people([worker.id]))[worker.id]
        assert len(assignments) == 2
        assert await uow.reports.reported_units([a.id for a in assignments]) == {a.id: 0 for a in assignments}

    # Tapping a choice sends the report again, led by the title: now it is placed and stored.
    again = await world.bus.handle(
        HandleMessage(_line(worker), _line_chat(worker), None, None, text=reply.quick_replies[0].text)
    )
    # the first report on the task also starts it (MATCHED → IN_PROGRESS)
    assert [type(e) for e in again] == [ReportSubmitted, TaskChanged]
