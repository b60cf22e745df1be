"""The plain values the matching engine reads: a worker as a candidate, a task as a demand.

They are views built by the handlers from stored rows (profile, assignments, absences, reports),
so the engine itself never touches storage. Hours are floats (estimates), money is integer yen.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from domain.model import Task, WorkerProfile
from domain.skills import SKILLS, map_skills

# A declared skill without a level is read as "can do it" (○), between △ (a little) and ◎ (strong).
DEFAULT_LEVEL = 2
MAX_LEVEL = 3


def resolve_skills(terms: Iterable[str]) -> frozenset[str]:
    """Catalog skill ids for ids or free words: {"excel", "入力作業", "経理"} → {excel, data_entry, bookkeeping}.

    Words outside the catalog are dropped: matching can only compare what the catalog knows.
    """
    known = {s.id for s in SKILLS}
    ids: set[str] = set()
    for term in terms:
        if term in known:
            ids.add(term)
        else:
            ids |= map_skills(term)[0]
    return frozenset(ids)


@dataclass(frozen=True, slots=True)
class Commitment:
    """Work a person already accepted and has not done yet: `hours` left, due on `due`."""

    hours: float
    due: date


@dataclass(frozen=True, slots=True)
class Reliability:
    """Track record counts; a new person has all zeros (and is not punished for it, see scoring)."""

    reports_on_time: int = 0
    reports_due: int = 0
    tasks_finished: int = 0
    tasks_accepted: int = 0

    def __post_init__(self) -> None:
        if not (0 <= self.reports_on_time <= self.reports_due and 0 <= self.tasks_finished <= self.tasks_accepted):
            raise ValueError(f"inconsistent reliability counts: {self}")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A worker as matching sees them (one person, platform-neutral)."""

    person_id: str
    skill_levels: Mapping[str, int]  # catalog skill id → 1 (△) .. 3 (◎)
    weekly_hours: float
    commitments: tuple[Commitment, ...] = ()
    absences: frozenset[date] = frozenset()
    reliability: Reliability = Reliability()
    recent_hours: float = 0.0  # worked in the last 14 days
    earnings_ytd_yen: int = 0
    earnings_cap_yen: int | None = None  # 扶養の範囲 / 年収の壁 (103万円, 130万円 ...)

    def __post_init__(self) -> None:
        for skill_id, level in self.skill_levels.items():
            if not 1 <= level <= MAX_LEVEL:
                raise ValueError(f"skill level of {skill_id!r} must be 1..3, got {level}")
        # Read-only, so a candidate cannot change under a pool built from it.
        object.__setattr__(self, "skill_levels", MappingProxyType(dict(self.skill_levels)))

    @classmethod
    def from_profile(
        cls,
        profile: WorkerProfile,
        *,
        levels: Mapping[str, int] | None = None,
        commitments: Iterable[Commitment] = (),
        absences: Iterable[date] = (),
        reliability: Reliability = Reliability(),
        recent_hours: float = 0.0,
        earnings_ytd_yen: int = 0,
    ) -> Candidate:
        """A candidate from a stored profile; skills without a known level get `DEFAULT_LEVEL`."""
        levels = levels or {}
        return cls(
            person_id=profile.person_id,
            skill_levels={s: levels.get(s, DEFAULT_LEVEL) for s in resolve_skills(profile.skills)},
            weekly_hours=float(profile.weekly_hours),
            commitments=tuple(commitments),
            absences=frozenset(absences),
            reliability=reliability,
            recent_hours=recent_hours,
            earnings_ytd_yen=earnings_ytd_yen,
            earnings_cap_yen=profile.annual_earnings_cap_yen,
        )


class RateBasis(enum.StrEnum):
    HOUR = "hour"  # 時給
    UNIT = "unit"  # 単価 per 件, 枚, 記事 ...


@dataclass(frozen=True, slots=True)
class TaskDemand:
    """A task as matching sees it: what skills, how much work, by when, for how much.

    `skills` maps catalog ids to a weight (1.0 each unless the client stressed one). The volume is
    `units` of `unit`; `hours_per_unit` is the estimate that turns it into hours of work (1.0 when
    the unit is 時間). `splittable` work may go to several people, each taking at least
    `min_share_hours` (or the whole task if it is smaller); otherwise one person must take it all.
    """

    task_id: str
    skills: Mapping[str, float]
    units: int
    hours_per_unit: float
    deadline: date
    today: date
    rate_yen: int = 0
    rate_basis: RateBasis = RateBasis.HOUR
    unit: str = "件"
    splittable: bool = True
    min_share_hours: float = 2.0
    title: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.units <= 0 or self.hours_per_unit <= 0:
            raise ValueError("a demand needs positive units and hours per unit")
        if any(w <= 0 for w in self.skills.values()):
            raise ValueError("skill weights must be positive")
        object.__setattr__(self, "skills", MappingProxyType(dict(self.skills)))

    @property
    def hours(self) -> float:
        return self.units * self.hours_per_unit

    @property
    def yen_per_unit(self) -> float:
        return float(self.rate_yen) if self.rate_basis is RateBasis.UNIT else self.rate_yen * self.hours_per_unit

    @property
    def min_share_units(self) -> int:
        """The smallest share worth proposing, in units."""
        if not self.splittable:
            return self.units
        return min(self.units, max(1, math.ceil(self.min_share_hours / self.hours_per_unit - 1e-9)))

    def earnings_yen(self, units: int) -> int:
        """What `units` of this task pay, rounded down (so a cap check on it is never optimistic)."""
        return math.floor(units * self.yen_per_unit + 1e-9)

    @classmethod
    def from_task(
        cls, task: Task, *, today: date, hours_per_unit: float, splittable: bool = True, min_share_hours: float = 2.0
    ) -> TaskDemand:
        """The demand of an open task. Free-text skills the client typed are resolved through the catalog."""
        if task.volume is None or task.deadline is None:
            raise ValueError("only a complete task (volume and deadline) can be matched")
        per_hour = task.rate_unit in (None, "時間", "hour", "h")
        return cls(
            task_id=task.id,
            skills=dict.fromkeys(resolve_skills([*task.skills, *task.other_skills]), 1.0),
            units=task.volume.amount,
            hours_per_unit=hours_per_unit,
            deadline=task.deadline,
            today=today,
            rate_yen=task.rate_yen or 0,
            rate_basis=RateBasis.HOUR if per_hour else RateBasis.UNIT,
            unit=task.volume.unit,
            splittable=splittable,
            min_share_hours=min_share_hours,
            title=task.title,
        )


@dataclass(frozen=True, slots=True)
class Weights:
    """How the score's parts add up (each part is in 0..1, so the score is too when they sum to 1)."""

    skill: float = 0.55
    capacity: float = 0.20
    reliability: float = 0.15
    fairness: float = 0.10


DEFAULT_WEIGHTS = Weights()
