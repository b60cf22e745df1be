"""Matching benchmark (issue 5): `python -m bench.matching` (not part of the test run).

Synthetic but realistic data from a seeded NumPy RNG: each worker has 1–4 catalog skills drawn
with Zipf-distributed popularity (データ入力 and Excel are common, 動画編集 rare), levels 1–3,
declared weekly hours 5–40, up to two current assignments, a few absence days, a track record,
up to 60 hours of recent work, and a quarter of them an annual earnings cap (103万円 / 130万円)
with year-to-date earnings close to it. Tasks ask for 1–3 skills (same popularity), 5–200 hours
of work due in 3–30 days, at 1,000–1,800 yen an hour.

What it measures, on this machine:

(a) top-10 for one task among 100,000 workers (`top_candidates`): median and p95 over 50
    different tasks; the one-off `CandidatePool.build` from 100,000 `Candidate` values is timed
    separately (target: a query under 100 ms).
(b) `assign_all`: 1,000 tasks over 10,000 workers with capacities (target: under 10 s), with the
    Gini coefficient of assigned hours beside a greedy baseline (each task in turn takes its best
    individual candidates while they have room).
(c) the gap to the exact optimum: `assign_all` against `assign_exact` (the integer programme over
    every eligible pair, scipy.optimize.milp / HiGHS) on a smaller instance (target: within 2%).

Options: --workers, --tasks, --batch-workers, --exact-tasks, --exact-workers, --seed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date, timedelta

import numpy as np
import scipy

from domain.matching import (
    BatchResult,
    Candidate,
    CandidatePool,
    Commitment,
    Reliability,
    TaskDemand,
    assign_all,
    assign_exact,
    evaluate,
    top_candidates,
)
from domain.matching.pool import SKILL_IDS
from domain.matching.scoring import best_rows, free_hours_until

TODAY = date(2026, 11, 23)


def zipf_weights(n: int, s: float = 1.1) -> np.ndarray:  # type: ignore[type-arg]
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def make_candidates(rng: np.random.Generator, n: int) -> list[Candidate]:
    p = zipf_weights(len(SKILL_IDS))
    hours_choices = np.array([5, 8, 10, 12, 15, 20, 25, 30, 40])
    out = []
    for i in range(n):
        k = int(rng.integers(1, 5))
        skills = rng.choice(len(SKILL_IDS), size=k, replace=False, p=p)
        capped = rng.random() < 0.25
        cap = int(rng.choice([1_030_000, 1_300_000])) if capped else None
        commitments = tuple(
            Commitment(float(rng.integers(1, 20)), TODAY + timedelta(days=int(rng.integers(0, 30))))
            for _ in range(int(rng.integers(0, 3)))
        )
        absences = frozenset(TODAY + timedelta(days=int(d)) for d in rng.integers(0, 30, size=int(rng.integers(0, 3))))
        due = int(rng.integers(0, 30))
        accepted = int(rng.integers(0, 10))
        out.append(
            Candidate(
                f"w{i:06d}",
                {SKILL_IDS[int(s)]: int(rng.integers(1, 4)) for s in skills},
                float(rng.choice(hours_choices)),
                commitments=commitments,
                absences=absences,
                reliability=Reliability(int(rng.binomial(due, 0.85)), due, int(rng.binomial(accepted, 0.9)), accepted),
                recent_hours=float(rng.gamma(2.0, 10.0)) if rng.random() < 0.7 else 0.0,
                earnings_ytd_yen=int(cap * rng.uniform(0.6, 1.0)) if cap else int(rng.integers(0, 3_000_000)),
                earnings_cap_yen=cap,
            )
        )
    return out


def make_demands(rng: np.random.Generator, n: int) -> list[TaskDemand]:
    p = zipf_weights(len(SKILL_IDS))
    out = []
    for j in range(n):
        skills = rng.choice(len(SKILL_IDS), size=int(rng.integers(1, 4)), replace=False, p=p)
        hours_per_unit = float(rng.choice([0.05, 0.1, 0.25, 0.5, 1.0, 3.0]))
        hours = float(rng.uniform(5, 200))
        out.append(
            TaskDemand(
                f"t{j:05d}",
                {SKILL_IDS[int(s)]: 1.0 for s in skills},
                max(1, round(hours / hours_per_unit)),
                hours_per_unit,
                TODAY + timedelta(days=int(rng.integers(3, 31))),
                TODAY,
                rate_yen=int(rng.choice([1000, 1100, 1200, 1500, 1800])),
            )
        )
    return out


def gini(values: np.ndarray) -> float:  # type: ignore[type-arg]
    v = np.sort(np.asarray(values, dtype=np.float64))
    if v.sum() == 0:
        return 0.0
    n = v.size
    return float((2 * np.arange(1, n + 1) - n - 1) @ v / (n * v.sum()))


def greedy(demands: list[TaskDemand], pool: CandidatePool, k: int = 40) -> tuple[float, np.ndarray]:  # type: ignore[type-arg]
    """Baseline: tasks in order; each takes its best candidates while they have room (conservatively:
    all hours already given count against every deadline)."""
    used = np.zeros(len(pool))
    paid = np.zeros(len(pool))
    free = {d: free_hours_until(pool, d) for d in {x.deadline for x in demands}}
    total_fit = 0.0
    for d in demands:
        ev = evaluate(d, pool)
        left = d.units
        for row in best_rows(ev.score, (ev.available_units >= 1) & (ev.skill > 0), k):
            room_h = free[d.deadline][row] - used[row]
            room_yen = pool.cap_room_yen[row] - paid[row]
            take = min(left, int(np.floor(room_h / d.hours_per_unit + 1e-9)))
            if d.yen_per_unit > 0 and np.isfinite(room_yen):
                take = min(take, int(np.floor(room_yen / d.yen_per_unit + 1e-9)))
            if take <= 0:
                continue
            used[row] += take * d.hours_per_unit
            paid[row] += d.earnings_yen(take)
            fit = (0.55 * ev.skill[row] + 0.15 * pool.reliability[row]) / 0.70
            total_fit += fit * take * d.hours_per_unit
            left -= take
            if left == 0:
                break
    return total_fit, used


def hours_array(result: BatchResult, pool: CandidatePool) -> np.ndarray:  # type: ignore[type-arg]
    hours = np.zeros(len(pool))
    for person, h in result.hours_by_person().items():
        hours[pool.index[person]] = h
    return hours


def machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({model}),"
        f" Python {platform.python_version()}, NumPy {np.__version__}, SciPy {scipy.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=1_000)
    parser.add_argument("--batch-workers", type=int, default=10_000)
    parser.add_argument("--exact-tasks", type=int, default=60)
    parser.add_argument("--exact-workers", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    rows: list[tuple[str, str, str]] = []
    print(f"machine: {machine()}")

    # (a) top-10 among many workers
    people = make_candidates(rng, args.workers)
    started = time.perf_counter()
    pool = CandidatePool.build(people, TODAY)
    build_s = time.perf_counter() - started
    queries = make_demands(rng, 50)
    top_candidates(queries[0], pool)  # warm-up (BLAS threads, caches)
    times = []
    for q in queries:
        t0 = time.perf_counter()
        top_candidates(q, pool, k=10)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[int(np.ceil(0.95 * len(times))) - 1]
    rows.append((f"pool build, {args.workers:,} workers", f"{build_s:.2f} s", "one-off"))
    rows.append(
        (
            f"top-10 of {args.workers:,}, 50 tasks",
            f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms",
            "< 100 ms",
        )
    )
    del people, pool

    # (b) batch
    people = make_candidates(rng, args.batch_workers)
    pool = CandidatePool.build(people, TODAY)
    demands = make_demands(rng, args.tasks)
    result = assign_all(demands, pool)
    g_fit, g_hours = greedy(demands, pool)
    mine = hours_array(result, pool)
    wanted = sum(d.hours for d in demands)
    rows.append(
        (
            f"assign_all {args.tasks:,} tasks × {args.batch_workers:,} workers",
            f"{result.seconds:.2f} s, {result.pairs:,} pairs, {mine.sum() / wanted:.1%} of hours staffed",
            "< 10 s",
        )
    )
    rows.append(
        (
            "total fit (fit × hours): LP vs greedy",
            f"{result.total_fit:,.0f} vs {g_fit:,.0f}",
            "",
        )
    )
    rows.append(
        (
            "Gini of assigned hours, workers with work",
            f"LP {gini(mine[mine > 0]):.3f} ({int((mine > 0).sum()):,} people)"
            f" vs greedy {gini(g_hours[g_hours > 0]):.3f} ({int((g_hours > 0).sum()):,} people)",
            "",
        )
    )
    rows.append(("Gini of assigned hours, all workers", f"LP {gini(mine):.3f} vs greedy {gini(g_hours):.3f}", ""))

    # (c) gap to the exact optimum
    people = make_candidates(rng, args.exact_workers)
    pool = CandidatePool.build(people, TODAY)
    demands = make_demands(rng, args.exact_tasks)
    fast = assign_all(demands, pool)
    exact = assign_exact(demands, pool)
    gap = (exact.objective - fast.objective) / exact.objective
    rows.append(
        (
            f"gap to exact, {args.exact_tasks} tasks × {args.exact_workers} workers",
            f"{gap:.3%} (objective {fast.objective:,.1f} vs {exact.objective:,.1f};"
            f" {fast.seconds:.2f} s vs {exact.seconds:.2f} s, {exact.pairs:,} pairs)",
            "< 2%",
        )
    )

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  result  (target)")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value}" + (f"  ({target})" if target else ""))


if __name__ == "__main__":
    main()
