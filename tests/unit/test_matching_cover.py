"""Cover (お互いにカバー) in the engine: who may take over an absent member's share, and the share
moving without anything counted twice. Properties over any pool, any absences."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from domain.matching import Candidate, CandidatePool, TaskDemand, evaluate, free_hours
from domain.matching.cover import absence_costs, cover_candidates
from domain.model import DomainError
from domain.proposals import Assignment, move_share
from tests.unit.test_matching_properties import TODAY, demands, pools


def _working_days(start: date, end: date) -> list[date]:
    return [
        start + timedelta(days=i) for i in range((end - start).days + 1) if (start + timedelta(days=i)).weekday() < 5
    ]


@given(pools(), demands(), st.data())
def test_the_absent_person_and_anyone_away_until_the_deadline_are_never_proposed(
    people: list[Candidate], demand: TaskDemand, data: st.DataObject
) -> None:
    absent = data.draw(st.sampled_from(people)).person_id
    # Some people are away on every working day from today to the deadline.
    away = set(data.draw(st.lists(st.sampled_from([c.person_id for c in people]), unique=True)))
    window = _working_days(TODAY, demand.deadline)
    people = [replace(c, absences=c.absences | frozenset(window)) if c.person_id in away else c for c in people]
    teammates = frozenset(data.draw(st.lists(st.sampled_from([c.person_id for c in people]), unique=True)))

    chosen = cover_candidates(demand, CandidatePool.build(people, TODAY), teammates, absent_id=absent, k=len(people))

    ids = [m.match.person_id for m in chosen]
    assert absent not in ids
    assert not (set(ids) & away) or not window  # nobody is proposed for days they are away
    by_id = {c.person_id: c for c in people}
    for m in chosen:  # nobody is offered more than their free hours (absences counted) before the deadline
        assert m.match.hours <= free_hours(by_id[m.match.person_id], TODAY, demand.deadline) + 1e-6
        assert 0 < m.match.units <= demand.units
    flags = [m.same_team for m in chosen]
    assert flags == sorted(flags, reverse=True)  # teammates first
    assert all(m.same_team == (m.match.person_id in teammates) for m in chosen)


@given(pools(), demands())
def test_teammates_come_first_and_then_the_best_scores(people: list[Candidate], demand: TaskDemand) -> None:
    pool = CandidatePool.build(people, TODAY)
    chosen = cover_candidates(demand, pool, frozenset(), absent_id="nobody", k=len(people))
    scores = [m.match.score for m in chosen]
    assert scores == sorted(scores, reverse=True)
    eligible = int(np.count_nonzero(evaluate(demand, pool).eligible))
    assert len(chosen) == eligible


def test_an_absence_costs_only_when_what_is_left_no_longer_fits() -> None:
    deadline = date(2026, 12, 4)  # 10 working days from Monday 11/23
    demand = TaskDemand("t", {"data_entry": 1.0}, 200, 0.05, deadline, TODAY)  # 10 hours
    worker = Candidate("a", {"data_entry": 2}, 20.0)  # 4 h a day: 40 h free
    one_day = replace(worker, absences=frozenset({date(2026, 11, 24)}))
    until_deadline = replace(worker, absences=frozenset(_working_days(date(2026, 11, 24), deadline)))
    assert not absence_costs(demand, CandidatePool.build([one_day], TODAY), "a")
    assert absence_costs(demand, CandidatePool.build([until_deadline], TODAY), "a")  # 4 h left for 10 h of work


@given(
    units=st.integers(1, 500),
    hours=st.floats(0.1, 200, allow_nan=False),
    earnings=st.integers(0, 2_000_000),
    data=st.data(),
)
def test_moving_a_share_keeps_units_hours_and_pay_exact(
    units: int, hours: float, earnings: int, data: st.DataObject
) -> None:
    at = datetime(2026, 11, 24, tzinfo=UTC)
    source = Assignment("o", "t", "absent", units, hours, earnings, at, due=date(2026, 12, 4))
    moving = data.draw(st.integers(1, units))

    moved = move_share(source, "teammate", moving, at)

    assert moved.units + source.units == units and moved.units == moving
    assert moved.earnings_yen + source.earnings_yen == earnings and source.earnings_yen >= 0
    assert abs(moved.hours + source.hours - hours) < 1e-9 and source.hours >= 0
    assert (moved.person_id, moved.cover_of, moved.due, moved.proposal_id) == ("teammate", source.id, source.due, None)


def test_a_share_cannot_move_more_than_it_holds() -> None:
    source = Assignment("o", "t", "absent", 10, 1.0, 0, datetime(2026, 11, 24, tzinfo=UTC))
    for units in (0, 11):
        try:
            move_share(source, "teammate", units, source.accepted_at)
        except DomainError as error:
            assert error.key == "error.cover_units"
        else:
            raise AssertionError(f"moving {units} of 10 was allowed")
    assert source.units == 10
