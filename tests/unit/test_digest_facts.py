"""Digest facts from stored rows, with the day fixed: pace over working days (weekends and 勤労感謝の
日), corrections counted on the day they fix, absences, blockers that stay open, recurring
occurrences, the client's view (no names, no reasons, no blocker words) and weekly periods."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.digest import (
    Audience,
    Digest,
    DigestFacts,
    DigestKind,
    DigestRequest,
    DigestScope,
    NarrativeSource,
    ScopeKind,
    check_narrative,
    digest_from_json,
    digest_period,
    digest_to_json,
    template_narrative,
)
from domain.digest_facts import DigestInputs, compute_facts
from domain.model import Absence, Recurrence, Task, TaskStatus, Volume
from domain.narrative import allowed_numbers, unsupported_numbers
from domain.progress import Verdict
from domain.proposals import Assignment, ProgressReport
from domain.refs import Locale

JST = timedelta(hours=9)
ORG = "org1"
# 2026-11-16 (Mon) .. 11-20 (Fri) a working week; 21/22 weekend; 23 (Mon) 勤労感謝の日; 24 Tue.
TUE = date(2026, 11, 24)


def at(day: date, hour: int = 18) -> datetime:
    """A moment on `day` at `hour` o'clock in Tokyo, stored in UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - JST


def task(
    title: str = "請求書入力",
    amount: int = 200,
    deadline: date = date(2026, 12, 4),
    status: TaskStatus = TaskStatus.IN_PROGRESS,
    **kw: object,
) -> Task:
    return Task(
        organization_id=ORG,
        title=title,
        volume=Volume(amount, "件"),
        deadline=deadline,
        created_by="client",
        status=status,
        created_at=at(date(2026, 11, 16), 9),
        **kw,  # type: ignore[arg-type]
    )


def assignment(t: Task, person: str, units: int) -> Assignment:
    return Assignment(ORG, t.id, person, units, units * 0.05, 0, at(date(2026, 11, 16), 9))


def report(
    a: Assignment,
    day: date,
    units: int | None,
    *,
    hours: float | None = None,
    blockers: str = "",
    hour: int = 18,
    **kw: object,
) -> ProgressReport:
    return ProgressReport(
        organization_id=ORG,
        assignment_id=a.id,
        person_id=a.person_id,
        units_done=units,
        units_cumulative=0,
        hours=hours,
        done=False,
        blockers=blockers,
        raw_text="",
        parser="rules",
        reported_at=at(day, hour),
        **kw,  # type: ignore[arg-type]
    )


def leader(day: date = TUE, kind: DigestKind = DigestKind.DAILY, locale: Locale = Locale.JA) -> DigestRequest:
    return DigestRequest(Audience.LEADER, DigestScope(ScopeKind.TEAM, "team1"), day, kind, locale)


def client(day: date = TUE, kind: DigestKind = DigestKind.DAILY) -> DigestRequest:
    return DigestRequest(Audience.CLIENT, DigestScope(ScopeKind.ORGANIZATION, ORG), day, kind)


WEEK = [date(2026, 11, d) for d in (16, 17, 18, 19, 20)]


def team_inputs(**overrides: object) -> tuple[DigestInputs, Task, Assignment, Assignment]:
    t = task()
    a1, a2 = assignment(t, "p1", 120), assignment(t, "p2", 80)
    reports = [report(a1, d, 12, hours=1.0) for d in WEEK] + [report(a2, d, 8, hours=0.5) for d in WEEK]
    reports.append(report(a1, TUE, 20, hours=2.5))
    inputs = DigestInputs(
        scope_name="伊那チーム",
        tasks=[t],
        assignments=[a1, a2],
        reports=reports,
        member_ids=["p1", "p2", "p3"],
        names={"p1": "青木 あや", "p2": "佐藤 花子", "p3": "田中 一郎"},
        team_share=True,
    )
    return replace(inputs, **overrides), t, a1, a2  # type: ignore[arg-type]


