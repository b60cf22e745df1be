"""Properties of the matching engine that must hold for any workers and any task."""

import dataclasses
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.matching import (
    Candidate,
    CandidatePool,
    Commitment,
    RateBasis,
    Reliability,
    TaskDemand,
    assign_all,
    evaluate,
    free_hours,
    split_largest_remainder,
    top_candidates,
    working_days,
)

TODAY = date(2026, 11, 23)
SKILLS = ["data_entry", "excel", "bookkeeping", "sns"]

days = st.integers(min_value=-3, max_value=30).map(lambda n: TODAY + timedelta(days=n))


@st.composite
def candidates(draw: st.DrawFn, person_id: str) -> Candidate:
    cap = draw(st.none() | st.integers(min_value=0, max_value=2_000_000))
    reports_due = draw(st.integers(0, 20))
    accepted = draw(st.integers(0, 10))
    return Candidate(
        person_id,
        draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 3), max_size=3)),
        draw(st.integers(0, 40)),
        commitments=tuple(draw(st.lists(st.builds(Commitment, st.floats(0, 40, allow_nan=False), days), max_size=3))),
        absences=frozenset(draw(st.lists(days, max_size=6))),
        reliability=Reliability(
            draw(st.integers(0, reports_due)), reports_due, draw(st.integers(0, accepted)), accepted
        ),
        recent_hours=draw(st.floats(0, 120, allow_nan=False)),
        earnings_ytd_yen=draw(st.integers(0, 2_000_000)),
        earnings_cap_yen=cap,
    )


@st.composite
def pools(draw: st.DrawFn, max_size: int = 12) -> list[Candidate]:
    n = draw(st.integers(1, max_size))
    return [draw(candidates(f"p{i}")) for i in range(n)]


@st.composite
def demands(draw: st.DrawFn, task_id: str = "t") -> TaskDemand:
    return TaskDemand(
        task_id,
        dict.fromkeys(draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True)), 1.0),
        draw(st.integers(1, 200)),
        draw(st.sampled_from([0.1, 0.25, 0.5, 1.0, 3.0])),
        TODAY + timedelta(days=draw(st.integers(0, 30))),
        TODAY,
        rate_yen=draw(st.integers(0, 3000)),
        rate_basis=draw(st.sampled_from(RateBasis)),
        splittable=draw(st.booleans()),
        min_share_hours=draw(st.sampled_from([0.5, 2.0, 8.0])),
    )


@given(pools(), demands())
def test_vectorised_free_hours_equal_the_scalar_rule(people: list[Candidate], demand: TaskDemand) -> None:
    ev = evaluate(demand, CandidatePool.build(people, TODAY))
    for i, c in enumerate(people):
        assert abs(ev.free_hours[i] - free_hours(c, TODAY, demand.deadline)) < 1e-6


@given(pools(), demands())
def test_nobody_beyond_capacity_or_cap_is_proposed(people: list[Candidate], demand: TaskDemand) -> None:
    by_id = {c.person_id: c for c in people}
    for p in top_candidates(demand, CandidatePool.build(people, TODAY), k=5):
        c = by_id[p.person_id]
        assert demand.min_share_units <= p.units <= demand.units
        assert p.hours <= free_hours(c, TODAY, demand.deadline) + 1e-6
        if c.earnings_cap_yen is not None:
            assert c.earnings_ytd_yen + p.earnings_yen <= c.earnings_cap_yen
            assert c.earnings_ytd_yen < c.earnings_cap_yen  # nobody at their cap, even for unpaid work
        if demand.skills:
            assert any(s in c.skill_levels for s in demand.skills)


@given(pools(), demands())
def test_someone_absent_until_the_deadline_is_never_proposed(people: list[Candidate], demand: TaskDemand) -> None:
    all_days = frozenset(TODAY + timedelta(days=n) for n in range((demand.deadline - TODAY).days + 1))
    absent = Candidate("away", {s: 3 for s in SKILLS}, 40, absences=all_days)
    proposals = top_candidates(demand, CandidatePool.build([*people, absent], TODAY), k=len(people) + 1)
    assert "away" not in [p.person_id for p in proposals]


