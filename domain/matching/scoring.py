"""Individual matching: score every worker in a pool for one task, keep the best k.

score = w.skill × skill coverage + w.capacity × capacity + w.reliability × reliability
        + w.fairness × fairness                                  (each part in 0..1)

- skill coverage: Σ weight × level / 3 over the task's skills, divided by Σ weight (catalog ids,
  so synonyms are already resolved; a missing skill counts 0);
- capacity: the share of the task the person can take before the deadline (1 = all of it);
- reliability and fairness: see `formulas`.

Hard constraints (the person is excluded, never proposed): no declared hours; fewer free units
than the smallest useful share (the whole task when it cannot be split); a share that would push
the year's earnings past the person's cap (the offered share is cut to what fits under the cap,
and excluded if that is below the smallest useful share; someone already at their cap is
excluded even when the task's rate is unknown); no skill the task asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from domain.matching.formulas import commitment_share, working_days
from domain.matching.pool import SKILL_COLUMN, CandidatePool
from domain.matching.reasons import Reasons, SkillMatch
from domain.matching.values import DEFAULT_WEIGHTS, MAX_LEVEL, TaskDemand, Weights

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_EPS = 1e-9
_MANY = 1e12  # "unlimited" units, kept finite so it floors to an integer


@dataclass(frozen=True, slots=True)
class ScoreParts:
    skill: float
    capacity: float
    reliability: float
    fairness: float


@dataclass(frozen=True, slots=True)
class Proposal:
    """One person offered for (a share of) a task, with the score and the facts behind it."""

    task_id: str
    person_id: str
    score: float
    parts: ScoreParts
    units: int  # the offered share
    hours: float
    earnings_yen: int
    reasons: Reasons


@dataclass(frozen=True, slots=True, eq=False)
class Evaluation:
    """One demand against a whole pool, as arrays over the pool's rows."""

    demand: TaskDemand
    skill_columns: IntArray  # pool columns of the demand's skills, in `skill_ids` order
    skill_ids: tuple[str, ...]
    skill: FloatArray
    free_hours: FloatArray
    available_units: IntArray  # free units, cut to the earnings cap (not to the task's size)
    eligible: BoolArray
    capacity: FloatArray
    score: FloatArray


def _skill_vector(demand: TaskDemand) -> tuple[tuple[str, ...], IntArray, FloatArray]:
    ids = tuple(sorted(demand.skills))
    columns = np.array([SKILL_COLUMN[s] for s in ids], dtype=np.int64)
    weights = np.array([demand.skills[s] for s in ids], dtype=np.float64)
    return ids, columns, weights


def free_hours_until(pool: CandidatePool, deadline: date) -> FloatArray:
    """Free hours of every pooled person from the pool's day to `deadline` (see `formulas.free_hours`)."""
    n = len(pool)
    days = working_days(pool.today, deadline)
    gross = pool.weekly_hours / 5.0 * days
    in_window = pool.absence_day <= np.datetime64(deadline, "D")
    absent = np.bincount(pool.absence_person[in_window], minlength=n).astype(np.float64)
    committed = np.bincount(
        pool.commit_person, weights=pool.commit_hours * commitment_share(days, pool.commit_days), minlength=n
    )
    return np.maximum(gross - pool.weekly_hours / 5.0 * absent - committed, 0.0)


def evaluate(demand: TaskDemand, pool: CandidatePool, weights: Weights = DEFAULT_WEIGHTS) -> Evaluation:
    if demand.today != pool.today:
        raise ValueError(f"the pool was built for {pool.today}, the demand is for {demand.today}")
    ids, columns, w = _skill_vector(demand)
    if len(ids):
        # float32 matrix × float32 vector: one BLAS call over all workers.
        skill = (pool.levels[:, columns] @ w.astype(np.float32)).astype(np.float64) / (MAX_LEVEL * w.sum())
    else:
        skill = np.ones(len(pool))
    free = free_hours_until(pool, demand.deadline)
    free_units = np.floor(free / demand.hours_per_unit + _EPS)
    if demand.yen_per_unit > 0:
        cap_units = np.floor(np.minimum(pool.cap_room_yen / demand.yen_per_unit, _MANY) + _EPS)
    else:
        cap_units = np.full(len(pool), _MANY)
    available = np.minimum(free_units, cap_units).astype(np.int64)
    # Someone already at their cap gets no work at all, even work whose rate is not known yet.
    available[pool.cap_room_yen <= 0] = 0
    eligible = (available >= demand.min_share_units) & (pool.weekly_hours > 0)
    if len(ids):
        eligible &= skill > 0
    capacity = np.minimum(available / demand.units, 1.0)
    score = (
        weights.skill * skill
        + weights.capacity * capacity
        + weights.reliability * pool.reliability
        + weights.fairness * pool.fairness
    )
    return Evaluation(demand, columns, ids, skill, free, available, eligible, capacity, score)


def best_rows(score: FloatArray, eligible: BoolArray, k: int) -> IntArray:
    """Rows of the k highest eligible scores, best first; ties go to the earlier row (stable)."""
    candidates = np.flatnonzero(eligible)
    if k <= 0 or candidates.size == 0:
        return np.empty(0, dtype=np.int64)
    values = score[candidates]
    if candidates.size > k:
        # Everything scoring at least the k-th best, so ties at the boundary are decided by row.
        kth = np.partition(values, candidates.size - k)[candidates.size - k]
        keep = values >= kth
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))[:k]
    return candidates[order]


def proposal(evaluation: Evaluation, pool: CandidatePool, row: int, units: int | None = None) -> Proposal:
    """The proposal for one pooled person: their share (by default all they can take, up to the task)."""
    demand = evaluation.demand
    share = min(int(evaluation.available_units[row]), demand.units) if units is None else units
    return Proposal(
        task_id=demand.task_id,
        person_id=pool.person_ids[row],
        score=float(evaluation.score[row]),
        parts=ScoreParts(
            skill=float(evaluation.skill[row]),
            capacity=float(evaluation.capacity[row]),
            reliability=float(pool.reliability[row]),
            fairness=float(pool.fairness[row]),
        ),
        units=share,
        hours=share * demand.hours_per_unit,
        earnings_yen=demand.earnings_yen(share),
        reasons=reasons_for(evaluation, pool, row),
    )


def reasons_for(evaluation: Evaluation, pool: CandidatePool, row: int) -> Reasons:
    levels = pool.levels[row, evaluation.skill_columns]
    return Reasons(
        skills=tuple(SkillMatch(s, int(lv)) for s, lv in zip(evaluation.skill_ids, levels, strict=True)),
        free_hours=float(evaluation.free_hours[row]),
        deadline=evaluation.demand.deadline,
        recent_hours=float(pool.recent_hours[row]),
        reports_on_time=int(pool.reports_on_time[row]),
        reports_due=int(pool.reports_due[row]),
        tasks_finished=int(pool.tasks_finished[row]),
        tasks_accepted=int(pool.tasks_accepted[row]),
    )


def top_candidates(
    demand: TaskDemand, pool: CandidatePool, k: int = 10, weights: Weights = DEFAULT_WEIGHTS
) -> list[Proposal]:
    """The k best people for `demand`, best first; only people who pass every hard constraint."""
    evaluation = evaluate(demand, pool, weights)
    return [proposal(evaluation, pool, int(r)) for r in best_rows(evaluation.score, evaluation.eligible, k)]