def test_pace_skips_the_weekend_and_the_holiday_and_the_team_share_is_the_total() -> None:
    inputs, _t, _, _ = team_inputs()
    facts = compute_facts(leader(), inputs)
    [facts_task] = facts.tasks
    assert facts_task.total == 200  # 120 + 80: the members' shares
    assert (facts_task.done_today, facts_task.done_total, facts_task.percent) == (20, 120, 60)
    # the window is Tue plus the four working days before it (the weekend and 11/23 skipped):
    # 11/17..11/20 = 4 × 20, plus today's 20 → 100 units in 5 working days.
    assert facts_task.pace == 20.0
    assert facts_task.forecast == date(2026, 11, 30)  # 80 left at 20 a day: Wed, Thu, Fri, Mon
    assert facts_task.verdict is Verdict.ON_TRACK  # 80 in 8 working days needs 10 a day, well under 20
    assert facts_task.hours_today == 2.5 and facts_task.hours_total == 10.0


def test_members_reported_absent_and_not_reported() -> None:
    inputs, _, _, _ = team_inputs(
        absences=[Absence("p2", TUE, TUE + timedelta(days=1), "子どもの発熱", at(date(2026, 11, 23), 20))]
    )
    facts = compute_facts(leader(), inputs)
    by_id = {m.person_id: m for m in facts.members}
    assert by_id["p1"].reported_today and by_id["p1"].units_today == 20 and by_id["p1"].hours_today == 2.5
    assert by_id["p2"].absent_today and by_id["p2"].absence_reason == "子どもの発熱"
    assert not by_id["p3"].has_work  # no assignment: not reporting is not news
    assert facts.not_reported == ()
    assert [m.person_id for m in facts.expected] == ["p1"]


def test_on_a_public_holiday_nobody_owes_a_report() -> None:
    inputs, _, _, _ = team_inputs()
    facts = compute_facts(leader(date(2026, 11, 23)), inputs)
    assert not facts.workday and facts.holiday == "勤労感謝の日"
    assert facts.not_reported == ()
    facts = compute_facts(leader(date(2026, 11, 20)), inputs)
    assert facts.workday and facts.not_reported == ()  # both reported on Friday
    later = compute_facts(leader(date(2026, 11, 25)), inputs)
    assert [m.person_id for m in later.not_reported] == ["p1", "p2"]


def test_a_correction_counts_on_the_day_it_fixes_and_is_not_todays_report() -> None:
    inputs, _, _a1, a2 = team_inputs()
    friday = next(r for r in inputs.reports if r.assignment_id == a2.id and r.reported_at == at(WEEK[-1]))
    fix = report(a2, TUE, -3, hour=10, corrects_id=friday.id)  # Friday's 8 was really 5
    facts = compute_facts(leader(), replace(inputs, reports=[*inputs.reports, fix]))
    [t] = facts.tasks
    assert t.done_total == 117 and t.done_today == 20  # today's output unchanged
    p2 = next(m for m in facts.members if m.person_id == "p2")
    assert not p2.reported_today  # a correction is not a report of today's work
    assert t.pace == pytest.approx(19.4)  # (4 × 20 − 3 + 20) / 5


def test_reports_after_the_day_are_not_counted() -> None:
    inputs, _, a1, _ = team_inputs()
    tomorrow = report(a1, TUE + timedelta(days=1), 50)
    facts = compute_facts(leader(), replace(inputs, reports=[*inputs.reports, tomorrow]))
    assert facts.tasks[0].done_total == 120