@given(pools(), demands(), st.lists(days, max_size=10))
def test_absence_days_are_never_proposed_as_working_time(
    people: list[Candidate], demand: TaskDemand, away: list[date]
) -> None:
    """Whatever else they have on, a proposal never asks more of a person than their declared hours
    on the working days they are there; and being away more never gets anyone more work."""
    pool = CandidatePool.build(people, TODAY)
    by_id = {c.person_id: c for c in people}
    for p in top_candidates(demand, pool, k=len(people)):
        c = by_id[p.person_id]
        present = working_days(TODAY, demand.deadline) - sum(
            1 for d in c.absences if TODAY <= d <= demand.deadline and d.weekday() < 5
        )
        assert p.hours <= c.weekly_hours / 5.0 * present + 1e-6
    more = [dataclasses.replace(c, absences=c.absences | frozenset(away)) for c in people]
    before, after = evaluate(demand, pool), evaluate(demand, CandidatePool.build(more, TODAY))
    for i in range(len(people)):
        assert after.available_units[i] <= before.available_units[i]
        assert after.eligible[i] <= before.eligible[i]


@given(pools(), demands(), st.sampled_from(SKILLS))
def test_adding_a_required_skill_never_raises_someone_who_lacks_it(
    people: list[Candidate], demand: TaskDemand, extra: str
) -> None:
    more = TaskDemand(
        demand.task_id,
        {**demand.skills, extra: 1.0},
        demand.units,
        demand.hours_per_unit,
        demand.deadline,
        demand.today,
        rate_yen=demand.rate_yen,
        rate_basis=demand.rate_basis,
    )
    pool = CandidatePool.build(people, TODAY)
    before, after = evaluate(demand, pool), evaluate(more, pool)
    for i, c in enumerate(people):
        if extra not in c.skill_levels:
            assert after.score[i] <= before.score[i] + 1e-9


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=12), st.data())
def test_split_sums_exactly_and_stays_within_capacity(capacities: list[int], data: st.DataObject) -> None:
    total = data.draw(st.integers(0, sum(capacities)))
    shares = split_largest_remainder(total, capacities)
    assert sum(shares) == total
    assert all(0 <= s <= c for s, c in zip(shares, capacities, strict=True))


@settings(max_examples=25, deadline=None)
@given(pools(max_size=8), st.lists(demands(), min_size=1, max_size=4))
def test_batch_never_over_books(people: list[Candidate], tasks: list[TaskDemand]) -> None:
    tasks = [
        TaskDemand(f"t{i}", d.skills, d.units, d.hours_per_unit, d.deadline, d.today, rate_yen=d.rate_yen)
        for i, d in enumerate(tasks)
    ]
    result = assign_all(tasks, CandidatePool.build(people, TODAY), candidates_per_task=5)
    by_task = {d.task_id: d for d in tasks}
    for c in people:
        mine = [a for a in result.assignments if a.person_id == c.person_id]
        for deadline in {by_task[a.task_id].deadline for a in mine}:
            assert (
                sum(a.hours for a in mine if by_task[a.task_id].deadline <= deadline)
                <= free_hours(c, TODAY, deadline) + 1e-6
            )
        if c.earnings_cap_yen is not None:  # someone already past their cap gets nothing paid
            assert sum(a.earnings_yen for a in mine) <= max(c.earnings_cap_yen - c.earnings_ytd_yen, 0)
    for d in tasks:
        assert sum(a.units for a in result.assignments if a.task_id == d.task_id) <= d.units


def test_working_days_count_weekdays_inclusive() -> None:
    assert working_days(TODAY, TODAY) == 1
    assert working_days(TODAY, TODAY - timedelta(days=1)) == 0
    assert working_days(TODAY, TODAY + timedelta(days=6)) == 5
