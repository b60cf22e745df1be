"""Cover (お互いにカバー): who can take over an absent member's remaining share of a task.

The engine's own scoring ranks the candidates (skills, free capacity until the deadline with
everyone's absences and accepted work counted, reliability, fairness); teammates of the absent
member come first at any score, because a team that covers for its own is the point of 結, and a
leader knows their members. Each candidate is offered what they can take of the share (all of it
when they have the time), never less than the demand's smallest useful share.

Whether an absence costs anything is decided here too: it does when the days it removes leave the
person without the free hours for what is left of the assignment before its deadline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from domain.matching.pool import CandidatePool
from domain.matching.scoring import Proposal, evaluate, proposal
from domain.matching.values import DEFAULT_WEIGHTS, TaskDemand, Weights

COVER_CANDIDATES = 3  # buttons a leader sees: a short choice reads well on a phone


@dataclass(frozen=True, slots=True)
class CoverMatch:
    """A person who could take over (part of) the share, and whether they are a teammate."""

    match: Proposal
    same_team: bool


def cover_candidates(
    demand: TaskDemand,
    pool: CandidatePool,
    teammates: frozenset[str],
    *,
    absent_id: str,
    k: int = COVER_CANDIDATES,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[CoverMatch]:
    """The best `k` people to take over `demand` (the remaining share), teammates first, then by
    score (ties by pool row). The absent person is never one of them, whatever the pool holds."""
    evaluation = evaluate(demand, pool, weights)
    eligible = evaluation.eligible.copy()
    if absent_id in pool.index:
        eligible[pool.index[absent_id]] = False
    rows = np.flatnonzero(eligible)
    if rows.size == 0 or k <= 0:
        return []
    same = np.array([pool.person_ids[r] in teammates for r in rows], dtype=bool)
    # lexsort: the last key is the primary one (teammates first), then the score, then the row.
    order = np.lexsort((rows, -evaluation.score[rows], ~same))[:k]
    return [CoverMatch(proposal(evaluation, pool, int(rows[i])), bool(same[i])) for i in order]


def absence_costs(demand: TaskDemand, pool: CandidatePool, person_id: str) -> bool:
    """Whether the person, as pooled (their absences in, this assignment's own commitment out),
    can no longer do `demand` (what is left of their share) before its deadline."""
    if person_id not in pool.index:
        return True
    evaluation = evaluate(demand, pool)
    return int(evaluation.available_units[pool.index[person_id]]) < demand.units
