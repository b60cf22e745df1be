"""退会 through the real LINE endpoint: the personal data goes, anonymous work history stays."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
from sqlalchemy import select

from bot.harness import RunningApp
from bot.sandbox import PlatformSandbox
from bot.signing import line_headers
from domain.model import TaskStatus, Team
from domain.persistence.tables import InboxEventRow
from domain.reminders import ReminderSetting
from handlers.absences import team_leaders
from tests.adapters.test_line_onboarding import labels, tokyo_today
from tests.adapters.test_my_tasks import _assign, _worker
from tests.conftest import LINE_SECRET, line_body

PRIVATE = "平日15時に保育園のお迎えがあります"


async def test_withdrawal_removes_personal_data_and_keeps_anonymous_work_history(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    hana = await _worker(app, sandbox, "佐藤 花子")
    work = await _assign(app, hana, "請求書入力", units=100, total=100, due=tokyo_today() + timedelta(days=5))
    database = app.runtime.services.database
    async with database.unit_of_work() as uow:
        person = await uow.people.by_identity(hana.ref)
        assert person is not None
        leader = await uow.people.get(work.task.created_by)
        assert leader is not None
        team = Team("伊那チーム", work.task.organization_id, leader.id, {person.id})
        await uow.teams.add(team)
        await uow.commit()
    await hana.say("配慮事項変更")
    await hana.say(PRIVATE)  # typed: the webhook carrying it is stored in the inbox
    await hana.say("リマインド 20時")
    reported = await hana.say("請求書 30件入力しました")
    assert "30" in reported["text"]
    body = line_body(
        "line/message_text_user.json",
        source={"type": "user", "userId": hana.user_id},
        message={"id": "9", "type": "text", "text": "明日は子どもの発熱で休みます", "quoteToken": "q"},
    )
    sent = json.dumps(body, ensure_ascii=False)
    async with httpx.AsyncClient(base_url=app.url) as client:
        await client.post("/line/webhook", content=sent.encode(), headers=line_headers(LINE_SECRET, sent))
    await app.settle()

    async with database.engine.connect() as connection:
        rows = (await connection.execute(select(InboxEventRow.event_id, InboxEventRow.payload))).all()
    sent_by_her = {event_id for event_id, payload in rows if hana.user_id in payload}
    assert len(sent_by_her) >= 4

    confirm = await hana.say("退会")
    gone = await hana.tap(confirm, "退会する")
    assert gone["text"].startswith("退会しました。") and labels(gone) == []

    async with database.unit_of_work() as uow:
        kept = await uow.people.get(person.id)
        [report] = await uow.reports.for_assignment(work.assignment.id)
        stored_team = await uow.teams.get(team.id)
        reminder = await uow.reminders.setting(person.id)
        [absence] = await uow.absences.for_person(person.id)
        assert await uow.profiles.get(person.id) is None
    assert kept is not None and kept.withdrawn and kept.display_name == "" and kept.identities == []
    # Work history stays, anonymous: the numbers, the dates; not their words.
    assert (report.units_done, report.units_cumulative, report.raw_text) == (30, 30, "")
    assert absence.start == tokyo_today() + timedelta(days=1) and absence.reason == ""
    # No longer in the team, no reminder time of their own.
    assert stored_team is not None and person.id not in stored_team.member_ids
    assert reminder == ReminderSetting(person.id)
    # The stored webhooks no longer hold what they wrote, nor their LINE id; the rows stay.
    async with database.engine.connect() as connection:
        after = dict((await connection.execute(select(InboxEventRow.event_id, InboxEventRow.payload))).all())
    assert {after[event_id] for event_id in sent_by_her} == {"{}"}  # PRIVATE, 発熱, 請求書 30件 ... gone
    assert not [p for p in after.values() if hana.user_id in p and "withdraw" not in p]

    # A redelivery of an old message is still recognised: nothing is answered or stored again.
    before = len(sandbox.state.calls)
    async with httpx.AsyncClient(base_url=app.url) as client:
        again = await client.post("/line/webhook", content=sent.encode(), headers=line_headers(LINE_SECRET, sent))
    await app.settle()
    assert again.status_code == 200 and sandbox.state.calls[before:] == []


async def test_work_a_leaver_had_not_done_goes_back_and_their_leader_hears_of_it(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    leader = await _worker(app, sandbox, "山本 健")
    hana = await _worker(app, sandbox, "佐藤 花子")
    due = tokyo_today() + timedelta(days=5)
    untouched = await _assign(app, hana, "アンケート入力", units=40, total=40, due=due)
    started = await _assign(
        app, hana, "請求書入力", units=100, total=200, due=due, reported=30, status=TaskStatus.IN_PROGRESS
    )
    database = app.runtime.services.database
    async with database.unit_of_work() as uow:
        boss = await uow.people.by_identity(leader.ref)
        member = await uow.people.by_identity(hana.ref)
        assert boss is not None and member is not None
        await uow.teams.add(Team("伊那チーム", untouched.task.organization_id, boss.id, {member.id}))
        await uow.commit()

    before = len(sandbox.state.calls)
    confirm = await hana.say("退会")
    await hana.tap(confirm, "退会する")
    pushed = [
        m["text"]
        for c in sandbox.state.calls[before:]
        if c.path.endswith("/message/push") and c.body["to"] == leader.user_id
        for m in c.body["messages"]
    ]
    assert sorted(pushed) == [
        "佐藤 花子さんが退会しました。担当していた「アンケート入力」の残り40件は、いま担当者がいません。\n"
        "依頼主に新しい担当者の候補をお送りします。",
        "佐藤 花子さんが退会しました。担当していた「請求書入力」の残り70件は、いま担当者がいません。\n"
        "作業が始まっている案件なので、引き継ぐ人を決める必要があります。",
    ]
    async with database.unit_of_work() as uow:
        reopened = await uow.tasks.get(untouched.task.organization_id, untouched.task.id)
        going = await uow.tasks.get(started.task.organization_id, started.task.id)
        left = await uow.assignments.for_task(untouched.task.organization_id, untouched.task.id)
        [kept] = await uow.assignments.for_task(started.task.organization_id, started.task.id)
    assert reopened is not None and reopened.status is TaskStatus.OPEN and left == []  # proposed again
    assert going is not None and going.status is TaskStatus.IN_PROGRESS
    # What was done stays as work history, with its share of hours and pay; the rest is free.
    assert (kept.units, kept.hours, kept.earnings_yen) == (30, 1.5, 900)


async def test_a_leader_who_left_is_nobodys_leader(app: RunningApp, sandbox: PlatformSandbox) -> None:
    leader = await _worker(app, sandbox, "山本 健")
    hana = await _worker(app, sandbox, "佐藤 花子")
    work = await _assign(app, hana, "請求書入力", units=10, total=10, due=tokyo_today() + timedelta(days=5))
    database = app.runtime.services.database
    async with database.unit_of_work() as uow:
        boss = await uow.people.by_identity(leader.ref)
        member = await uow.people.by_identity(hana.ref)
        assert boss is not None and member is not None
        await uow.teams.add(Team("伊那チーム", work.task.organization_id, boss.id, {member.id}))
        await uow.commit()
        assert [p.id for p in await team_leaders(member.id, uow)] == [boss.id]
    confirm = await leader.say("退会")
    await leader.tap(confirm, "退会する")
    async with database.unit_of_work() as uow:
        # Absences, blockers and cover go to the client instead of to nobody.
        assert await team_leaders(member.id, uow) == []
