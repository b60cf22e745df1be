"""After a registered task changes: the people doing it hear what changed for them, in their language.

Only changes that affect someone's work are told (paused, resumed, cancelled, done, a new deadline,
a new volume, edited details); the change log keeps everything. Each assignee is reached where
they are (Slack first, else LINE, never a blocked account: `handlers.absences`), once per task
however many shares they hold.
"""

from __future__ import annotations

from domain.i18n import translate
from domain.model import ChangeKind, Person
from domain.ports import UnitOfWork
from handlers.absences import short_date, tell_each
from handlers.events import Event, TaskChanged
from handlers.ports import Notifier

TOLD = frozenset(
    {
        ChangeKind.PAUSED,
        ChangeKind.RESUMED,
        ChangeKind.CANCELLED,
        ChangeKind.DONE,
        ChangeKind.DEADLINE_EXTENDED,
        ChangeKind.VOLUME_CHANGED,
        ChangeKind.EDITED,
    }
)


# An edit of only these is the client's own business (where they follow the task), not news for the
# people doing it: a LINE push costs the client's monthly quota.
CLIENT_ONLY_FIELDS = frozenset({"updates_channel"})


async def tell_assignees(event: TaskChanged, uow: UnitOfWork, notifier: Notifier) -> list[Event]:
    if event.kind not in TOLD:
        return []
    async with uow:
        if event.kind == ChangeKind.EDITED:
            history = await uow.tasks.history(event.organization_id, event.task_id)
            edit = next((c for c in reversed(history) if c.kind is ChangeKind.EDITED), None)
            if edit is None or {f.field for f in edit.fields} <= CLIENT_ONLY_FIELDS:
                return []
        task = await uow.tasks.get(event.organization_id, event.task_id)
        assignments = await uow.assignments.for_task(event.organization_id, event.task_id)
        people = [await uow.people.get(person_id) for person_id in dict.fromkeys(a.person_id for a in assignments)]
    if task is None:
        return []

    def notice(person: Person) -> str:
        return translate(
            f"task.assignee_notice.{event.kind}",
            person.locale,
            title=task.title,
            deadline=short_date(task.deadline, person.locale) if task.deadline else "-",
            volume=f"{task.volume.amount}{task.volume.unit}" if task.volume else "-",
        )

    await tell_each((p for p in people if p is not None), notifier, notice)
    return []
