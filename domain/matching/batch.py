"""Batch mode (`yui match --all`): assign many open tasks at once without over-booking anyone.

Solver: a linear programme solved by HiGHS through `scipy.optimize.milp`. HiGHS is a maintained,
fast LP/MIP solver that ships inside SciPy (no extra dependency, no licence), and the problem is
a transportation problem with a few side constraints that a min-cost-flow solver cannot express
(earnings caps are yen, not hours; capacity is nested by deadline). `linear_sum_assignment` was
ruled out for the production path: expanding 1,000 tasks × 10,000 people into capacity slots
gives a dense matrix of hundreds of millions of cells.

The model (one variable per task–person pair, in whole units of the task):

    maximise  Σ fit(t,p) · hours(t) · y(t,p)  −  Σ_p fairness penalty(load of p)
    subject to
      Σ_p y(t,p) ≤ units(t)                                     each task at most fully staffed
      Σ_{t: deadline(t) ≤ D} hours(t) · y(t,p) ≤ free_p(D)      for every deadline D: capacity,
                                                                 nested, so no deadline is over-booked
      Σ_t yen(t) · y(t,p) ≤ cap room(p)                         annual earnings cap
      0 ≤ y(t,p) ≤ what p can take of t by its deadline

- fit(t,p) is the individual score without its capacity and fairness parts (skill coverage and
  reliability, rescaled to 0..1): capacity is a constraint here, and fairness is the penalty.
- The fairness penalty is convex piecewise-linear in a person's total recent-plus-new hours
  (free up to 10 h, then 0.02, 0.05, 0.10 per hour after 10, 20, 40 h): the k-th hour given to
  an already busy person is worth less than a first hour given to someone idle, so at equal fit
  work spreads across the region. It is modelled with one bounded variable per segment.
- Simplifications: the volume of a task is split in whole units among any number of people (the
  task's "slots" are its units); `splittable` and `min_share_hours` are not enforced in batch mode
  (doing so needs a binary per pair, which HiGHS can do for small batches). Tasks may be left
  partly unstaffed when capacity runs out; `BatchResult.unfilled` says by how much.

`assign_all` keeps, per task, only its `candidates_per_task` best people by individual score
(pruning) and solves the LP relaxation, then rounds down and hands out the remaining units
greedily where every constraint still holds. `assign_exact` solves the same model over every
eligible pair as an integer programme: the reference the benchmark and the tests compare with.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from domain.matching.pool import CandidatePool
from domain.matching.scoring import best_rows, evaluate, free_hours_until
from domain.matching.values import DEFAULT_WEIGHTS, TaskDemand, Weights

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# (start of the segment in hours, penalty per hour inside it)
FAIRNESS_SEGMENTS: tuple[tuple[float, float], ...] = ((0.0, 0.0), (10.0, 0.02), (20.0, 0.05), (40.0, 0.10))
_EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Assignment:
    task_id: str
    person_id: str
    units: int
    hours: float
    earnings_yen: int
    fit: float


@dataclass(frozen=True, slots=True)
class BatchResult:
    assignments: tuple[Assignment, ...]
    objective: float  # total fit-hours minus the fairness penalty (what the solver maximises)
    total_fit: float  # Σ fit × hours
    unfilled: dict[str, int]  # task id → units nobody could take
    pairs: int  # variables the solver saw
    seconds: float

    def hours_by_person(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for a in self.assignments:
            out[a.person_id] = out.get(a.person_id, 0.0) + a.hours
        return out


@dataclass(frozen=True, slots=True, eq=False)
class _Problem:
    demands: tuple[TaskDemand, ...]
    task: IntArray  # per pair
    row: IntArray  # per pair: pool row
    fit: FloatArray
    upper: FloatArray  # most units of the task the person can take
    hours: FloatArray  # hours per unit of the pair's task
    yen: FloatArray  # yen per unit of the pair's task
    deadline_of_task: tuple[date, ...]
    free_by_deadline: dict[date, FloatArray]  # free hours of every pool row until each deadline


def assign_all(
    demands: Sequence[TaskDemand],
    pool: CandidatePool,
    *,
    candidates_per_task: int = 40,
    weights: Weights = DEFAULT_WEIGHTS,
    time_limit: float = 60.0,
) -> BatchResult:
    """Assign `demands` over `pool`: LP on the best `candidates_per_task` people per task, then rounding."""
    started = time.perf_counter()
    problem = _build(demands, pool, weights, candidates_per_task)
    y = _solve(problem, pool, integral=False, time_limit=time_limit)
    units = _round(problem, pool, y)
    return _result(problem, pool, units, time.perf_counter() - started)


def assign_exact(
    demands: Sequence[TaskDemand], pool: CandidatePool, *, weights: Weights = DEFAULT_WEIGHTS, time_limit: float = 600.0
) -> BatchResult:
    """The integer optimum of the same model over every eligible pair (for small instances)."""
    started = time.perf_counter()
    problem = _build(demands, pool, weights, None)
    y = _solve(problem, pool, integral=True, time_limit=time_limit)
    units = np.floor(y + _EPS).astype(np.int64)
    return _result(problem, pool, units, time.perf_counter() - started)


def _build(demands: Sequence[TaskDemand], pool: CandidatePool, weights: Weights, keep: int | None) -> _Problem:
    tasks, rows, fits, uppers = [], [], [], []
    fit_scale = weights.skill + weights.reliability
    deadlines = sorted({d.deadline for d in demands})
    free_by_deadline = {d: free_hours_until(pool, d) for d in deadlines}
    for t, demand in enumerate(demands):
        ev = evaluate(demand, pool, weights)
        eligible = (ev.available_units >= 1) & (pool.weekly_hours > 0)
        if demand.skills:
            eligible &= ev.skill > 0
        chosen = best_rows(ev.score, eligible, keep) if keep is not None else np.flatnonzero(eligible)
        tasks.append(np.full(chosen.size, t, dtype=np.int64))
        rows.append(chosen.astype(np.int64))
        fits.append((weights.skill * ev.skill[chosen] + weights.reliability * pool.reliability[chosen]) / fit_scale)
        uppers.append(np.minimum(ev.available_units[chosen], demand.units).astype(np.float64))
    task = np.concatenate(tasks) if tasks else np.empty(0, dtype=np.int64)
    per_unit_hours = np.array([d.hours_per_unit for d in demands], dtype=np.float64)
    per_unit_yen = np.array([d.yen_per_unit for d in demands], dtype=np.float64)
    return _Problem(
        demands=tuple(demands),
        task=task,
        row=np.concatenate(rows) if rows else np.empty(0, dtype=np.int64),
        fit=np.concatenate(fits) if fits else np.empty(0),
        upper=np.concatenate(uppers) if uppers else np.empty(0),
        hours=per_unit_hours[task],
        yen=per_unit_yen[task],
        deadline_of_task=tuple(d.deadline for d in demands),
        free_by_deadline=free_by_deadline,
    )


def _capacity_rows(problem: _Problem) -> tuple[IntArray, IntArray, FloatArray]:
    """(row id, pair, rhs) of the nested capacity constraints: per person, per deadline they face.

    Pairs sorted by person then deadline; each person's distinct deadlines D get one row holding
    their pairs with deadline ≤ D, built with a running group start instead of a Python loop per pair.
    """
    n_pairs = problem.task.size
    dl = np.array([np.datetime64(problem.deadline_of_task[t], "D") for t in range(len(problem.demands))])
    pair_dl = dl[problem.task] if n_pairs else np.empty(0, dtype="datetime64[D]")
    order = np.lexsort((pair_dl, problem.row))
    rows_out: list[IntArray] = []
    pairs_out: list[IntArray] = []
    rhs: list[float] = []
    row_id = 0
    sorted_rows = problem.row[order]
    boundaries = np.flatnonzero(np.diff(sorted_rows)) + 1
    for block in np.split(order, boundaries):
        if block.size == 0:
            continue
        person = int(problem.row[block[0]])
        block_dl = pair_dl[block]
        for d in np.unique(block_dl):
            members = block[block_dl <= d]
            rows_out.append(np.full(members.size, row_id, dtype=np.int64))
            pairs_out.append(members)
            rhs.append(float(problem.free_by_deadline[d.astype(date)][person]))
            row_id += 1
    if not rows_out:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0)
    return np.concatenate(rows_out), np.concatenate(pairs_out), np.array(rhs)


def _solve(problem: _Problem, pool: CandidatePool, *, integral: bool, time_limit: float) -> FloatArray:
    n_pairs = problem.task.size
    if n_pairs == 0:
        return np.empty(0)
    people, person_of_pair = np.unique(problem.row, return_inverse=True)
    n_people, n_seg = people.size, len(FAIRNESS_SEGMENTS)
    # Segment variables s[p, j]: hours of p's recent+new load inside segment j (beyond recent work).
    starts = np.array([s for s, _ in FAIRNESS_SEGMENTS])
    ends = np.append(starts[1:], np.inf)
    recent = pool.recent_hours[people][:, None]
    seg_len = np.maximum(ends[None, :] - np.maximum(starts[None, :], recent), 0.0)  # (people, segments)
    penalty = np.broadcast_to(np.array([p for _, p in FAIRNESS_SEGMENTS]), (n_people, n_seg))

    n_vars = n_pairs + n_people * n_seg
    c = np.concatenate([-problem.fit * problem.hours, penalty.ravel()])
    lower = np.zeros(n_vars)
    upper = np.concatenate([problem.upper, seg_len.ravel()])

    blocks: list[tuple[IntArray, IntArray, FloatArray, FloatArray, FloatArray]] = []
    # 1. each task at most fully staffed
    n_tasks = len(problem.demands)
    blocks.append(
        (
            problem.task,
            np.arange(n_pairs),
            np.ones(n_pairs),
            np.full(n_tasks, -np.inf),
            np.array([d.units for d in problem.demands], dtype=np.float64),
        )
    )
    # 2. nested capacity by deadline
    cap_row, cap_pair, cap_rhs = _capacity_rows(problem)
    blocks.append((cap_row, cap_pair, problem.hours[cap_pair], np.full(cap_rhs.size, -np.inf), cap_rhs))
    # 3. earnings caps (only people with a finite cap)
    room = pool.cap_room_yen[people]
    capped = np.isfinite(room)
    capped_index = np.cumsum(capped) - 1
    pair_capped = capped[person_of_pair] & (problem.yen > 0)
    blocks.append(
        (
            capped_index[person_of_pair[pair_capped]],
            np.flatnonzero(pair_capped),
            problem.yen[pair_capped],
            np.full(int(capped.sum()), -np.inf),
            room[capped],
        )
    )
    # 4. load = Σ hours ≤ Σ segments (the penalty makes the solver fill segments in order)
    seg_vars = n_pairs + np.arange(n_people * n_seg)
    blocks.append(
        (
            np.concatenate([person_of_pair, np.repeat(np.arange(n_people), n_seg)]),
            np.concatenate([np.arange(n_pairs), seg_vars]),
            np.concatenate([problem.hours, -np.ones(n_people * n_seg)]),
            np.full(n_people, -np.inf),
            np.zeros(n_people),
        )
    )
    constraints = []
    for r, col, val, lb, ub in blocks:
        if lb.size == 0:
            continue
        matrix = coo_array((val, (r, col)), shape=(lb.size, n_vars)).tocsr()
        constraints.append(LinearConstraint(matrix, lb, ub))
    integrality = np.concatenate([np.full(n_pairs, 1 if integral else 0), np.zeros(n_people * n_seg)])
    result = milp(
        c,
        integrality=integrality,
        bounds=Bounds(lower, upper),
        constraints=constraints,
        options={"time_limit": time_limit, "presolve": True},
    )
    if result.x is None:
        raise RuntimeError(f"the batch solver found no solution: {result.message}")
    return np.asarray(result.x[:n_pairs], dtype=np.float64)


def _round(problem: _Problem, pool: CandidatePool, y: FloatArray) -> IntArray:
    """Whole units: round the LP solution down (still feasible), then hand out what is left greedily."""
    units = np.floor(y + _EPS).astype(np.int64)
    left = np.array([d.units for d in problem.demands], dtype=np.int64) - np.bincount(
        problem.task, weights=units, minlength=len(problem.demands)
    ).astype(np.int64)
    fractional = np.flatnonzero((y - units > _EPS) & (left[problem.task] > 0))
    if fractional.size == 0:
        return units
    # Few pairs are fractional at an LP vertex; each extra unit is checked against every constraint.
    for pair in fractional[np.lexsort((-problem.fit[fractional], -(y[fractional] - units[fractional])))]:
        t = int(problem.task[pair])
        while left[t] > 0 and units[pair] < problem.upper[pair] and _fits_one_more(problem, pool, units, int(pair)):
            units[pair] += 1
            left[t] -= 1
    return units


def _fits_one_more(problem: _Problem, pool: CandidatePool, units: IntArray, pair: int) -> bool:
    person = problem.row[pair]
    mine = np.flatnonzero(problem.row == person)
    extra = np.zeros(problem.task.size)
    extra[pair] = 1
    load = (units[mine] + extra[mine]) * problem.hours[mine]
    pair_dl = [problem.deadline_of_task[int(t)] for t in problem.task[mine]]
    for d in sorted(set(pair_dl)):
        within = np.array([x <= d for x in pair_dl])
        if load[within].sum() > problem.free_by_deadline[d][person] + _EPS:
            return False
    earned = float(((units[mine] + extra[mine]) * problem.yen[mine]).sum())
    return bool(earned <= pool.cap_room_yen[person] + _EPS)


def _result(problem: _Problem, pool: CandidatePool, units: IntArray, seconds: float) -> BatchResult:
    assignments = []
    total_fit = 0.0
    for pair in np.flatnonzero(units > 0):
        demand = problem.demands[int(problem.task[pair])]
        u = int(units[pair])
        total_fit += float(problem.fit[pair]) * u * demand.hours_per_unit
        assignments.append(
            Assignment(
                task_id=demand.task_id,
                person_id=pool.person_ids[int(problem.row[pair])],
                units=u,
                hours=u * demand.hours_per_unit,
                earnings_yen=demand.earnings_yen(u),
                fit=float(problem.fit[pair]),
            )
        )
    filled = np.bincount(problem.task, weights=units, minlength=len(problem.demands)) if units.size else None
    unfilled = {
        d.task_id: d.units - (int(filled[t]) if filled is not None else 0)
        for t, d in enumerate(problem.demands)
        if d.units - (int(filled[t]) if filled is not None else 0) > 0
    }
    penalty = _fairness_penalty(problem, pool, units)
    return BatchResult(tuple(assignments), total_fit - penalty, total_fit, unfilled, int(problem.task.size), seconds)


def _fairness_penalty(problem: _Problem, pool: CandidatePool, units: IntArray) -> float:
    """The convex penalty of the given whole-unit loads (same segments as the solver's)."""
    load = np.bincount(problem.row, weights=units * problem.hours, minlength=len(pool)) if units.size else None
    if load is None:
        return 0.0
    busy = np.flatnonzero(load > 0)
    recent, added = pool.recent_hours[busy], load[busy]
    total = 0.0
    starts = [s for s, _ in FAIRNESS_SEGMENTS]
    ends = [*starts[1:], np.inf]
    for (start, rate), end in zip(FAIRNESS_SEGMENTS, ends, strict=True):
        lo = np.maximum(start, recent)
        inside = np.clip(recent + added, lo, end) - lo
        total += rate * float(np.maximum(inside, 0.0).sum())
    return total
