"""The matching engine (issue 5): who should do a task, fairly, with reasons. Pure domain, no I/O.

- `top_candidates(demand, pool, k)`: individual matching over a precomputed `CandidatePool`;
- `propose_team(demand, teams, pool)`: team contracting and hybrid (team + outside specialist);
- `assign_all(demands, pool)`: batch assignment of many tasks without over-booking anyone;
- `render_reasons(reasons, locale)`: the facts behind a proposal in plain Japanese or English.
"""

from domain.matching.batch import Assignment, BatchResult, assign_all, assign_exact
from domain.matching.formulas import free_hours, working_days
from domain.matching.pool import CandidatePool
from domain.matching.reasons import Reasons, RecentLoad, SkillMatch, render_reasons
from domain.matching.scoring import Evaluation, Proposal, ScoreParts, evaluate, top_candidates
from domain.matching.teams import TeamProposal, TeamRoster, propose_team, split_largest_remainder
from domain.matching.values import (
    Candidate,
    Commitment,
    RateBasis,
    Reliability,
    TaskDemand,
    Weights,
    resolve_skills,
)

__all__ = [
    "Assignment",
    "BatchResult",
    "Candidate",
    "CandidatePool",
    "Commitment",
    "Evaluation",
    "Proposal",
    "RateBasis",
    "Reasons",
    "RecentLoad",
    "Reliability",
    "ScoreParts",
    "SkillMatch",
    "TaskDemand",
    "TeamProposal",
    "TeamRoster",
    "Weights",
    "assign_all",
    "assign_exact",
    "evaluate",
    "free_hours",
    "propose_team",
    "render_reasons",
    "resolve_skills",
    "split_largest_remainder",
    "top_candidates",
    "working_days",
]
