"""Cover (お互いにカバー) through the bus, on SQLite and PostgreSQL: a teleworker with accepted work
says in LINE that they will be off; their team leader is offered teammates first, with reasons, and
one tap moves what is left of the share; both hear it in LINE; nothing is counted twice; a second
tap is answered with what happened."""


# ruff: noqa: F811 - the tests take the imported `world` fixture as their argument

from __future__ import annotations

import uuid

from domain.model import Identity, Person, Role, Team
from domain.proposals import CoverStatus, ProgressReport
from domain.refs import ChatRef, Locale, PersonRef, Platform
from handlers.absences import reachable_chat
from handlers.buttons import COVER_REASSIGN as REASSIGN
from handlers.buttons import read_reassign as read_reassign_data
from handlers.commands import HandleMessage, ReassignCover
from handlers.events import AbsenceReported, CoverProposed, CoverReassigned
from handlers.ports import OutgoingMessage
from tests.handlers.test_matching import (
    LINE_BOT,
    World,
    _client,
    _first_candidate_takes_it,
    _open_task,
    _teleworker,
    world,  # noqa: F401 - the fixture, found by pytest here too
)


def _line(person: Person) -> tuple[PersonRef, ChatRef]:
    identity = person.identity_on(Platform.LINE)
    assert identity is not None
    return identity.ref, ChatRef(Platform.LINE, LINE_BOT, identity.ref.user_id)


async def _say(world: World, person: Person, text: str) -> list[object]:
    ref, chat = _line(person)
    return list(await world.bus.handle(HandleMessage(ref, chat, None, None, text=text)))


async def _tap(world: World, leader: Person, action_value: str) -> list[object]:
    ref, chat = _line(leader)
    chosen = read_reassign_data(action_value)
    assert chosen is not None
    return list(await world.bus.handle(ReassignCover(ref, chat, None, None, request_id=chosen[0], person_id=chosen[1])))


async def _team_with(world: World, leader: Person, members: list[Person]) -> None:
    async with world.database.unit_of_work() as uow:
        owner = (await uow.organizations.all())[0]
        await uow.teams.add(Team("伊那チーム", owner.id, leader.id, {m.id for m in members}))
        await uow.commit()


def _sent_to(world: World, person: Person) -> list[OutgoingMessage]:
    _, chat = _line(person)
    return [m for m in world.notifier.sent if m.chat == chat]


