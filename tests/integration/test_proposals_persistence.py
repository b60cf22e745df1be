"""Proposals and assignments (migration 0005) on SQLite and PostgreSQL: round trip, tenant scope."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from domain.matching import Reasons, SkillMatch
from domain.model import Organization, OrganizationKind, Person, Role, Task, TaskStatus, Volume
from domain.persistence import Database
from domain.proposals import Proposal, ProposalStatus

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def test_proposals_round_trip_inside_their_organisation_and_accepting_stores_an_assignment(
    database_url: str,
) -> None:
    database = Database(database_url)
    mine = Organization(name="A社", kind=OrganizationKind.CLIENT, slack_team_id="T" + uuid.uuid4().hex[:8])
    theirs = Organization(name="B社", kind=OrganizationKind.CLIENT, slack_team_id="T" + uuid.uuid4().hex[:8])
    client = Person(display_name="A", organization_id=mine.id)
    worker = Person(display_name="佐藤", roles=frozenset({Role.TELEWORKER}))
    task = Task(
        organization_id=mine.id,
        title="入力",
        volume=Volume(200, "件"),
        deadline=date(2026, 12, 4),
        created_by=client.id,
        status=TaskStatus.OPEN,
    )
    reasons = Reasons((SkillMatch("data_entry", 3),), 14.5, date(2026, 12, 4), 0.0, 0, 0, 0, 0)
    proposal = Proposal(mine.id, task.id, worker.id, 200, 10.0, 20000, 0.8, 1, reasons, NOW, card_channel="C1")
    async with database.unit_of_work() as uow:
        await uow.organizations.add(mine)
        await uow.organizations.add(theirs)
        await uow.people.add(client)
        await uow.people.add(worker)
        await uow.tasks.add(task)
        await uow.proposals.add(proposal)
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.proposals.get(theirs.id, proposal.id) is None
        assert await uow.proposals.for_task(theirs.id, task.id) == []
        assert await uow.proposals.offered_to(client.id, proposal.id) is None
        stored = await uow.proposals.get(mine.id, proposal.id)
        assert stored is not None and stored.reasons == reasons and stored.card_channel == "C1"
        stored.approve(client.id)
        stored.offer(NOW)
        assignment = stored.accept(NOW)
        await uow.proposals.save(stored)
        await uow.assignments.add(assignment)
        await uow.commit()
    async with database.unit_of_work() as uow:
        found = await uow.proposals.offered_to(worker.id, proposal.id)
        assert found is not None and found.status is ProposalStatus.ACCEPTED and found.answered_at == NOW
        [taken] = await uow.assignments.for_task(mine.id, task.id)
        assert (taken.units, taken.due, taken.proposal_id) == (200, date(2026, 12, 4), proposal.id)
        assert await uow.assignments.for_task(theirs.id, task.id) == []
        assert (await uow.assignments.for_people([worker.id]))[worker.id] == [taken]
    await database.dispose()