def test_a_blocker_stays_open_until_a_later_report_without_one() -> None:
    inputs, _, _a1, a2 = team_inputs()
    stuck = report(a2, date(2026, 11, 20), None, blockers="原本の3ページ目が読めません", hour=19)
    facts = compute_facts(leader(), replace(inputs, reports=[*inputs.reports, stuck]))
    [blocker] = facts.blockers
    assert (blocker.person_id, blocker.since, blocker.open_days) == ("p2", date(2026, 11, 20), 4)
    assert blocker.text == "原本の3ページ目が読めません"
    cleared = report(a2, TUE, 10, hour=20)
    facts = compute_facts(leader(), replace(inputs, reports=[*inputs.reports, stuck, cleared]))
    assert facts.blockers == ()


def test_the_client_sees_output_and_forecast_but_no_names_reasons_or_blocker_words() -> None:
    inputs, _t, _a1, a2 = team_inputs(
        absences=[Absence("p2", TUE, TUE, "介護のため", at(date(2026, 11, 23), 20))], team_share=False
    )
    stuck = report(a2, date(2026, 11, 20), None, blockers="子どもの迎えで作業が止まっています", hour=19)
    facts = compute_facts(client(), replace(inputs, reports=[*inputs.reports, stuck], member_ids=()))
    assert facts.members == ()
    [blocker] = facts.blockers
    assert blocker.text == "" and blocker.person_id == ""
    text = template_narrative(facts)
    for private in ("介護", "子ども", "青木", "佐藤", "田中"):
        assert private not in text
    assert facts.tasks[0].total == 200


def test_recurring_occurrences_are_measured_on_their_own() -> None:
    november = task("月次集計", 100, date(2026, 11, 20), recurrence=Recurrence.MONTHLY, status=TaskStatus.DONE)
    december = task("月次集計", 100, date(2026, 12, 18), recurrence=Recurrence.MONTHLY, previous_id=november.id)
    december.created_at = at(TUE, 9)
    a_nov, a_dec = assignment(november, "p1", 100), assignment(december, "p1", 100)
    a_dec.accepted_at = at(TUE, 10)
    reports = [report(a_nov, d, 20) for d in WEEK] + [report(a_dec, TUE, 15)]
    inputs = DigestInputs(
        "伊那チーム", [november, december], [a_nov, a_dec], reports, ["p1"], names={"p1": "青木"}, team_share=True
    )
    facts = compute_facts(leader(), inputs)
    [occurrence] = facts.tasks  # november finished before today: old news
    assert occurrence.task_id == december.id and occurrence.previous_id == november.id
    assert (occurrence.done_total, occurrence.pace) == (15, 15.0)  # measured from its own start today


