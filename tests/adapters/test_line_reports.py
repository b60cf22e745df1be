"""Progress reports through the real LINE endpoint (signed bodies, the replies LINE received): an
ambiguous report is asked about and the tapped choice stores it; the guided 今日の報告 (assignment →
number → note, in the middle of onboarding); 訂正する → which report → the right number; every answer
uses the free reply token."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.harness import RunningApp
from bot.sandbox import PlatformSandbox
from domain.model import Organization, OrganizationKind, Person, Task, TaskStatus, Volume
from domain.proposals import Assignment
from tests.adapters.test_line_onboarding import Teleworker, labels


async def _assigned(app: RunningApp, hana: Teleworker, *titles: str) -> dict[str, str]:
    """Give the LINE user a 100件 share of each task (title → assignment id), as an accepted offer would."""
    person, _ = await hana.stored()
    assert person is not None
    found: dict[str, str] = {}
    async with app.runtime.services.database.unit_of_work() as uow:
        client = Person(display_name="田中")
        await uow.people.add(client)
        organization = Organization(name="株式会社みなと", kind=OrganizationKind.CLIENT)
        await uow.organizations.add(organization)
        for title in titles:
            task = Task(
                organization_id=organization.id,
                title=title,
                volume=Volume(100, "件"),
                deadline=date.today() + timedelta(days=30),
                created_by=client.id,
                status=TaskStatus.MATCHED,
            )
            await uow.tasks.add(task)
            assignment = Assignment(organization.id, task.id, person.id, 100, 5.0, 0, datetime.now(UTC))
            await uow.assignments.add(assignment)
            found[title] = assignment.id
        await uow.commit()
    return found


async def _totals(app: RunningApp, assignments: dict[str, str]) -> dict[str, int]:
    async with app.runtime.services.database.unit_of_work() as uow:
        totals = await uow.reports.cumulative_by_assignment(list(assignments.values()))
    return {title: totals[a] for title, a in assignments.items()}


async def test_an_ambiguous_report_is_asked_about_and_the_tap_stores_it(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    hana = Teleworker(app, sandbox)
    await hana.follow()
    assignments = await _assigned(app, hana, "請求書入力", "アンケート入力")
    await hana.say("やめる")  # leave the onboarding questions for later

    asked = await hana.say("３０件入力しました")
    assert "どの案件の報告ですか？" in asked["text"]
    assert labels(asked) == ["請求書入力", "アンケート入力"]
    assert await _totals(app, assignments) == {"請求書入力": 0, "アンケート入力": 0}

    stored = await hana.tap(asked, "アンケート入力")
    assert "アンケート入力：本日30件（累計30/100件）" in stored["text"]
    assert labels(stored) == ["訂正する"]
    assert await _totals(app, assignments) == {"請求書入力": 0, "アンケート入力": 30}


async def test_the_guided_report_and_the_guided_correction(app: RunningApp, sandbox: PlatformSandbox) -> None:
    hana = Teleworker(app, sandbox)
    await hana.follow()  # the first onboarding question is open: the menu tap comes first anyway
    assignments = await _assigned(app, hana, "請求書入力", "アンケート入力")

    which = await hana.say("今日の報告")
    assert which["text"] == "どの案件の報告ですか？"
    assert labels(which) == ["請求書入力", "アンケート入力", "やめる"]
    how_many = await hana.tap(which, "請求書入力")
    assert how_many["text"].startswith("「請求書入力」は今日、何件進みましたか？")
    assert labels(how_many)[-2:] == ["100", "やめる"]  # what is left of the share, then cancel
    retry = await hana.say("たくさん")
    assert retry["text"].startswith("数字で送ってください")  # nothing lost: the question again
    note = await hana.say("５０件")
    assert "止まっていること" in note["text"] and labels(note) == ["なし", "やめる"]
    done = await hana.say("取引先コードが無いものが3件あって止まってます")
    assert "請求書入力：本日50件（累計50/100件）" in done["text"] and "取引先コード" in done["text"]
    assert await _totals(app, assignments) == {"請求書入力": 50, "アンケート入力": 0}
    async with app.runtime.services.database.unit_of_work() as uow:
        [report] = await uow.reports.for_assignment(assignments["請求書入力"])
    assert report.parser == "guided" and "取引先コード" in report.blockers

    # 訂正する under the confirmation: one report to fix, so straight to the number.
    fix = await hana.tap(done, "訂正する")
    assert fix["text"] == "正しい数を送ってください（例：45）。"
    fixed = await hana.say("45")
    assert "の報告を45件に直しました" in fixed["text"] and "請求書入力：累計45/100件になりました" in fixed["text"]
    assert await _totals(app, assignments) == {"請求書入力": 45, "アンケート入力": 0}
    async with app.runtime.services.database.unit_of_work() as uow:
        first, correction = await uow.reports.for_assignment(assignments["請求書入力"])
    assert correction.corrects_id == first.id and (first.units_done, correction.units_done) == (50, -5)

    # With two reports, 訂正する asks which one first; 「やめる」 leaves everything as it was.
    await hana.say("アンケート 20件入力しました")
    pick = await hana.say("訂正する")
    assert pick["text"] == "どの報告を訂正しますか？" and len(labels(pick)) == 3
    assert "20件" in labels(pick)[0] and "45件" in labels(pick)[1]
    cancelled = await hana.say("やめる")
    assert cancelled["text"].startswith("報告をやめました")
    assert await _totals(app, assignments) == {"請求書入力": 45, "アンケート入力": 20}

    # The onboarding question left open by the menu tap is still there for later.
    person, _ = await hana.stored()
    assert person is not None
    async with app.runtime.services.database.unit_of_work() as uow:
        conversation = await uow.conversations.get(person.id)
    assert conversation is not None and not conversation.active and conversation.pending


async def test_a_correction_typed_in_words_and_the_workers_own_progress(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    hana = Teleworker(app, sandbox)
    await hana.follow()
    assignments = await _assigned(app, hana, "請求書入力")
    await hana.say("やめる")

    first = await hana.say("請求書 ５０件入力しました！")
    assert "請求書入力：本日50件（累計50/100件）" in first["text"]
    fixed = await hana.say("さっきの報告、50件じゃなくて45件でした")
    assert fixed["text"].startswith("訂正：") and "請求書入力：累計45/100件になりました" in fixed["text"]
    assert labels(fixed) == ["訂正する"]
    assert await _totals(app, assignments) == {"請求書入力": 45}
    async with app.runtime.services.database.unit_of_work() as uow:
        report, correction = await uow.reports.for_assignment(assignments["請求書入力"])
    assert report.raw_text == "請求書 ５０件入力しました！" and report.parser == "rules-v1"
    assert correction.corrects_id == report.id and correction.raw_text == "さっきの報告、50件じゃなくて45件でした"

    own = await hana.say("進捗は？")
    assert "45/100件（残り55件）" in own["text"]