async def test_an_absence_that_hits_accepted_work_lets_the_leader_hand_it_to_a_teammate(world: World) -> None:
    aoki = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    task_id, _ = await _open_task(world, ref)  # 200 件 by 12/4, about 10 hours
    await _first_candidate_takes_it(world, aoki, ref)
    leader = await _teleworker(world, "山本 リーダー", 0)  # leads, takes no work
    sato = await _teleworker(world, "佐藤 花子", 20)  # teammate
    ueda = await _teleworker(world, "上田 工", 40)  # outside the team: more free time, listed second
    await _team_with(world, leader, [aoki, sato])
    async with world.database.unit_of_work() as uow:
        [share] = (await uow.assignments.for_people([aoki.id]))[aoki.id]
        await uow.reports.add(
            ProgressReport(
                share.organization_id, share.id, aoki.id, 50, 50, 2.5, False, "", "50件", "rules", share.accepted_at
            )
        )
        await uow.commit()

    events = await _say(world, aoki, "明日から12/4まで子どもの入院で休みます")

    assert [type(e) for e in events] == [AbsenceReported, CoverProposed]
    [card] = [m for m in _sent_to(world, leader) if m.actions]
    assert card.header == "代わりの担当の提案"
    # The leader is in LINE: the absence notice rides ahead of the card (one push), not on its own.
    assert (
        card.preface
        == "青木 あやさんから、2026/11/24（火）〜2026/12/4（金）のお休みの連絡がありました（理由：子どもの入院）。"
    )
    assert not [m for m in _sent_to(world, leader) if "連絡がありました" in m.text]
    assert "青木 あやさんが2026/11/24（火）〜2026/12/4（金）お休みです。" in card.text
    assert "「請求書のデータ入力」の残り150件（締切 2026/12/4（金））を引き継げる方です。" in card.text
    assert "1. 佐藤 花子（同じチーム） — 150件・約7.5時間" in card.text and "2. 上田 工 — 150件" in card.text
    assert "青木" not in card.text.split("\n", 1)[1]  # the absent person is never a candidate
    assert "*" not in card.text  # Slack's bold marks are not sent to LINE
    assert [(a.action_id, a.label) for a in card.actions] == [
        (REASSIGN, "佐藤 花子さんに交代"),
        (REASSIGN, "上田 工さんに交代"),
    ]

    moved = await _tap(world, leader, card.actions[0].value)

    assert [type(e) for e in moved] == [CoverReassigned]
    assert (
        _sent_to(world, leader)[-1].text
        == "佐藤 花子さんに「請求書のデータ入力」の150件を引き継ぎました。お二人にLINEでお知らせしました。"
    )
    to_sato = _sent_to(world, sato)[-1].text
    assert to_sato.startswith(
        "【代わりの担当】青木 あやさんのお休みのため、山本 リーダーさんから「請求書のデータ入力」の150件"
    )
    assert _sent_to(world, aoki)[-1].text.startswith("「請求書のデータ入力」の残り150件は佐藤 花子さんが引き継ぎます。")
    async with world.database.unit_of_work() as uow:
        client = await uow.people.by_identity(ref)
        assert client is not None and client.organization_id
        shares = {a.person_id: a for a in await uow.assignments.for_task(client.organization_id, task_id)}
        [request] = await uow.covers.for_task(client.organization_id, task_id)
    # Nothing counted twice: the task is covered exactly once, hours and pay split, not copied.
    assert (shares[aoki.id].units, shares[sato.id].units) == (50, 150) and len(shares) == 2
    assert abs(shares[aoki.id].hours + shares[sato.id].hours - 10.0) < 1e-9
    assert shares[sato.id].cover_of == shares[aoki.id].id
    assert (request.status, request.covered_by, request.moved_units, request.resolved_by) == (
        CoverStatus.REASSIGNED,
        sato.id,
        150,
        leader.id,
    )

    # A second tap (another button, a redelivery): nothing moves again, the leader hears what happened.
    assert await _tap(world, leader, card.actions[1].value) == []
    assert (
        _sent_to(world, leader)[-1].text
        == "この交代はすでに決まっています（山本 リーダーさんが佐藤 花子さんに150件分を引き継ぎ済み）。"
    )
    assert ueda.id not in shares
    # A button whose request never existed (or was someone else's) finds nothing.
    assert await _tap(world, leader, f"cover:reassign:{uuid.uuid4().hex}:{sato.id}") == []
    assert _sent_to(world, leader)[-1].text == "この交代の依頼は見つかりませんでした。"


async def test_an_absence_the_person_can_work_around_raises_no_cover(world: World) -> None:
    aoki = await _teleworker(world, "青木 あや", 20)  # 10 hours of work, 40 free: one day off still fits
    ref = _client(world)
    await _open_task(world, ref)
    await _first_candidate_takes_it(world, aoki, ref)
    leader = await _teleworker(world, "山本 リーダー", 0)
    await _team_with(world, leader, [aoki])

    events = await _say(world, aoki, "明日は子どもの発熱で休みます")

    assert [type(e) for e in events] == [AbsenceReported]
    assert all(not m.actions for m in _sent_to(world, leader))  # told of the absence, asked nothing


async def test_only_a_decider_can_reassign_and_a_teammate_short_of_time_takes_only_what_fits(world: World) -> None:
    aoki = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    await _open_task(world, ref)
    await _first_candidate_takes_it(world, aoki, ref)
    leader = await _teleworker(world, "山本 リーダー", 0)
    sato = await _teleworker(world, "佐藤 花子", 20)
    await _team_with(world, leader, [aoki, sato])
    await _say(world, aoki, "明日から12/4まで休みます")
    [card] = [m for m in _sent_to(world, leader) if m.actions]

    # Someone who is not a leader of the absent member (here: the teammate) cannot move the work.
    assert await _tap(world, sato, card.actions[0].value) == []
    assert _sent_to(world, sato)[-1].text == "この交代の依頼は見つかりませんでした。"

    # The teammate is away too before the leader taps: only today's 4 hours (80 件) are free, so
    # only that moves; the rest stays with the absent member, and nobody is booked past their time.
    await _say(world, sato, "明日から12/4まで休みます")
    [moved] = await _tap(world, leader, card.actions[0].value)
    assert isinstance(moved, CoverReassigned) and moved.units == 80
    assert _sent_to(world, leader)[-1].text == (
        "佐藤 花子さんに「請求書のデータ入力」の80件を引き継ぎました（空き時間の範囲まで）。"
        "残り120件は青木 あやさんの担当のままです。"
    )
    assert _sent_to(world, aoki)[-1].text.startswith(
        "「請求書のデータ入力」のうち80件は佐藤 花子さんが引き継ぎます。あなたの残りは120件です。"
    )
    async with world.database.unit_of_work() as uow:
        [share] = (await uow.assignments.for_people([aoki.id]))[aoki.id]
        [taken] = (await uow.assignments.for_people([sato.id]))[sato.id]
    assert (share.units, taken.units) == (120, 80) and taken.hours == 4.0


