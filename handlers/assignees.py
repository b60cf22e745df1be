"""After a registered task changes: the people doing it hear what changed for them, in their language.

Only changes that affect someone's work are told (paused, resumed, cancelled, done, a new deadline,
a new volume, edited details); the change log keeps everything. Each assignee is reached where
they are (Slack first, else LINE, never a blocked account: `handlers.absences`), once per task
however many shares they hold.
"""

from __future__ import annotations

from domain.i18n import translate
from domain.model import ChangeKind, Person, TaskChange
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


# What one save of the task form can change at once, in the order it records them (a later
# deadline, then the volume, then the other details: handlers.tasks._apply).
FORM_CHANGES = (ChangeKind.DEADLINE_EXTENDED, ChangeKind.VOLUME_CHANGED, ChangeKind.EDITED)


def _form_notice(kind: ChangeKind, history: list[TaskChange]) -> ChangeKind | None:
    """One notice per save of the form, however many of its changes arrive as events: the save's
    first change tells (the details notice, which names the deadline and volume, when it made more
    than one); the others, and a save of only the client's own settings, tell nothing. A save is
    the run of changes around this one by the same person at the same instant, in FORM_CHANGES order."""
    at = max((i for i, c in enumerate(history) if c.kind is kind), default=None)
    if at is None:
        return None
    mine = history[at]

    def same_save(change: TaskChange) -> bool:
        return change.at == mine.at and change.by == mine.by and change.kind in FORM_CHANGES

    first = at
    while first > 0 and same_save(history[first - 1]):
        if FORM_CHANGES.index(history[first - 1].kind) >= FORM_CHANGES.index(history[first].kind):
            break  # the previous save's change (a test clock, or two saves in one instant)
        first -= 1
    last = at
    while last + 1 < len(history) and same_save(history[last + 1]):
        if FORM_CHANGES.index(history[last + 1].kind) <= FORM_CHANGES.index(history[last].kind):
            break
        last += 1
    told = [
        c
        for c in history[first : last + 1]
        if not (c.kind is ChangeKind.EDITED and {f.field for f in c.fields} <= CLIENT_ONLY_FIELDS)
    ]
    if not told or told[0].kind is not kind:
        return None
    return kind if len(told) == 1 else ChangeKind.EDITED


async def tell_assignees(event: TaskChanged, uow: UnitOfWork, notifier: Notifier) -> list[Event]:
    if event.kind not in TOLD:
        return []
    told = ChangeKind(event.kind)
    async with uow:
        if told in FORM_CHANGES:
            told_as = _form_notice(told, await uow.tasks.history(event.organization_id, event.task_id))
            if told_as is None:
                return []
            told = told_as
        task = await uow.tasks.get(event.organization_id, event.task_id)
        assignments = await uow.assignments.for_task(event.organization_id, event.task_id)
        people = [await uow.people.get(person_id) for person_id in dict.fromkeys(a.person_id for a in assignments)]
    if task is None:
        return []

    def notice(person: Person) -> str:
        return translate(
            f"task.assignee_notice.{told.value}",
            person.locale,
            title=task.title,
            deadline=short_date(task.deadline, person.locale) if task.deadline else "-",
            volume=f"{task.volume.amount}{task.volume.unit}" if task.volume else "-",
        )

    await tell_each((p for p in people if p is not None), notifier, notice)
    return []
