"""A recurring task's next occurrence keeps its assignees (handlers.tasks.roll_recurring) unless
someone declines: 今回は辞退する gives the share back, and the freed units are proposed again to the
client through the matching flow (handlers.matching), as when the task first opened.

A decline is only possible on one's own share (looked up through the person's own assignments),
while nothing has been reported on it and the task is not finished or cancelled; after that the
share is work under way and changes go through the leader (cover).
"""

from __future__ import annotations

from collections.abc import Callable

import structlog

from domain.i18n import translate
from domain.model import DomainError, Task, TaskStatus
from domain.ports import UnitOfWork
from domain.refs import Platform
from handlers import matching
from handlers.commands import DeclineCarriedShare
from handlers.events import CarriedShareDeclined, Event, TaskRegistered
from handlers.people import find_or_register
from handlers.ports import Clock, Notifier, OutgoingMessage, ProfileDirectory
from handlers.tasks import format_date, roll_recurring

log = structlog.get_logger(__name__)

CLOSED = frozenset({TaskStatus.DONE, TaskStatus.CANCELLED})


async def decline_carried_share(
    command: DeclineCarriedShare, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    now = clock.now()
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        locale = person.locale
        mine = (await uow.assignments.for_people([person.id]))[person.id]
        assignment = next((a for a in mine if a.proposal_id == command.proposal_id), None)
        share = await uow.proposals.get(assignment.organization_id, command.proposal_id) if assignment else None
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id) if assignment else None
        # Only a share a roll kept: offered and accepted in the same instant on a recurring task's
        # occurrence (a share taken from an offer is changed through the leader, not this button).
        kept = share is not None and share.offered_at == share.answered_at and task is not None and task.previous_id
        if assignment is None or share is None or task is None or task.status in CLOSED or not kept:
            await uow.commit()
            await _tell(notifier, command, translate("recurring.decline_closed", locale))
            return []
        if await uow.reports.for_assignment(assignment.id):
            await uow.commit()
            await _tell(notifier, command, translate("recurring.decline_started", locale, title=task.title))
            return []
        try:
            share.give_back(now)
        except DomainError:  # a share that was offered and accepted the usual way: not this button's
            await uow.commit()
            await _tell(notifier, command, translate("recurring.decline_closed", locale))
            return []
        await uow.proposals.save(share)
        await uow.assignments.remove(assignment.organization_id, assignment.id)
        task.release_share(person.id, now)
        await uow.tasks.save(task)
        await uow.commit()
    unit = task.volume.unit if task.volume else ""
    deadline = format_date(task.deadline, locale) if task.deadline else translate("task.value.none", locale)
    text = translate("recurring.declined", locale, title=task.title, deadline=deadline, units=share.units, unit=unit)
    await _tell(notifier, command, text)
    return [CarriedShareDeclined(share.id, task.id, task.organization_id, person.id, share.units)]


async def propose_for_freed_share(
    event: CarriedShareDeclined, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event]:
    """The freed units go to the client as a new round of proposals, the same card as a new task's
    (its updates channel, else a DM to its author); the one who declined is not proposed again."""
    return await matching.propose_on_registration(
        TaskRegistered(event.task_id, event.organization_id), uow, notifier, clock
    )


async def roll_and_propose(
    uow_factory: Callable[[], UnitOfWork], clock: Clock, notifier: Notifier | None
) -> list[Task]:
    """The timed job (and `yui tasks roll`): roll recurring work over, keeping its assignees; an
    occurrence they do not cover (someone left Yui, nobody held it) is proposed to its client for
    the rest, as a newly opened task is. One occurrence failing to propose does not stop the others."""
    created = await roll_recurring(uow_factory(), clock, notifier)
    if notifier is None:
        return created
    for task in created:
        if task.status is not TaskStatus.OPEN:
            continue
        try:
            await matching.propose_on_registration(
                TaskRegistered(task.id, task.organization_id), uow_factory(), notifier, clock
            )
        except Exception:  # logged with its trace; the occurrence exists and /yui match can retry
            log.exception("recurring.propose_failed", task=task.id)
    return created


async def _tell(notifier: Notifier, command: DeclineCarriedShare, text: str) -> None:
    ephemeral = command.person if command.person.platform is Platform.SLACK else None
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply, ephemeral_to=ephemeral))
