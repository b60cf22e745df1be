"""`CandidatePool`: many candidates as column arrays, built once per day, queried many times.

Everything that does not depend on the task is computed here (reliability, fairness, cap room,
working days to each commitment's due date), so a query is a matrix-vector product for skills, two
`np.bincount` calls for absences and commitments, and element-wise arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from domain.matching.formulas import fairness_score, reliability_score
from domain.matching.values import Candidate
from domain.skills import SKILLS

SKILL_IDS: tuple[str, ...] = tuple(s.id for s in SKILLS)
SKILL_COLUMN: dict[str, int] = {s: i for i, s in enumerate(SKILL_IDS)}

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


A = TypeVar("A", bound=np.ndarray)


def _frozen(array: A) -> A:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, slots=True, eq=False)
class CandidatePool:
    """Column arrays over `person_ids` (row i is person_ids[i]); read-only after `build`."""

    today: date
    person_ids: tuple[str, ...]
    levels: npt.NDArray[np.float32]  # (n, len(SKILL_IDS)) skill level 0..3
    weekly_hours: FloatArray
    commit_person: IntArray  # one entry per commitment
    commit_hours: FloatArray
    commit_days: IntArray  # working days from today to its due date
    absence_person: IntArray  # one entry per absence on a working day from today on
    absence_day: npt.NDArray[np.datetime64]
    reports_on_time: IntArray
    reports_due: IntArray
    tasks_finished: IntArray
    tasks_accepted: IntArray
    reliability: FloatArray
    recent_hours: FloatArray
    fairness: FloatArray
    cap_room_yen: FloatArray  # inf without a cap
    index: dict[str, int]  # person id → row

    def __len__(self) -> int:
        return len(self.person_ids)

    def rows(self, person_ids: Sequence[str]) -> IntArray:
        """Rows of the given people that are in the pool, in the given order (others are skipped)."""
        return np.array([self.index[p] for p in person_ids if p in self.index], dtype=np.int64)

    @classmethod
    def build(cls, candidates: Sequence[Candidate], today: date) -> CandidatePool:
        n = len(candidates)
        levels = np.zeros((n, len(SKILL_IDS)), dtype=np.float32)
        rows, cols, vals = [], [], []
        for i, c in enumerate(candidates):
            for skill_id, level in c.skill_levels.items():
                rows.append(i)
                cols.append(SKILL_COLUMN[skill_id])
                vals.append(level)
        levels[rows, cols] = vals

        commit_person = np.array([i for i, c in enumerate(candidates) for _ in c.commitments], dtype=np.int64)
        commit_hours = np.array([m.hours for c in candidates for m in c.commitments], dtype=np.float64)
        due = np.array([m.due for c in candidates for m in c.commitments], dtype="datetime64[D]")
        day0 = np.datetime64(today, "D")
        # Inclusive of the due day; an overdue commitment has 0 days left and counts in full.
        commit_days = np.where(due >= day0, np.busday_count(day0, due + 1), 0).astype(np.int64)

        absence_person = np.array([i for i, c in enumerate(candidates) for _ in c.absences], dtype=np.int64)
        absence_day = np.array([d for c in candidates for d in c.absences], dtype="datetime64[D]")
        keep = (absence_day >= day0) & np.is_busday(absence_day)
        absence_person, absence_day = absence_person[keep], absence_day[keep]

        def ints(values: list[int]) -> IntArray:
            return np.array(values, dtype=np.int64)

        on_time = ints([c.reliability.reports_on_time for c in candidates])
        due_reports = ints([c.reliability.reports_due for c in candidates])
        finished = ints([c.reliability.tasks_finished for c in candidates])
        accepted = ints([c.reliability.tasks_accepted for c in candidates])
        recent = np.array([c.recent_hours for c in candidates], dtype=np.float64)
        caps = np.array(
            [np.inf if c.earnings_cap_yen is None else c.earnings_cap_yen for c in candidates], dtype=np.float64
        )
        ytd = np.array([c.earnings_ytd_yen for c in candidates], dtype=np.float64)
        return cls(
            today=today,
            person_ids=tuple(c.person_id for c in candidates),
            levels=_frozen(levels),
            weekly_hours=_frozen(np.array([c.weekly_hours for c in candidates], dtype=np.float64)),
            commit_person=_frozen(commit_person),
            commit_hours=_frozen(commit_hours),
            commit_days=_frozen(commit_days),
            absence_person=_frozen(absence_person),
            absence_day=_frozen(absence_day),
            reports_on_time=_frozen(on_time),
            reports_due=_frozen(due_reports),
            tasks_finished=_frozen(finished),
            tasks_accepted=_frozen(accepted),
            reliability=_frozen(reliability_score(on_time, due_reports, finished, accepted)),
            recent_hours=_frozen(recent),
            fairness=_frozen(fairness_score(recent)),
            cap_room_yen=_frozen(np.maximum(caps - ytd, 0.0)),
            index={c.person_id: i for i, c in enumerate(candidates)},
        )
