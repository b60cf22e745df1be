"""Team contracting (チーム受託型) and hybrid (a team plus an outside specialist).

A team is proposed when its members together have the free capacity for the whole task and
every skill the task asks for (the best member's level counts for the team). Members who can
contribute (some free units, under their cap, at least one of the task's skills) share the volume
in proportion to their free units, by the largest remainder method, so the shares are whole units
that sum exactly to the volume and nobody gets more than they can take.

Hybrid: when a team has the capacity but lacks some skills, the best outside person for those
skills (not a member) joins. Their share is the part of the volume that matches the missing
skills' weight (at least one unit, at most what they can take); the team splits the rest.
That split by skill weight is a simplification: the task does not say how much of it needs
which skill, and the leader can always adjust it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from domain.matching.pool import CandidatePool
from domain.matching.reasons import Reasons, SkillMatch
from domain.matching.scoring import Evaluation, Proposal, best_rows, evaluate, proposal
from domain.matching.values import DEFAULT_WEIGHTS, MAX_LEVEL, TaskDemand, Weights
from domain.model import Team

IntArray = npt.NDArray[np.int64]


def split_largest_remainder(total: int, capacities: Sequence[int]) -> list[int]:
    """Split `total` units in proportion to `capacities`: whole numbers summing to `total`, each ≤ its capacity.

    Floors of the exact quotas first, then one more unit to the largest remainders (ties to the
    earlier entry). Because each quota is at most its (integer) capacity, so is its rounding up.
    """
    if total < 0 or any(c < 0 for c in capacities):
        raise ValueError("total and capacities must not be negative")
    pool = sum(capacities)
    if total > pool:
        raise ValueError(f"cannot split {total} over a capacity of {pool}")
    if total == 0:
        return [0] * len(capacities)
    quotas = [total * c / pool for c in capacities]
    shares = [math.floor(q) for q in quotas]
    order = sorted(range(len(capacities)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


@dataclass(frozen=True, slots=True)
class TeamRoster:
    team_id: str
    name: str
    member_ids: tuple[str, ...]  # the leader first when the leader also works

    @classmethod
    def from_team(cls, team: Team) -> TeamRoster:
        return cls(team.id, team.name, (team.leader_id, *sorted(team.member_ids - {team.leader_id})))


@dataclass(frozen=True, slots=True)
class TeamProposal:
    task_id: str
    team_id: str
    score: float
    shares: tuple[Proposal, ...]  # one per contributing member; units sum (with the specialist's) to the volume
    specialist: Proposal | None
    reasons: Reasons

    @property
    def units(self) -> int:
        return sum(p.units for p in self.shares) + (self.specialist.units if self.specialist else 0)


def propose_team(
    demand: TaskDemand,
    teams: Sequence[TeamRoster],
    pool: CandidatePool,
    *,
    hybrid: bool = True,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[TeamProposal]:
    """Teams that can take `demand` (with an outside specialist when `hybrid` allows it), best first."""
    evaluation = evaluate(demand, pool, weights)
    found = [p for team in teams if (p := _team_proposal(evaluation, pool, team, hybrid, weights)) is not None]
    return sorted(found, key=lambda p: (-p.score, p.team_id))


def _team_proposal(
    evaluation: Evaluation, pool: CandidatePool, team: TeamRoster, hybrid: bool, weights: Weights
) -> TeamProposal | None:
    demand = evaluation.demand
    members = pool.rows(team.member_ids)
    if members.size == 0:
        return None
    levels = pool.levels[np.ix_(members, evaluation.skill_columns)]  # (members, task skills)
    team_levels = levels.max(axis=0)
    has_any = (levels > 0).any(axis=1) if len(evaluation.skill_ids) else np.ones(members.size, dtype=bool)
    available = np.where(has_any, evaluation.available_units[members], 0)
    missing = tuple(s for s, lv in zip(evaluation.skill_ids, team_levels, strict=True) if lv == 0)

    specialist: Proposal | None = None
    team_units = demand.units
    if missing:
        if not hybrid:
            return None
        specialist = _specialist(evaluation, pool, members, missing, weights)
        if specialist is None:
            return None
        team_units -= specialist.units
    if int(available.sum()) < team_units:
        return None
    split = split_largest_remainder(team_units, [int(a) for a in available])
    shares = tuple(
        proposal(evaluation, pool, int(row), units) for row, units in zip(members, split, strict=True) if units > 0
    )
    everyone = [*shares, *([specialist] if specialist else [])]
    specialist_levels = {m.skill_id: m.level for m in specialist.reasons.skills} if specialist else {}
    skill_levels = [
        SkillMatch(s, specialist_levels[s] if s in specialist_levels and s in missing else int(lv))
        for s, lv in zip(evaluation.skill_ids, team_levels, strict=True)
    ]
    total_w = sum(demand.skills.values()) or 1.0
    skill = (
        sum(demand.skills[m.skill_id] * m.level / MAX_LEVEL for m in skill_levels) / total_w if skill_levels else 1.0
    )
    contributing = [int(r) for r, u in zip(members, split, strict=True) if u > 0]

    def by_share(values: npt.NDArray[np.float64]) -> float:
        # Share-weighted mean over the people doing the work (the specialist included).
        rows = [*contributing, *([pool.index[specialist.person_id]] if specialist else [])]
        units = [u for u in split if u > 0] + ([specialist.units] if specialist else [])
        return float(np.average(values[rows], weights=units))

    score = (
        weights.skill * skill
        + weights.capacity * min(1.0, (int(available.sum()) + (specialist.units if specialist else 0)) / demand.units)
        + weights.reliability * by_share(pool.reliability)
        + weights.fairness * by_share(pool.fairness)
    )
    reasons = Reasons(
        skills=tuple(skill_levels),
        free_hours=float(evaluation.free_hours[members[available > 0]].sum()),
        deadline=demand.deadline,
        recent_hours=float(np.average([p.reasons.recent_hours for p in everyone], weights=[p.units for p in everyone])),
        reports_on_time=int(pool.reports_on_time[contributing].sum()),
        reports_due=int(pool.reports_due[contributing].sum()),
        tasks_finished=int(pool.tasks_finished[contributing].sum()),
        tasks_accepted=int(pool.tasks_accepted[contributing].sum()),
        members=len(shares),
        specialist_skills=missing if specialist else (),
    )
    return TeamProposal(demand.task_id, team.team_id, float(score), shares, specialist, reasons)


def _specialist(
    evaluation: Evaluation, pool: CandidatePool, members: IntArray, missing: tuple[str, ...], weights: Weights
) -> Proposal | None:
    """The best non-member for the missing skills, with the share those skills' weight stands for."""
    demand = evaluation.demand
    missing_columns = evaluation.skill_columns[[evaluation.skill_ids.index(s) for s in missing]]
    missing_w = np.array([demand.skills[s] for s in missing])
    coverage = (pool.levels[:, missing_columns] @ missing_w.astype(np.float32)) / (MAX_LEVEL * missing_w.sum())
    share = max(1, round(demand.units * missing_w.sum() / sum(demand.skills.values())))
    share = min(share, demand.units)
    eligible = (coverage > 0) & (evaluation.available_units >= min(share, demand.min_share_units))
    eligible &= pool.weekly_hours > 0
    eligible[members] = False
    # Rank by how well they cover what the team lacks, then by the usual score.
    rows = best_rows(weights.skill * coverage + (1 - weights.skill) * evaluation.score, eligible, 1)
    if rows.size == 0:
        return None
    row = int(rows[0])
    return proposal(evaluation, pool, row, min(share, int(evaluation.available_units[row])))
