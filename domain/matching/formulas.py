"""The score's formulas, written once on NumPy arrays (a scalar is a 0-d array).

The pool applies them to 100,000 workers at a time; `free_hours` applies the same rules to one
`Candidate` in plain Python, so reasons, tests and the vectorised path agree by construction.

- Working days are Monday–Friday from today to the deadline, both included (np.busday_count);
  declared weekly hours are spread over 5 of them. Public holidays are not taken out yet.
- An absence day that is a working day removes that day's hours.
- A current assignment due by the deadline counts in full; one due later counts pro rata to the
  working days it shares with this task (its work is assumed spread evenly until its due date).
- Reliability is a Beta-prior posterior mean: a new person starts at the prior (0.8), and each
  report or task moves them from there, so two late reports of two do not sink someone for good.
- Fairness decays with the hours worked in the last 14 days: 0 h → 1, 20 h → 0.5.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from domain.matching.values import Candidate, Reliability

FloatArray = npt.NDArray[np.float64]

PRIOR_MEAN = 0.8
PRIOR_STRENGTH = 5.0
FAIRNESS_HALF_HOURS = 20.0
LOW_RECENT_HOURS = 10.0  # "little recent work" in the reasons
HIGH_RECENT_HOURS = 60.0


def working_days(start: date, end: date) -> int:
    """Monday–Friday days from `start` to `end`, both included; 0 when `end` is before `start`."""
    if end < start:
        return 0
    return int(np.busday_count(start, end + timedelta(days=1)))


def posterior(successes: npt.ArrayLike, trials: npt.ArrayLike) -> FloatArray:
    s = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    return (s + PRIOR_MEAN * PRIOR_STRENGTH) / (n + PRIOR_STRENGTH)


def reliability_score(
    on_time: npt.ArrayLike, due: npt.ArrayLike, finished: npt.ArrayLike, accepted: npt.ArrayLike
) -> FloatArray:
    """Mean of the two posteriors: reports on time, and tasks finished of those accepted."""
    return (posterior(on_time, due) + posterior(finished, accepted)) / 2.0


def fairness_score(recent_hours: npt.ArrayLike) -> FloatArray:
    r = np.maximum(np.asarray(recent_hours, dtype=np.float64), 0.0)
    return FAIRNESS_HALF_HOURS / (FAIRNESS_HALF_HOURS + r)


def commitment_share(days_in_window: int, days_to_due: npt.ArrayLike) -> FloatArray:
    """Part of a commitment's remaining hours that falls inside a window of `days_in_window` working days."""
    d = np.asarray(days_to_due, dtype=np.float64)
    return np.where(d <= days_in_window, 1.0, days_in_window / np.maximum(d, 1.0))


def free_hours(candidate: Candidate, today: date, deadline: date) -> float:
    """Declared weekly hours × working weeks until the deadline − committed − absences (never below 0)."""
    days = working_days(today, deadline)
    per_day = candidate.weekly_hours / 5.0
    absent = sum(1 for d in candidate.absences if today <= d <= deadline and d.weekday() < 5)
    committed = sum(c.hours * float(commitment_share(days, working_days(today, c.due))) for c in candidate.commitments)
    return max(per_day * (days - absent) - committed, 0.0)


def candidate_reliability(r: Reliability) -> float:
    return float(reliability_score(r.reports_on_time, r.reports_due, r.tasks_finished, r.tasks_accepted))


def cap_room_yen(candidate: Candidate) -> float:
    """Yen left under the person's annual cap (infinite without one)."""
    if candidate.earnings_cap_yen is None:
        return float("inf")
    return float(max(candidate.earnings_cap_yen - candidate.earnings_ytd_yen, 0))
