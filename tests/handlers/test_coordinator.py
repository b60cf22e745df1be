"""Coordinator work through the bus, on SQLite and PostgreSQL: the monthly figures and the CSV export
from stored reports (issue 7), `/yui team` and `/yui coordinator` (issue 4), each refused to people
whose role does not allow it, in their language."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

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
from domain.periods import Period
from domain.persistence import Database
from domain.proposals import Assignment, ProgressReport
from domain.refs import ChatRef, Locale, PersonRef, Platform
from domain.regional_report import pseudonym
from handlers.commands import ExportReports, GrantCoordinator, ManageTeams, ShowProgrammeReport
from handlers.coordinator import monthly_report, update_organization
from handlers.ports import OutgoingMessage, PlatformProfile
from tests.handlers.test_matching import World
from tests.handlers.test_matching import world as matching_world

world = matching_world  # a database of its own per test, the bus, fakes at the edges

TOKYO = ZoneInfo("Asia/Tokyo")
WORKSPACE = "TOPS"
NOVEMBER = Period.month(2026, 11)


def _tokyo(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TOKYO).astimezone(UTC)


@dataclass
class Seeded:
    aoki: Person
    sato: Person
    gone_id: str
    city: Organization
    local: Organization


async def seed(database: Database) -> Seeded:
    """Two clients (a city company without a region, a local company in 伊那), three teleworkers
    (one withdraws after working), reports around the month boundaries and a December correction."""
    city = Organization(name="東京商事", kind=OrganizationKind.CLIENT, slack_team_id="TCITY")
    local = Organization(name="伊那精密", kind=OrganizationKind.LOCAL_COMPANY, region="長野県伊那市")
    author = Person(display_name="田中", organization_id=city.id)
    aoki = Person(display_name="青木 あや", roles=frozenset({Role.TELEWORKER}))
    sato = Person(display_name="佐藤 花子", roles=frozenset({Role.TELEWORKER}))
    gone = Person(display_name="退会 予定", roles=frozenset({Role.TELEWORKER}))
    invoices = Task(
        organization_id=city.id,
        title="請求書入力",
        volume=Volume(200, "件"),
        deadline=datetime(2026, 12, 20).date(),
        created_by=author.id,
        skills=frozenset({"data_entry"}),
        rate_yen=30,
        rate_unit="件",
        status=TaskStatus.OPEN,
        created_at=_tokyo(10, 30, 9),
    )
    books = Task(
        organization_id=local.id,
        title="経理補助",
        volume=Volume(20, "時間"),
        deadline=datetime(2026, 12, 20).date(),
        created_by=author.id,
        skills=frozenset({"bookkeeping"}),
        rate_yen=1200,
        rate_unit="時間",
        status=TaskStatus.OPEN,
        created_at=_tokyo(10, 30, 9),
    )
    async with database.unit_of_work() as uow:
        for organization in (city, local):
            await uow.organizations.add(organization)
        for person in (author, aoki, sato, gone):
            await uow.people.add(person)
        for person in (aoki, sato, gone):
            await uow.profiles.save(WorkerProfile(person.id, skills=frozenset({"data_entry"}), region="伊那市"))
        await uow.tasks.add(invoices)
        await uow.tasks.add(books)
        accepted = _tokyo(10, 31, 9)
        mine = Assignment(city.id, invoices.id, aoki.id, 100, 5.0, 3000, accepted)
        theirs = Assignment(city.id, invoices.id, gone.id, 100, 5.0, 3000, accepted)
        hers = Assignment(local.id, books.id, sato.id, 20, 20.0, 24000, accepted)
        for assignment in (mine, theirs, hers):
            await uow.assignments.add(assignment)
        first = ProgressReport(
            city.id, mine.id, aoki.id, 50, 50, 2.0, False, "", "50件", "rules-v1", _tokyo(11, 1, 0, 30)
        )
        reports = [
            first,
            ProgressReport(
                city.id, mine.id, aoki.id, 40, 90, 1.5, False, "", "40件", "rules-v1", _tokyo(11, 30, 23, 50)
            ),
            ProgressReport(city.id, mine.id, aoki.id, 9, 99, 1.0, False, "", "9件", "rules-v1", _tokyo(12, 1, 0, 10)),
            ProgressReport(
                city.id,
                mine.id,
                aoki.id,
                -5,
                94,
                None,
                False,
                "",
                "45件でした",
                "rules-v1",
                _tokyo(12, 2, 9),
                corrects_id=first.id,
            ),
            ProgressReport(
                local.id, hers.id, sato.id, None, 0, 3.5, False, "", "3.5時間", "rules-v1", _tokyo(11, 10, 18)
            ),
            ProgressReport(
                city.id,
                theirs.id,
                gone.id,
                20,
                20,
                1.0,
                False,
                '=HYPERLINK("x")',
                "20件",
                "rules-v1",
                _tokyo(11, 12, 20),
            ),
        ]
        for report in reports:
            await uow.reports.add(report)
        await uow.commit()
    async with database.unit_of_work() as uow:  # 退会 after working: the work stays, the name goes
        withdrawn = await uow.people.get(gone.id)
        assert withdrawn is not None
        withdrawn.forget_personal_data()
        await uow.people.save(withdrawn)
        await uow.profiles.delete(gone.id)
        await uow.commit()
    return Seeded(aoki, sato, gone.id, city, local)


async def _slack_person(
    world: World, name: str, *, roles: frozenset[Role] = frozenset(), locale: Locale = Locale.JA
) -> PersonRef:
    ref = PersonRef(Platform.SLACK, WORKSPACE, "U" + uuid.uuid4().hex[:10].upper())
    person = Person(display_name=name, locale=locale, roles=roles)
    person.add_identity(Identity(ref, name))
    async with world.database.unit_of_work() as uow:
        await uow.people.add(person)
        await uow.commit()
    return ref


def _chat(ref: PersonRef) -> ChatRef:
    return ChatRef(Platform.SLACK, ref.workspace, "C0COORD")


def _answer(world: World, before: int) -> OutgoingMessage:
    [answer] = world.notifier.sent[before:]
    return answer


async def test_the_monthly_figures_come_from_stored_reports_in_japan_time(world: World) -> None:
    await seed(world.database)
    figures = await monthly_report(world.database.unit_of_work(), NOVEMBER, TOKYO)

    assert figures.reports == 5  # two of 青木's, the correction (dated 1 Nov), 佐藤's, the withdrawn one's
    assert figures.units == {"件": 50 - 5 + 40 + 20}
    assert figures.hours == 2.0 + 1.5 + 3.5 + 1.0
    assert figures.earnings_yen == 105 * 30 + 4200
    assert (figures.outside_yen, figures.local_yen) == (105 * 30, 4200)  # the city company is 域外
    assert (figures.active_residents, figures.withdrawn_active) == (3, 1)

    december = await monthly_report(world.database.unit_of_work(), Period.month(2026, 12), TOKYO)
    assert december.reports == 1 and december.units == {"件": 9}  # the correction stayed in November

    only_local = await monthly_report(world.database.unit_of_work(), NOVEMBER, TOKYO, "伊那精密")
    assert only_local.earnings_yen == 4200 and only_local.active_residents == 1


async def test_a_region_given_to_the_city_client_makes_its_work_local(world: World) -> None:
    await seed(world.database)
    await update_organization(world.database.unit_of_work(), "東京商事", region="伊那市")
    figures = await monthly_report(world.database.unit_of_work(), NOVEMBER, TOKYO)
    # 青木's work for it is now local; the withdrawn person's region is gone with the profile: kind decides
    assert figures.outside_yen == 20 * 30 and figures.local_yen == 85 * 30 + 4200


async def test_new_participants_are_the_teleworkers_who_joined_in_the_month(world: World) -> None:
    await seed(world.database)  # the people rows are written now: they joined this month
    now = datetime.now(TOKYO)
    this_month = await monthly_report(world.database.unit_of_work(), Period.month(now.year, now.month), TOKYO)
    # 青木 and 佐藤 (the author is a client member; the withdrawn one did not report this month
    # unless this month is November 2026, when they did)
    expected = 3 if (now.year, now.month) == (2026, 11) else 2
    assert this_month.new_participants == expected
    last = now.replace(day=1) - timedelta(days=1)
    earlier = await monthly_report(world.database.unit_of_work(), Period.month(last.year, last.month), TOKYO)
    assert earlier.new_participants == 0


async def test_a_coordinator_gets_the_period_as_a_csv_file_in_the_chat(world: World) -> None:
    seeded = await seed(world.database)
    ref = await _slack_person(world, "事務局", roles=frozenset({Role.COORDINATOR}))
    before = len(world.notifier.sent)

    await world.bus.handle(ExportReports(ref, _chat(ref), None, None, text="１１月１日〜１１月３０日"))

    message = _answer(world, before)
    assert message.chat == _chat(ref) and message.attachment is not None
    assert message.text == "2026年11月の進捗報告5件をCSVにしました（Excelでそのまま開けます）。"
    assert message.attachment.filename == "yui-reports-2026-11-01_2026-11-30.csv"
    data = message.attachment.content
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["日付", "時刻", "氏名"] and len(rows) == 6
    assert {r[2] for r in rows[1:]} == {"青木 あや", "佐藤 花子", f"退会者-{pseudonym(seeded.gone_id)}"}
    assert "退会 予定" not in data.decode("utf-8-sig")  # the withdrawn person's name is gone
    assert rows[1][:9] == ["2026-11-01", "00:30", "青木 あや", "東京商事", "請求書入力", "50", "件", "2", "1500"]
    assert rows[-1][:2] == ["2026-11-30", "23:50"]  # Japan time: still November
    [withdrawn] = [r for r in rows if r[2].startswith("退会者-")]
    assert withdrawn[9] == '\'=HYPERLINK("x")'  # report text that looks like a formula stays text


async def test_the_withdrawn_pseudonym_is_stable_and_not_the_id(world: World) -> None:
    seeded = await seed(world.database)
    ref = await _slack_person(world, "事務局", roles=frozenset({Role.COORDINATOR}))
    for _ in range(2):
        await world.bus.handle(ExportReports(ref, _chat(ref), None, None, text="2026-11-01 2026-11-30"))
    first, second = (m.attachment for m in world.notifier.sent[-2:])
    assert first is not None and second is not None and first.content == second.content
    text = first.content.decode("utf-8-sig")
    assert f"退会者-{pseudonym(seeded.gone_id)}" in text and seeded.gone_id not in text


async def test_a_timesheet_in_english_has_one_row_per_person_and_day(world: World) -> None:
    await seed(world.database)
    ref = await _slack_person(world, "Coordinator", roles=frozenset({Role.COORDINATOR}), locale=Locale.EN)
    await world.bus.handle(ExportReports(ref, _chat(ref), None, None, text="2026-11-01 2026-11-30 timesheet"))
    message = world.notifier.sent[-1]
    assert message.attachment is not None and message.attachment.filename.startswith("yui-timesheet-")
    rows = list(csv.reader(io.StringIO(message.attachment.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["date", "person", "hours", "reports", "tasks", "units", "yen"]
    assert ["2026-11-01", "青木 あや", "2", "2", "請求書入力", "45件", "1350"] in rows


async def test_exports_are_for_coordinators_and_a_bad_period_is_explained(world: World) -> None:
    await seed(world.database)
    client = await _slack_person(world, "田中", roles=frozenset({Role.CLIENT_MEMBER}))
    before = len(world.notifier.sent)
    await world.bus.handle(ExportReports(client, _chat(client), None, None, text="先月"))
    refused = _answer(world, before)
    assert refused.attachment is None and refused.ephemeral_to == client
    assert refused.text.startswith("この操作はコーディネーターだけができます。")

    coordinator = await _slack_person(world, "事務局", roles=frozenset({Role.COORDINATOR}))
    before = len(world.notifier.sent)
    await world.bus.handle(ExportReports(coordinator, _chat(coordinator), None, None, text="そのうち"))
    assert _answer(world, before).text.startswith("期間が読み取れませんでした：「そのうち」。")
    before = len(world.notifier.sent)
    await world.bus.handle(ExportReports(coordinator, _chat(coordinator), None, None, text="2020-08"))
    assert _answer(world, before).text == "2020年8月の進捗報告はありません。"


async def test_a_coordinator_creates_a_team_adds_a_member_and_lists_teams(world: World) -> None:
    coordinator = await _slack_person(world, "事務局", roles=frozenset({Role.COORDINATOR}))
    leader = await _slack_person(world, "山本 健")
    member = await _slack_person(world, "小林 ゆき")
    chat = _chat(coordinator)

    before = len(world.notifier.sent)
    await world.bus.handle(
        ManageTeams(coordinator, chat, None, None, text=f"create 伊那チーム leader:<@{leader.user_id}|yamamoto>")
    )
    created = _answer(world, before)
    assert created.text.startswith("チーム「伊那チーム」を作りました。リーダー：山本 健さん、参加コード：")
    async with world.database.unit_of_work() as uow:
        [team] = await uow.teams.all()
        leader_person = await uow.people.by_identity(leader)
    assert leader_person is not None and team.leader_id == leader_person.id and Role.LEADER in leader_person.roles

    before = len(world.notifier.sent)  # a plain, unescaped name with a full-width ＠: the only team
    await world.bus.handle(ManageTeams(coordinator, chat, None, None, text="add ＠小林 ゆき"))
    assert _answer(world, before).text == "小林 ゆきさんをチーム「伊那チーム」に追加しました。"

    before = len(world.notifier.sent)
    await world.bus.handle(ManageTeams(coordinator, chat, None, None, text=f"add <@{member.user_id}> 伊那チーム"))
    assert _answer(world, before).text == "小林 ゆきさんはすでにチーム「伊那チーム」のメンバーです。"

    before = len(world.notifier.sent)
    await world.bus.handle(ManageTeams(coordinator, chat, None, None, text="add @だれでもない"))
    assert (
        _answer(world, before).text
        == "「@だれでもない」さんが見つかりませんでした。Slackの @メンション で指定してください。"
    )

    before = len(world.notifier.sent)
    await world.bus.handle(ManageTeams(coordinator, chat, None, None, text="list"))
    listing = _answer(world, before).text
    assert (
        listing.startswith("チーム一覧\n• 伊那チーム（参加コード ")
        and "リーダー：山本 健／メンバー：小林 ゆき" in listing
    )


async def test_a_leader_adds_to_their_own_team_and_others_are_refused(world: World) -> None:
    coordinator = await _slack_person(world, "事務局", roles=frozenset({Role.COORDINATOR}))
    leader = await _slack_person(world, "山本 健")
    stranger = await _slack_person(world, "通りすがり")
    newcomer = await _slack_person(world, "新人 太郎")
    await world.bus.handle(
        ManageTeams(coordinator, _chat(coordinator), None, None, text=f"create 伊那 leader:<@{leader.user_id}>")
    )

    before = len(world.notifier.sent)
    await world.bus.handle(ManageTeams(leader, _chat(leader), None, None, text=f"add <@{newcomer.user_id}>"))
    assert _answer(world, before).text == "新人 太郎さんをチーム「伊那」に追加しました。"

    before = len(world.notifier.sent)
    await world.bus.handle(ManageTeams(stranger, _chat(stranger), None, None, text=f"add <@{newcomer.user_id}> 伊那"))
    assert (
        _answer(world, before).text
        == "チーム「伊那」にメンバーを追加できるのは、コーディネーターとそのチームのリーダーだけです。"
    )
    before = len(world.notifier.sent)
    await world.bus.handle(
        ManageTeams(stranger, _chat(stranger), None, None, text=f"create 別 leader:<@{stranger.user_id}>")
    )
    assert _answer(world, before).text.startswith("この操作はコーディネーターだけができます。")
    before = len(world.notifier.sent)
    await world.bus.handle(ManageTeams(stranger, _chat(stranger), None, None, text="frobnicate"))
    assert _answer(world, before).text.startswith("使い方：")


async def test_the_first_coordinator_is_granted_by_a_workspace_admin_and_later_only_by_coordinators(
    world: World,
) -> None:
    admin = await _slack_person(world, "管理者")
    other_admin = await _slack_person(world, "別の管理者", locale=Locale.EN)
    helper = await _slack_person(world, "手伝い")
    world.directory.profiles[admin.user_id] = PlatformProfile("管理者", "ja-JP", is_admin=True)
    world.directory.profiles[other_admin.user_id] = PlatformProfile("別の管理者", "en-US", is_admin=True)

    before = len(world.notifier.sent)
    await world.bus.handle(GrantCoordinator(admin, _chat(admin), None, None, text=f"<@{admin.user_id}|kanri>"))
    assert _answer(world, before).text == "管理者さんをコーディネーターにしました。"

    before = len(world.notifier.sent)  # now a coordinator exists: admins are ordinary members
    await world.bus.handle(
        GrantCoordinator(other_admin, _chat(other_admin), None, None, text=f"<@{other_admin.user_id}>")
    )
    assert _answer(world, before).text.startswith("Only coordinators can give the coordinator role")

    before = len(world.notifier.sent)
    await world.bus.handle(GrantCoordinator(admin, _chat(admin), None, None, text=f"<@{helper.user_id}>"))
    assert _answer(world, before).text == "手伝いさんをコーディネーターにしました。"
    before = len(world.notifier.sent)
    await world.bus.handle(GrantCoordinator(admin, _chat(admin), None, None, text=f"<@{helper.user_id}>"))
    assert _answer(world, before).text == "手伝いさんはすでにコーディネーターです。"
    before = len(world.notifier.sent)
    await world.bus.handle(GrantCoordinator(admin, _chat(admin), None, None, text="だれか"))
    assert _answer(world, before).text.startswith("使い方：`/yui coordinator @ユーザー`")
    async with world.database.unit_of_work() as uow:
        granted = await uow.people.by_identity(helper)
    assert granted is not None and Role.COORDINATOR in granted.roles


async def test_without_any_coordinator_a_plain_member_cannot_claim_the_role(world: World) -> None:
    member = await _slack_person(world, "一般")
    world.directory.profiles[member.user_id] = PlatformProfile("一般", "ja-JP", is_admin=False)
    before = len(world.notifier.sent)
    await world.bus.handle(GrantCoordinator(member, _chat(member), None, None, text=f"<@{member.user_id}>"))
    assert _answer(world, before).text.startswith("コーディネーター権限を付けられるのは")
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(member)
    assert person is not None and Role.COORDINATOR not in person.roles


async def test_a_plain_leader_name_with_a_space_is_the_leader_not_part_of_the_team_name(world: World) -> None:
    coordinator = await _slack_person(world, "Coordinator", roles=frozenset({Role.COORDINATOR}), locale=Locale.EN)
    await _slack_person(world, "山本 健")
    before = len(world.notifier.sent)
    await world.bus.handle(
        ManageTeams(coordinator, _chat(coordinator), None, None, text="create 駒ヶ根チーム leader：＠山本 健")
    )
    assert _answer(world, before).text.startswith('Team "駒ヶ根チーム" created. Leader: 山本 健, join code: ')
    before = len(world.notifier.sent)
    await world.bus.handle(ManageTeams(coordinator, _chat(coordinator), None, None, text="create 名無し"))
    assert _answer(world, before).text == "Please name the leader with `leader:@user`."


async def test_a_coordinator_sees_the_month_as_a_card_in_slack(world: World) -> None:
    await seed(world.database)
    coordinator = await _slack_person(world, "事務局", roles=frozenset({Role.COORDINATOR}))
    before = len(world.notifier.sent)
    await world.bus.handle(ShowProgrammeReport(coordinator, _chat(coordinator), None, None, text="2026-11"))
    card = _answer(world, before)
    assert card.ephemeral_to == coordinator and card.header == "地域BPO 月次レポート 2026年11月"
    fields = {f.label: f.value for f in card.fields}
    assert fields["住民への支払額"] == "7,350円" and fields["域外からの受注"] == "3,150円（43%）"
    assert fields["活動した住民"] == "3人（うち退会済み1人）" and fields["作業量"] == "105件"
    assert card.text == "使われたスキル：データ入力（2人）、経理・記帳（1人）"
    assert card.note.endswith("都市企業からの受注を域外とします）。")

    before = len(world.notifier.sent)
    await world.bus.handle(ShowProgrammeReport(coordinator, _chat(coordinator), None, None, text="2026-11 伊那精密"))
    assert {f.label: f.value for f in _answer(world, before).fields}["住民への支払額"] == "4,200円"
    before = len(world.notifier.sent)
    await world.bus.handle(ShowProgrammeReport(coordinator, _chat(coordinator), None, None, text="2026-11 どこか"))
    assert _answer(world, before).text == "発注元「どこか」は見つかりませんでした。"

    client = await _slack_person(world, "田中", roles=frozenset({Role.CLIENT_MEMBER}))
    before = len(world.notifier.sent)
    await world.bus.handle(ShowProgrammeReport(client, _chat(client), None, None, text="2026-11"))
    refused = _answer(world, before)
    assert refused.text.startswith("この操作はコーディネーターだけができます。") and not refused.fields


async def test_a_coordinator_appoints_a_new_leader_in_slack_and_the_old_one_stays_a_member(world: World) -> None:
    coordinator = await _slack_person(world, "事務局", roles=frozenset({Role.COORDINATOR}))
    first = await _slack_person(world, "山本 健")
    second = await _slack_person(world, "小林 ゆき")
    chat = _chat(coordinator)
    await world.bus.handle(
        ManageTeams(coordinator, chat, None, None, text=f"create 伊那チーム leader:<@{first.user_id}>")
    )

    before = len(world.notifier.sent)
    await world.bus.handle(
        ManageTeams(second, _chat(second), None, None, text=f"leader <@{second.user_id}> 伊那チーム")
    )
    assert _answer(world, before).text.startswith("この操作はコーディネーターだけができます。")

    before = len(world.notifier.sent)
    await world.bus.handle(ManageTeams(coordinator, chat, None, None, text=f"leader <@{second.user_id}> 伊那チーム"))
    assert _answer(world, before).text == (
        "小林 ゆきさんをチーム「伊那チーム」のリーダーにしました。前のリーダーはメンバーとして残ります。"
    )
    async with world.database.unit_of_work() as uow:
        [team] = await uow.teams.all()
        old = await uow.people.by_identity(first)
        new = await uow.people.by_identity(second)
    assert old is not None and new is not None
    assert team.leader_id == new.id and old.id in team.member_ids and Role.LEADER in new.roles

    before = len(world.notifier.sent)  # a plain name, the only team
    await world.bus.handle(ManageTeams(coordinator, chat, None, None, text="リーダー ＠山本 健"))
    assert _answer(world, before).text.startswith("山本 健さんをチーム「伊那チーム」のリーダーにしました。")
    before = len(world.notifier.sent)
    await world.bus.handle(ManageTeams(coordinator, chat, None, None, text=f"leader <@{first.user_id}> 駒ヶ根"))
    assert "駒ヶ根" in _answer(world, before).text
