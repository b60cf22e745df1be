"""The matching engine on small cases worked out by hand.

Dates: 2026-11-23 is a Monday, so 11/23–12/4 holds 10 working days.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from domain.matching import (
    BatchResult,
    Candidate,
    CandidatePool,
    Commitment,
    Proposal,
    RateBasis,
    Reliability,
    TaskDemand,
    TeamRoster,
    assign_all,
    assign_exact,
    evaluate,
    free_hours,
    propose_team,
    render_reasons,
    resolve_skills,
    split_largest_remainder,
    top_candidates,
    words,
    working_days,
)
from domain.matching.reasons import Reasons, SkillMatch
from domain.model import Task, Team, Volume, WorkerProfile
from domain.refs import Locale

TODAY = date(2026, 11, 23)
FRIDAY_NEXT = date(2026, 12, 4)


def demand(
    task_id: str = "t",
    skills: Iterable[str] = ("data_entry",),
    units: int = 20,
    hours_per_unit: float = 1.0,
    deadline: date = FRIDAY_NEXT,
    **kw: Any,
) -> TaskDemand:
    return TaskDemand(task_id, dict.fromkeys(skills, 1.0), units, hours_per_unit, deadline, TODAY, **kw)


def ids(proposals: Iterable[Proposal]) -> list[str]:
    return [p.person_id for p in proposals]


# --- skills --------------------------------------------------------------------------------------


def test_synonyms_resolve_to_catalog_ids() -> None:
    assert resolve_skills(["入力作業", "エクセル", "excel", "そろばん"]) == {"data_entry", "excel"}


def test_skill_coverage_weights_levels() -> None:
    pool = CandidatePool.build(
        [
            Candidate("both", {"data_entry": 3, "excel": 2}, 20),
            Candidate("one", {"excel": 3}, 20),
            Candidate("none", {"sns": 3}, 20),
        ],
        TODAY,
    )
    task = demand(skills=resolve_skills(["入力作業", "エクセル"]))
    ev = evaluate(task, pool)
    assert ev.skill.tolist() == pytest.approx([(3 + 2) / 6, 3 / 6, 0.0])
    assert ids(top_candidates(task, pool)) == ["both", "one"]  # no skill asked for → not proposed


def test_from_profile_reads_synonyms_and_defaults_levels() -> None:
    profile = WorkerProfile("p", skills=frozenset({"エクセル", "data_entry"}), weekly_hours=15)
    candidate = Candidate.from_profile(profile, levels={"excel": 3})
    assert dict(candidate.skill_levels) == {"excel": 3, "data_entry": 2}


def test_demand_from_task() -> None:
    task = Task("org", "請求書入力", Volume(200, "件"), date(2026, 12, 5), "c", skills=frozenset({"data_entry"}))
    task.other_skills = ("エクセル",)
    task.rate_yen, task.rate_unit = 30, "件"
    d = TaskDemand.from_task(task, today=TODAY, hours_per_unit=0.05)
    assert d.skills == {"data_entry": 1.0, "excel": 1.0}
    assert (d.units, d.hours, d.rate_basis, d.yen_per_unit) == (200, 10.0, RateBasis.UNIT, 30.0)


# --- capacity ------------------------------------------------------------------------------------


def test_free_hours_by_hand() -> None:
    c = Candidate(
        "p",
        {"data_entry": 2},
        10,  # 2 h per working day, 10 days → 20 h
        absences=frozenset({date(2026, 11, 25), date(2026, 11, 28)}),  # Wednesday −2 h; Saturday costs nothing
        commitments=(
            Commitment(4, date(2026, 11, 30)),  # due before the deadline: all 4 h
            Commitment(10, date(2026, 12, 18)),  # 20 working days to go, 10 of them ours: 5 h
        ),
    )
    assert working_days(TODAY, FRIDAY_NEXT) == 10
    assert free_hours(c, TODAY, FRIDAY_NEXT) == pytest.approx(20 - 2 - 4 - 5)
    ev = evaluate(demand(), CandidatePool.build([c], TODAY))
    assert ev.free_hours[0] == pytest.approx(9.0)


def test_no_capacity_excludes() -> None:
    pool = CandidatePool.build(
        [
            Candidate("idle", {"data_entry": 3}, 0),
            Candidate("booked", {"data_entry": 3}, 10, commitments=(Commitment(20, date(2026, 12, 1)),)),
            Candidate("free", {"data_entry": 1}, 10),
        ],
        TODAY,
    )
    assert ids(top_candidates(demand(), pool)) == ["free"]


def test_unsplittable_work_needs_someone_who_can_take_all_of_it() -> None:
    pool = CandidatePool.build(
        [Candidate("small", {"data_entry": 3}, 5), Candidate("big", {"data_entry": 1}, 20)], TODAY
    )
    # small has 10 h by 12/4, big 40 h; the task is 20 h.
    assert ids(top_candidates(demand(splittable=True), pool)) == ["small", "big"]
    assert ids(top_candidates(demand(splittable=False), pool)) == ["big"]
    assert top_candidates(demand(splittable=True), pool)[0].units == 10  # offered what fits


def test_earnings_cap_excludes_or_cuts_the_share() -> None:
    # 1,000 yen an hour, 1 h per unit, smallest share 2 units = 2,000 yen.
    task = demand(rate_yen=1000)
    at_limit = Candidate("at", {"data_entry": 2}, 20, earnings_ytd_yen=1_028_000, earnings_cap_yen=1_030_000)
    over = Candidate("over", {"data_entry": 2}, 20, earnings_ytd_yen=1_028_001, earnings_cap_yen=1_030_000)
    uncapped = Candidate("free", {"data_entry": 2}, 20, earnings_ytd_yen=5_000_000)
    proposals = top_candidates(task, CandidatePool.build([at_limit, over, uncapped], TODAY))
    assert ids(proposals) == ["free", "at"]
    at = proposals[1]
    assert (at.units, at.earnings_yen) == (2, 2000)
    assert at_limit.earnings_ytd_yen + at.earnings_yen <= 1_030_000


# --- reliability and fairness --------------------------------------------------------------------


def test_reliability_prior_does_not_punish_new_people() -> None:
    pool = CandidatePool.build(
        [
            Candidate("late", {"data_entry": 2}, 20, reliability=Reliability(2, 10, 1, 3)),
            Candidate("new", {"data_entry": 2}, 20),
            Candidate("solid", {"data_entry": 2}, 20, reliability=Reliability(10, 10, 5, 5)),
        ],
        TODAY,
    )
    # Beta prior mean 0.8, strength 5: (s + 4) / (n + 5), averaged over reports and tasks.
    assert pool.reliability.tolist() == pytest.approx([(6 / 15 + 5 / 8) / 2, 0.8, (14 / 15 + 9 / 10) / 2])
    assert ids(top_candidates(demand(), pool)) == ["solid", "new", "late"]


def test_fairness_breaks_ties_towards_little_recent_work() -> None:
    pool = CandidatePool.build(
        [Candidate("busy", {"data_entry": 2}, 20, recent_hours=30), Candidate("quiet", {"data_entry": 2}, 20)],
        TODAY,
    )
    first, second = top_candidates(demand(), pool)
    assert (first.person_id, second.person_id) == ("quiet", "busy")
    assert first.score - second.score == pytest.approx(0.10 * (1 - 20 / 50))


def test_exact_ties_go_to_the_earlier_row() -> None:
    pool = CandidatePool.build([Candidate(f"p{i}", {"data_entry": 2}, 20) for i in range(30)], TODAY)
    assert ids(top_candidates(demand(), pool, k=5)) == ["p0", "p1", "p2", "p3", "p4"]


def test_demand_for_another_day_is_refused() -> None:
    pool = CandidatePool.build([Candidate("p", {"data_entry": 2}, 20)], TODAY)
    with pytest.raises(ValueError, match="built for"):
        top_candidates(TaskDemand("t", {}, 1, 1.0, FRIDAY_NEXT, TODAY + timedelta(days=1)), pool)


# --- reasons -------------------------------------------------------------------------------------


def test_reasons_in_japanese_and_english() -> None:
    reasons = Reasons(
        skills=(SkillMatch("data_entry", 3), SkillMatch("excel", 2), SkillMatch("sns", 0)),
        free_hours=14.7,
        deadline=date(2026, 12, 5),
        recent_hours=4,
        reports_on_time=9,
        reports_due=10,
        tasks_finished=0,
        tasks_accepted=0,
    )
    assert render_reasons(reasons) == (
        "データ入力◎・Excel・表計算○、SNS運用は未経験、12/5まで残り約14時間の空き、直近2週間の稼働が少ない、報告の期限内9/10件"
    )
    assert render_reasons(reasons, Locale.EN) == (
        "Data entry ◎, Excel / spreadsheets ○; no experience in Social media; about 14 h free until 12/5; "
        "little work in the last 2 weeks; reports on time 9/10"
    )


def test_proposal_reasons_come_from_the_pool() -> None:
    pool = CandidatePool.build([Candidate("p", {"data_entry": 3, "excel": 3}, 7)], TODAY)
    (p,) = top_candidates(demand(skills=("data_entry", "excel"), deadline=date(2026, 12, 4)), pool)
    assert render_reasons(p.reasons) == (
        "データ入力◎・Excel・表計算◎、12/4まで残り約14時間の空き、直近2週間の稼働が少ない、実績はこれから（新しい方）"
    )


def test_word_catalogs_have_the_same_keys() -> None:
    assert words.JA.keys() == words.EN.keys()


# --- teams ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "capacities", "expected"),
    [
        (100, [40, 40, 40], [34, 33, 33]),
        (7, [5, 2], [5, 2]),
        (5, [10, 10, 1], [3, 2, 0]),
        (0, [4, 4], [0, 0]),
    ],
)
def test_largest_remainder_split(total: int, capacities: list[int], expected: list[int]) -> None:
    assert split_largest_remainder(total, capacities) == expected


def test_split_beyond_capacity_is_refused() -> None:
    with pytest.raises(ValueError):
        split_largest_remainder(10, [1, 1, 1, 1])


def _team_pool(extra: Iterable[Candidate] = ()) -> CandidatePool:
    return CandidatePool.build(
        [
            Candidate("lead", {"data_entry": 3}, 10),  # 20 h by 12/4
            Candidate("m1", {"data_entry": 2}, 5),  # 10 h
            Candidate("m2", {"data_entry": 2}, 15, commitments=(Commitment(10, date(2026, 12, 1)),)),  # 20 h
            Candidate("m3", {"sns": 3}, 20),  # no skill this task needs: no share
            *extra,
        ],
        TODAY,
    )


def test_team_split_in_proportion_to_free_capacity() -> None:
    team = TeamRoster.from_team(Team("結チーム", "org", "lead", {"m1", "m2", "m3"}))
    (proposal,) = propose_team(demand(units=40), [team], _team_pool())
    shares = {p.person_id: p.units for p in proposal.shares}
    assert shares == {"lead": 16, "m1": 8, "m2": 16}  # 40 × 20/50, 10/50, 20/50
    assert proposal.units == 40
    assert proposal.specialist is None
    assert render_reasons(proposal.reasons).startswith("データ入力◎、3人で12/4まで残り約50時間の空き")


def test_team_without_the_capacity_is_not_proposed() -> None:
    team = TeamRoster("T", "team", ("lead", "m1", "m2"))
    assert propose_team(demand(units=51), [team], _team_pool()) == []


def test_hybrid_adds_an_outside_specialist_for_the_missing_skill() -> None:
    team = TeamRoster("T", "team", ("lead", "m1", "m2"))
    pool = _team_pool([Candidate("xl", {"excel": 3}, 10), Candidate("xl-weak", {"excel": 1}, 10)])
    task = demand(skills=("data_entry", "excel"), units=40)
    (proposal,) = propose_team(task, [team], pool)
    assert proposal.specialist is not None
    assert proposal.specialist.person_id == "xl"
    assert proposal.specialist.units == 20  # half the skill weight → half the volume
    assert sum(p.units for p in proposal.shares) == 20
    assert proposal.units == 40
    assert "Excel・表計算は外部の専門人材が担当" in render_reasons(proposal.reasons)
    assert propose_team(task, [team], pool, hybrid=False) == []


# --- batch ---------------------------------------------------------------------------------------


def _batch_instance(seed: int = 7, people: int = 40, tasks: int = 12) -> tuple[list[Candidate], list[TaskDemand]]:
    rng = np.random.default_rng(seed)
    skills = ["data_entry", "excel", "bookkeeping", "sns", "transcription"]
    candidates = []
    for i in range(people):
        chosen = rng.choice(skills, size=int(rng.integers(1, 4)), replace=False)
        cap = int(rng.choice([1_030_000, 1_300_000])) if rng.random() < 0.3 else None
        candidates.append(
            Candidate(
                f"p{i}",
                {str(s): int(rng.integers(1, 4)) for s in chosen},
                float(rng.integers(5, 41)),
                commitments=(Commitment(float(rng.integers(0, 10)), TODAY + timedelta(days=int(rng.integers(0, 20)))),),
                recent_hours=float(rng.integers(0, 60)),
                reliability=Reliability(int(rng.integers(0, 5)), 5, 1, 1),
                earnings_ytd_yen=int(rng.integers(900_000, 1_030_000)) if cap else 0,
                earnings_cap_yen=cap,
            )
        )
    demands = [
        TaskDemand(
            f"t{j}",
            dict.fromkeys(rng.choice(skills, size=int(rng.integers(1, 3)), replace=False).tolist(), 1.0),
            int(rng.integers(10, 80)),
            float(rng.choice([0.25, 0.5, 1.0])),
            TODAY + timedelta(days=int(rng.integers(3, 21))),
            TODAY,
            rate_yen=int(rng.choice([1000, 1200, 1500])),
        )
        for j in range(tasks)
    ]
    return candidates, demands


def assert_not_over_booked(result: BatchResult, candidates: Sequence[Candidate], demands: Sequence[TaskDemand]) -> None:
    by_task = {d.task_id: d for d in demands}
    by_person = {c.person_id: c for c in candidates}
    for person_id in {a.person_id for a in result.assignments}:
        mine = [a for a in result.assignments if a.person_id == person_id]
        c = by_person[person_id]
        for deadline in {by_task[a.task_id].deadline for a in mine}:
            due = sum(a.hours for a in mine if by_task[a.task_id].deadline <= deadline)
            assert due <= free_hours(c, TODAY, deadline) + 1e-6, (person_id, deadline)
        if c.earnings_cap_yen is not None:
            assert c.earnings_ytd_yen + sum(a.earnings_yen for a in mine) <= c.earnings_cap_yen
    for d in demands:
        assert (
            sum(a.units for a in result.assignments if a.task_id == d.task_id) + result.unfilled.get(d.task_id, 0)
            == d.units
        )


def test_batch_never_over_books_and_respects_deadlines_together() -> None:
    # One person, two tasks due on different days: 2 h/day, so 10 h by Friday and 20 h by 12/4.
    pool_candidates = [Candidate("solo", {"data_entry": 3}, 10)]
    demands = [demand("early", units=15, deadline=date(2026, 11, 27)), demand("late", units=15)]
    result = assign_all(demands, CandidatePool.build(pool_candidates, TODAY))
    got = {a.task_id: a.units for a in result.assignments}
    assert got["early"] <= 10
    assert sum(got.values()) == 20
    assert_not_over_booked(result, pool_candidates, demands)


def test_batch_on_a_mixed_instance_is_feasible_and_near_the_exact_optimum() -> None:
    candidates, demands = _batch_instance()
    pool = CandidatePool.build(candidates, TODAY)
    fast = assign_all(demands, pool, candidates_per_task=10)
    exact = assign_exact(demands, pool)  # scipy.optimize.milp over every eligible pair, integer units
    assert_not_over_booked(fast, candidates, demands)
    assert_not_over_booked(exact, candidates, demands)
    assert fast.objective <= exact.objective + 1e-6
    assert fast.objective >= 0.98 * exact.objective


def test_batch_spreads_work_at_equal_fit() -> None:
    # Two equally good people with room for everything: the fairness penalty splits the work.
    people = [Candidate("a", {"data_entry": 2}, 40, recent_hours=0), Candidate("b", {"data_entry": 2}, 40)]
    result = assign_all([demand(units=40)], CandidatePool.build(people, TODAY))
    assert result.hours_by_person() == {"a": 20.0, "b": 20.0}
