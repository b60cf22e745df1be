"""自分の案件 in LINE through the real endpoint: the rich menu's word (or 案件一覧 / my tasks) answers
with a Flex carousel of the person's own current assignments; nobody reads another worker's work,
profile or offers through the chat, whatever data they tap."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.harness import RunningApp
from bot.sandbox import PlatformSandbox
from domain.matching import Reasons
from domain.model import (
    Identity,
    Organization,
    OrganizationKind,
    Person,
    Role,
    Task,
    TaskStatus,
    Team,
    Volume,
    WorkerProfile,
)
from domain.proposals import Assignment, ProgressReport, Proposal
from domain.refs import Locale
from handlers.buttons import read_tap
from tests.adapters.test_line_onboarding import Teleworker, flex_rows, labels, tokyo_today


@dataclass
class Work:
    task: Task
    assignment: Assignment


async def _worker(app: RunningApp, sandbox: PlatformSandbox, name: str, *, language: str = "ja") -> Teleworker:
    """A teleworker who finished onboarding (profile stored), talking from their LINE account."""
    worker = Teleworker(app, sandbox, name=name, language=language)
    locale = Locale.EN if language == "en" else Locale.JA
    person = Person(display_name=name, locale=locale, roles=frozenset({Role.TELEWORKER}))
    person.add_identity(Identity(worker.ref, name))
    async with app.runtime.services.database.unit_of_work() as uow:
        await uow.people.add(person)
        await uow.profiles.save(
            WorkerProfile(person.id, skills=frozenset({"data_entry"}), weekly_hours=20, constraints="火曜は通院")
        )
        await uow.commit()
    return worker


async def _assign(
    app: RunningApp,
    worker: Teleworker,
    title: str,
    *,
    units: int,
    total: int,
    due: date,
    reported: int = 0,
    status: TaskStatus = TaskStatus.MATCHED,
) -> Work:
    org = Organization(name="取引先" + uuid.uuid4().hex[:4], kind=OrganizationKind.CLIENT)
    client = Person(display_name="発注 太郎", organization_id=org.id, roles=frozenset({Role.CLIENT_MEMBER}))
    task = Task(
        organization_id=org.id,
        title=title,
        volume=Volume(total, "件"),
        deadline=due,
        created_by=client.id,
        status=status,
    )
    now = datetime.now(UTC)
    async with app.runtime.services.database.unit_of_work() as uow:
        person = await uow.people.by_identity(worker.ref)
        assert person is not None
        assignment = Assignment(org.id, task.id, person.id, units, units * 0.05, units * 30, now)
        await uow.organizations.add(org)
        await uow.people.add(client)
        await uow.tasks.add(task)
        await uow.assignments.add(assignment)
        if reported:
            await uow.reports.add(
                ProgressReport(
                    org.id, assignment.id, person.id, reported, reported, None, False, "", "済", "rules", now
                )
            )
        await uow.commit()
    return Work(task, assignment)


def _bubbles(message: dict[str, object]) -> list[dict[str, object]]:
    contents = message["contents"]
    assert isinstance(contents, dict) and contents["type"] == "carousel"
    return list(contents["contents"])


async def test_my_tasks_is_a_carousel_of_my_current_work(app: RunningApp, sandbox: PlatformSandbox) -> None:
    hana = await _worker(app, sandbox, "佐藤 花子")
    today = tokyo_today()
    later = await _assign(app, hana, "アンケート入力", units=40, total=40, due=today + timedelta(days=10))
    soon = await _assign(app, hana, "請求書入力", units=120, total=200, due=today + timedelta(days=3), reported=30)
    await _assign(app, hana, "終わった案件", units=10, total=10, due=today, status=TaskStatus.DONE)

    carousel = await hana.say("自分の案件")  # what the rich menu sends
    lead = hana.messages[0]
    assert lead["text"] == "あなたの案件（2件）"
    rows = flex_rows(carousel)
    weekday = "月火水木金土日"[(today + timedelta(days=3)).weekday()]
    due = today + timedelta(days=3)
    assert rows[:6] == [
        "請求書入力",  # soonest deadline first; finished work is not listed
        f"締切: {due.year}/{due.month}/{due.day}（{weekday}）（あと3日）",
        "担当: 120件（全200件）",
        "進捗: 30/120件",
        "状態: 担当決定",
        "[報告する]",
    ]
    assert rows[6] == "アンケート入力" and "進捗: 0/40件" in rows
    first = _bubbles(carousel)[0]
    assert "'width': '25%'" in str(first["body"])  # the progress bar: 30 of 120
    [button] = first["footer"]["contents"]  # type: ignore[index]
    assert read_tap(button["action"]["data"]) is not None
    assert button["action"]["data"].endswith("|" + soon.assignment.id) and len(button["action"]["data"]) <= 300
    assert later.assignment.id not in str(first)

    # 報告する starts the guided report (handlers.reports), as 今日の報告 does.
    await hana._post("line/postback.json", postback={"data": button["action"]["data"]})
    asked = str(hana.messages)
    assert "請求書入力" in asked and "その選択肢は今は使えません" not in asked
    await hana.say("やめる")

    # The same answer for the words people type.
    assert flex_rows(await hana.say("案件一覧"))[0] == "請求書入力"


async def test_nothing_assigned_is_a_friendly_answer_and_english_people_read_english(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    ken = await _worker(app, sandbox, "Ken", language="en")
    empty = await ken.say("my tasks")
    assert empty["text"].startswith("You have no work assigned right now.")
    assert labels(empty) == ["Profile", "Absence"]
    await _assign(app, ken, "Receipts", units=20, total=20, due=tokyo_today(), reported=20)
    rows = flex_rows(await ken.say("My tasks"))
    assert ken.messages[0]["text"] == "Your work (1)"
    assert rows[:5] == [
        "Receipts",
        rows[1],
        "Your share: 20 件 (of 20 件)",
        "Progress: 20/20 件",
        "Status: Matched",
    ]
    assert rows[1].startswith("Due: ") and rows[1].endswith("(today)")


async def test_a_teleworker_reads_nobody_elses_work_profile_or_offer(app: RunningApp, sandbox: PlatformSandbox) -> None:
    hana = await _worker(app, sandbox, "佐藤 花子")
    taro = await _worker(app, sandbox, "山田 太郎")
    hers = await _assign(app, hana, "請求書入力", units=120, total=200, due=tokyo_today() + timedelta(days=3))

    # 山田 asks for his tasks, then taps 佐藤's report button data: nothing of hers comes back.
    mine = await taro.say("自分の案件")
    assert mine["text"].startswith("いま担当している案件はありません。")
    button = _bubbles(await hana.say("自分の案件"))[0]["footer"]["contents"][0]["action"]["data"]  # type: ignore[index]
    stolen = await taro._post("line/postback.json", postback={"data": button})
    assert "請求書入力" not in str(taro.messages) and "120" not in str(stolen)

    # His profile is his own: her name and her private notes never appear.
    profile = await taro.say("プロフィール")
    shown = " ".join(flex_rows(profile)) + str(taro.messages)
    assert "山田 太郎" in shown and "佐藤" not in shown

    # An offer or a carried share that is hers cannot be answered from his account.
    for data in (f"offer:accept:{hers.assignment.id}", f"share:decline:{hers.assignment.id}"):
        await taro._post("line/postback.json", postback={"data": data})
    async with app.runtime.services.database.unit_of_work() as uow:
        still = await uow.assignments.for_task(hers.task.organization_id, hers.task.id)
    assert [a.id for a in still] == [hers.assignment.id]


async def test_team_work_shows_the_teams_totals_and_no_teammates_numbers(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    workers = {name: await _worker(app, sandbox, name) for name in ("佐藤 花子", "山田 太郎", "鈴木 一郎")}
    # A team task: 佐藤 (leader) 60 and 山田 40 from one team proposal; 鈴木 50 on their own.
    org = Organization(name="取引先" + uuid.uuid4().hex[:4], kind=OrganizationKind.CLIENT)
    client = Person(display_name="発注 太郎", organization_id=org.id, roles=frozenset({Role.CLIENT_MEMBER}))
    due = tokyo_today() + timedelta(days=5)
    task = Task(org.id, "チーム入力", Volume(150, "件"), due, client.id, status=TaskStatus.IN_PROGRESS)
    now = datetime.now(UTC)
    async with app.runtime.services.database.unit_of_work() as uow:
        ids = {}
        for name, worker in workers.items():
            person = await uow.people.by_identity(worker.ref)
            assert person is not None
            ids[name] = person.id
        await uow.organizations.add(org)
        await uow.people.add(client)
        await uow.tasks.add(task)
        team = Team(
            name="伊那チーム", organization_id=org.id, leader_id=ids["佐藤 花子"], member_ids={ids["山田 太郎"]}
        )
        await uow.teams.add(team)
        reasons = Reasons((), 20.0, due, 0.0, 0, 0, 0, 0, members=2)
        for name, units, reported, team_id in (
            ("佐藤 花子", 60, 10, team.id),
            ("山田 太郎", 40, 30, team.id),
            ("鈴木 一郎", 50, 50, None),
        ):
            proposal = Proposal(org.id, task.id, ids[name], units, 1.0, 0, 0.9, 1, reasons, now, team_id=team_id)
            proposal.approve(client.id)
            proposal.offer(now)
            assignment = proposal.accept(now)
            await uow.proposals.add(proposal)
            await uow.assignments.add(assignment)
            await uow.reports.add(
                ProgressReport(org.id, assignment.id, ids[name], reported, reported, None, False, "", "x", "rules", now)
            )
        await uow.commit()

    hana = workers["佐藤 花子"]
    rows = flex_rows(await hana.say("自分の案件"))
    assert "進捗: 10/60件" in rows and "チーム: 伊那チーム：40/100件（2人）" in rows
    assert not any("30/40" in r or "山田" in r or "鈴木" in r for r in rows)  # no teammate's own numbers
    rows = flex_rows(await workers["鈴木 一郎"].say("自分の案件"))
    assert "進捗: 50/50件" in rows and not any(r.startswith("チーム:") for r in rows)
