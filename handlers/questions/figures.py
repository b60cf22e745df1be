"""Per-team 結の知恵 figures for a period (`yui report monthly` prints them)."""

from __future__ import annotations

from datetime import tzinfo

from domain.knowhow.figures import team_counts
from domain.knowhow.model import KnowhowCounts
from domain.periods import Period
from domain.ports import UnitOfWork


async def knowhow_by_team(uow: UnitOfWork, period: Period, zone: tzinfo) -> dict[str, KnowhowCounts]:
    start, end = period.bounds(zone)
    async with uow:
        questions = await uow.questions.asked_between(start, end)
        notes = await uow.notes.kept_between(start, end)
        team_of: dict[str, str] = {}
        for team in sorted(await uow.teams.all(), key=lambda t: t.name):
            for person in (*sorted(team.member_ids), team.leader_id):
                team_of.setdefault(person, team.name)
    return team_counts(questions, notes, team_of)