def test_weekly_period_is_the_last_whole_week() -> None:
    monday = date(2026, 11, 30)
    assert digest_period(client(monday, DigestKind.WEEKLY)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert digest_period(client(date(2026, 11, 29), DigestKind.WEEKLY)) == (date(2026, 11, 23), date(2026, 11, 29))
    inputs, _, _, _ = team_inputs(team_share=False, member_ids=())
    facts = compute_facts(client(date(2026, 11, 23), DigestKind.WEEKLY), inputs)  # the week of 16-22
    assert facts.tasks[0].done_today == 100


def test_template_narrative_passes_the_number_guard_in_both_languages() -> None:
    inputs, _, _, a2 = team_inputs()
    stuck = report(a2, date(2026, 11, 20), None, blockers="3ページ目が読めません", hour=19)
    late_task = task("名刺データ化", 500, date(2026, 11, 27))
    a3 = assignment(late_task, "p3", 500)
    inputs = replace(
        inputs,
        tasks=[*inputs.tasks, late_task],
        assignments=[*inputs.assignments, a3],
        reports=[*inputs.reports, stuck, report(a3, TUE, 30)],
    )
    for request in (leader(), leader(locale=Locale.EN), client(), client(kind=DigestKind.WEEKLY)):
        facts = compute_facts(
            request, inputs if request.audience is Audience.LEADER else replace(inputs, member_ids=())
        )
        if request.kind is DigestKind.DAILY:
            assert facts.late, "30 of 500 units so far cannot finish by Friday"
        text = template_narrative(facts)
        assert check_narrative(text, facts) is None, text


def test_the_guard_catches_an_invented_number_and_an_all_clear_over_a_late_task() -> None:
    inputs, _, _, _ = team_inputs()
    facts = compute_facts(leader(), inputs)
    assert check_narrative("本日は青木さんが20件、累計120件です。遅れに注意。", facts) is None
    reason = check_narrative("本日は37件進みました。遅れに注意。", facts)
    assert reason is not None and reason.startswith("unsupported_numbers:37")
    late = replace(facts, tasks=(replace(facts.tasks[0], verdict=Verdict.LATE),))
    assert check_narrative("すべて順調です。遅れはありません。", late) == "all_clear_despite_risk"
    assert check_narrative("今日もよく進みました。", late) == "risk_not_mentioned"
    assert check_narrative("", facts) == "empty"


def test_json_round_trip() -> None:
    inputs, _, _, a2 = team_inputs(
        absences=[Absence("p2", TUE, TUE, "通院", at(date(2026, 11, 23), 20))],
    )
    stuck = report(a2, date(2026, 11, 20), None, blockers="質問があります", hour=19)
    facts = compute_facts(leader(), replace(inputs, reports=[*inputs.reports, stuck]))
    digest = Digest(facts, template_narrative(facts), NarrativeSource.TEMPLATE)
    assert digest_from_json(digest_to_json(digest)) == digest


def test_allowed_numbers_cover_every_fact_a_template_can_say() -> None:
    inputs, _, _, _ = team_inputs()
    facts: DigestFacts = compute_facts(leader(locale=Locale.EN), inputs)
    text = template_narrative(facts)
    from domain.digest import narrative_numbers

    assert unsupported_numbers(text, allowed_numbers(narrative_numbers(facts))) == []


def test_a_task_cancelled_today_is_a_change_not_a_late_task() -> None:
    inputs, t, _, _ = team_inputs()
    t.status = TaskStatus.IN_PROGRESS
    t.cancel("client", at(TUE, 11), "予算の都合")
    facts = compute_facts(leader(), replace(inputs, changes=list(t.changes)))
    assert facts.tasks == () and facts.late == ()
    assert [c.summary for c in facts.changes] == ["請求書入力：中止されました。"]
    assert not any(m.has_work for m in facts.members)  # nobody owes a report on cancelled work


def test_days_are_the_recipients_local_days() -> None:
    inputs, _, a1, _ = team_inputs()
    late_night = report(a1, TUE, 7, hour=23)  # 23:00 in Tokyo is 15:00 in Berlin, the same Tuesday
    early = report(a1, TUE + timedelta(days=1), 5, hour=6)  # Wed 06:00 Tokyo is Tue 22:00 in Berlin
    inputs = replace(inputs, reports=[*inputs.reports, late_night, early])
    tokyo = compute_facts(leader(), inputs)
    berlin = compute_facts(replace(leader(), timezone="Europe/Berlin"), inputs)
    assert tokyo.tasks[0].done_today == 20 + 7
    assert berlin.tasks[0].done_today == 20 + 7 + 5


def test_an_absent_member_on_late_work_is_named_for_cover() -> None:
    late_task = task("名刺データ化", 500, date(2026, 11, 27))
    a3 = assignment(late_task, "p3", 500)
    inputs, _, _, _ = team_inputs(absences=[Absence("p3", TUE, TUE, "通院", at(date(2026, 11, 23), 20))])
    inputs = replace(
        inputs,
        tasks=[*inputs.tasks, late_task],
        assignments=[*inputs.assignments, a3],
        reports=[*inputs.reports, *(report(a3, d, 6) for d in WEEK)],
    )
    facts = compute_facts(leader(), inputs)
    text = template_narrative(facts)
    assert "田中 一郎さんがお休みです。遅れている名刺データ化は代打を検討してください。" in text
    assert "通院" not in text  # the reason is on the member card for the leader, not in the narrative
    assert check_narrative(text, facts) is None