async def test_when_one_leader_decides_the_other_leaders_slack_card_is_settled_in_place(world: World) -> None:
    aoki = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    await _open_task(world, ref)
    await _first_candidate_takes_it(world, aoki, ref)
    leader = await _teleworker(world, "山本 リーダー", 0)  # decides in LINE
    sato = await _teleworker(world, "佐藤 花子", 20)
    await _team_with(world, leader, [aoki, sato])
    # A second team holds 青木 too; its leader is on Slack and reads English.
    kato = Person(display_name="Kato", roles=frozenset({Role.LEADER}), locale=Locale.EN)
    kato.add_identity(Identity(PersonRef(Platform.SLACK, "T111", "W" + uuid.uuid4().hex[:10].upper()), "Kato"))
    async with world.database.unit_of_work() as uow:
        await uow.people.add(kato)
        owner = (await uow.organizations.all())[0]
        await uow.teams.add(Team("高遠チーム", owner.id, kato.id, {aoki.id}))
        await uow.commit()
    await _say(world, aoki, "明日から12/4まで休みます")
    kato_chat = reachable_chat(kato)
    assert kato_chat is not None and kato_chat.platform is Platform.SLACK
    [kato_card] = [m for m in world.notifier.sent if m.chat == kato_chat and m.actions]
    [line_card] = [m for m in _sent_to(world, leader) if m.actions]
    async with world.database.unit_of_work() as uow:
        request_id = (read_reassign_data(line_card.actions[0].value) or ("", ""))[0]
        [stored] = await uow.covers.cards(request_id)  # only the Slack card can be edited later
    assert (stored.decider_id, stored.workspace, stored.channel) == (kato.id, kato_chat.workspace, kato_chat.channel_id)
    sent_before = len(world.notifier.sent)

    [moved] = await _tap(world, leader, line_card.actions[0].value)

    assert isinstance(moved, CoverReassigned)
    # 加藤's card is settled where it is: the same lines, no buttons, who decided, in English.
    [(where, settled)] = [(r, m) for r, m in world.notifier.updated if r.chat == kato_chat]
    assert (where.chat, where.message_id) == (kato_chat, stored.message_id)
    assert settled.actions == () and settled.text == kato_card.text and settled.header == kato_card.header
    assert settled.note == "山本 リーダー handed 200 件 of “請求書のデータ入力” from 青木 あや to 佐藤 花子."
    # ... and he gets no extra message about it.
    assert not [m for m in world.notifier.sent[sent_before:] if m.chat == kato_chat]


async def test_a_leaders_daida_shows_the_requests_still_waiting_for_them(world: World) -> None:
    aoki = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    await _open_task(world, ref)
    await _first_candidate_takes_it(world, aoki, ref)
    leader = await _teleworker(world, "山本 リーダー", 0)
    sato = await _teleworker(world, "佐藤 花子", 20)
    await _team_with(world, leader, [aoki, sato])
    await _say(world, sato, "代打")  # a member who decides nothing
    assert _sent_to(world, sato)[-1].text.startswith("いま判断を待っている代打の依頼はありません。")
    await _say(world, aoki, "明日から12/4まで子どもの入院で休みます")
    [card] = [m for m in _sent_to(world, leader) if m.actions]

    await _say(world, leader, "代打")

    shown = _sent_to(world, leader)[-1]
    assert shown.text.startswith("あなたの判断を待っている代打の依頼が1件あります（1件を表示）。")
    [waiting] = shown.cards
    assert waiting.header == "請求書のデータ入力" and "1. 佐藤 花子（同じチーム）" in waiting.text
    assert waiting.actions == card.actions  # the same 交代 postbacks as the card they were sent
    await _tap(world, leader, waiting.actions[0].value)
    await _say(world, leader, "代打")
    assert _sent_to(world, leader)[-1].cards == ()
    assert _sent_to(world, leader)[-1].text.startswith("いま判断を待っている代打の依頼はありません。")
