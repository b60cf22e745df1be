"""Who hears a report's blockers and questions at once: the person's team leaders (the client when
the person has no leader, nobody when neither can be reached; the confirmation says which). The
question itself is kept and sent by handlers.questions.asking."""

from __future__ import annotations

from domain.model import Person, Task
from domain.ports import UnitOfWork
from domain.reports import SharedWith
from handlers.absences import reachable_chat, team_leaders


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
