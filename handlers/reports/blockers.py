"""Blockers and questions in a report reach the person's team leaders at once (the client when the
person has no leader, nobody when neither can be reached; the confirmation says which)."""

from __future__ import annotations

from domain.i18n import translate
from domain.model import Person, Task
from domain.ports import UnitOfWork
from domain.reports import SharedWith
from handlers.absences import reachable_chat, team_leaders, tell_each
from handlers.events import Event, ReportSubmitted
from handlers.ports import Notifier


async def blocker_audience(person_id: str, task: Task, uow: UnitOfWork) -> tuple[SharedWith, list[Person]]:
    """Who hears a report's blockers and questions now: the person's team leaders who can be reached;
    without one, the client who asked for the work (a worker outside any team must not stay blocked
    for want of a leader); nobody when neither can be reached. The confirmation says which."""
    leaders = [leader for leader in await team_leaders(person_id, uow) if reachable_chat(leader) is not None]
    if leaders:
        return SharedWith.LEADER, leaders
    client = await uow.people.get(task.created_by) if task.created_by != person_id else None
    if client is not None and not client.withdrawn and reachable_chat(client) is not None:
        return SharedWith.CLIENT, [client]
    return SharedWith.NOBODY, []


async def tell_leaders_of_blockers(event: ReportSubmitted, uow: UnitOfWork, notifier: Notifier) -> list[Event]:
    """A blocker or question in a report reaches the person's team leaders now, not in a digest (the
    client when the person has no leader, see `blocker_audience`)."""
    if not event.has_blockers:
        return []
    async with uow:
        reporter = await uow.people.get(event.person_id)
        reports = await uow.reports.for_assignment(event.assignment_id)
        report = next((r for r in reports if r.id == event.report_id), None)
        assignments = (await uow.assignments.for_people([event.person_id]))[event.person_id]
        assignment = next((a for a in assignments if a.id == event.assignment_id), None)
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id) if assignment else None
        audience, told = await blocker_audience(event.person_id, task, uow) if task else (SharedWith.NOBODY, [])
    if reporter is None or report is None or task is None:
        return []
    key = "report.client_notice" if audience is SharedWith.CLIENT else "report.leader_notice"

    def notice(recipient: Person) -> str:
        locale = recipient.locale
        name = reporter.display_name or translate("person.default_name", locale)
        return translate(key, locale, name=name, title=task.title, blockers=report.blockers)

    await tell_each(told, notifier, notice)
    return []
