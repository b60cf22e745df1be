"""結の知恵 through the bus: a leader keeps, lists, edits and deletes notes by typing 「メモ …」, a kept
note answers the next question of that kind at once, and a person who accepts a share of the work
gets the kind's notes in the acceptance itself (one message)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.knowhow.model import Note, kind_of
from domain.knowhow.typed import NoteAction, read_typed_note
from domain.model import Organization, OrganizationKind, Person, Task, TaskStatus, Team, Volume
from domain.proposals import Assignment
from domain.refs import ChatRef, Platform
from handlers.commands import AcceptOffer, ApproveCandidate, HandleMessage
from tests.handlers.test_matching import (
    LINE_BOT,
    World,
    _client,
    _open_task,
    _proposal_card,
    _teleworker,
    world,  # noqa: F401 - the fixture
)


def test_typed_note_commands_are_read_and_anything_else_is_not() -> None:
    keep = read_typed_note("メモ 請求書: 取引先コードが無いものは備考欄に『コード無』と書く")
    assert keep is not None and (keep.action, keep.label) == (NoteAction.KEEP, "請求書")
    assert keep.body == "取引先コードが無いものは備考欄に『コード無』と書く"
    assert read_typed_note("メモ 請求書") == read_typed_note("メモ　請求書 ")
    edit = read_typed_note("メモ修正 請求書 2：税込で入力")
    assert edit is not None and (edit.action, edit.number, edit.body) == (NoteAction.EDIT, 2, "税込で入力")
    assert read_typed_note("delete note invoices 1") is not None
    for other in ("メモ", "メモ削除 請求書", "メモ帳を買いました", "請求書 30件やりました"):
        assert read_typed_note(other) is None


async def _leader_with_work(here: World) -> tuple[Person, Person, str]:
    """A LINE leader whose team member holds a share of 請求書入力（11月分）; the organisation id."""
    leader = await _teleworker(here, "中村 リーダー", 10)
    member = await _teleworker(here, "北原 花子", 20)
    organization = Organization(name="株式会社みなと", kind=OrganizationKind.CLIENT)
    task = Task(organization.id, "請求書入力（11月分）", Volume(100, "件"), date(2026, 12, 20), leader.id)
    task.status = TaskStatus.MATCHED
    async with here.database.unit_of_work() as uow:
        await uow.organizations.add(organization)
        await uow.tasks.add(task)
        await uow.assignments.add(Assignment(organization.id, task.id, member.id, 100, 5.0, 0, datetime.now(UTC)))
        team = Team(name="伊那チーム", organization_id=organization.id, leader_id=leader.id, member_ids={member.id})
        await uow.teams.add(team)
        await uow.commit()
    return leader, member, organization.id


async def _say(here: World, person: Person, text: str) -> str:
    line = person.identity_on(Platform.LINE)
    assert line is not None
    chat = ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)
    await here.bus.handle(HandleMessage(line.ref, chat, None, None, text=text))
    return here.notifier.sent[-1].text


async def test_a_leader_keeps_lists_edits_and_deletes_notes_by_typing(world: World) -> None:  # noqa: F811
    leader, member, organization_id = await _leader_with_work(world)
    kept = await _say(world, leader, "メモ 請求書: 取引先コードが無いものは備考欄に『コード無』と書く")
    assert "「請求書入力」の手順メモに残しました（1件目）" in kept
    await _say(world, leader, "メモ 請求書: 金額は税込で入力")
    listed = await _say(world, leader, "メモ 請求書")
    assert "1. 取引先コードが無いものは備考欄に『コード無』と書く" in listed and "2. 金額は税込で入力" in listed
    assert "2番を修正しました" in await _say(world, leader, "メモ修正 請求書 2: 金額は税抜で入力（12月から）")
    assert "3番はありません" in await _say(world, leader, "メモ削除 請求書 3")
    assert "削除しました" in await _say(world, leader, "メモ削除 請求書 1")
    async with world.database.unit_of_work() as uow:
        [note] = await uow.notes.of_kind(organization_id, "請求書入力")
    assert note.body == "金額は税抜で入力（12月から）" and note.updated_at is not None
    assert "見つかりませんでした" in await _say(world, leader, "メモ 名刺: 役職なしは空欄")
    # A worker who leads no team: 「メモ …」 is not a note command for them.
    await _say(world, member, "メモ 請求書: 勝手に書いたメモ")
    async with world.database.unit_of_work() as uow:
        assert len(await uow.notes.of_kind(organization_id, "請求書入力")) == 1


async def test_accepting_a_share_brings_the_kinds_notes_in_the_same_message(world: World) -> None:  # noqa: F811
    worker = await _teleworker(world, "林 健太", 20)
    ref = _client(world)
    task_id, _ = await _open_task(world, ref)
    card_ref, card = _proposal_card(world)
    await world.bus.handle(
        ApproveCandidate(ref, card_ref.chat, None, None, proposal_id=card.actions[0].value, card=card_ref)
    )
    async with world.database.unit_of_work() as uow:
        client = await uow.people.by_identity(ref)
        assert client is not None and client.organization_id
        task = await uow.tasks.get(client.organization_id, task_id)
        assert task is not None
        for body, question in (("備考欄に『コード無』と書く", "取引先コードが無いときは？"), ("税込で入力", "")):
            await uow.notes.save(
                Note(task.organization_id, kind_of(task.title), question, body, client.id, datetime.now(UTC))
            )
        await uow.commit()
    line = worker.identity_on(Platform.LINE)
    assert line is not None
    chat = ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)
    sent_before = len(world.notifier.sent)
    await world.bus.handle(AcceptOffer(line.ref, chat, None, None, proposal_id=card.actions[0].value))
    to_worker = [m for m in world.notifier.sent[sent_before:] if m.chat == chat]
    [accepted] = to_worker  # one message: the acceptance and the notes together
    assert accepted.text.startswith("ありがとうございます！")
    assert "手順メモ（チームのQ&A 2件）" in accepted.text
    assert (
        "取引先コードが無いときは？ → 備考欄に『コード無』と書く" in accepted.text and "・税込で入力" in accepted.text
    )
