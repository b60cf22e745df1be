"""A task's progress for its client: `/yui status <task>` (only the asker sees it) and the Slack card
of the task, updated in place after each report."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from domain.i18n import translate
from domain.model import Task
from domain.ports import UnitOfWork
from domain.progress import WorkCalendar, progress
from domain.refs import ChatRef, Locale, Platform
from domain.text import normalize
from handlers.commands import ShowStatus
from handlers.events import Event
from handlers.people import find_or_register
from handlers.ports import Clock, Notifier, OutgoingMessage, ProfileDirectory, SentMessage
from handlers.questions.seeing import waiting_block
from handlers.reports.messages import TaskProgress, ephemeral, status_message
from handlers.reports.work import daily_units, units_by_assignment
from handlers.tasks import LIST_LIMIT, card_actions


async def card_ref(task: Task, uow: UnitOfWork) -> SentMessage | None:
    """The client's Slack message about this task (the proposal card Yui keeps the reference of)."""
    proposals = await uow.proposals.for_task(task.organization_id, task.id)
    ref = next((p for p in reversed(proposals) if p.card_ts and p.card_channel), None)
    if ref is None or ref.card_channel is None or ref.card_ts is None:
        return None
    return SentMessage(ChatRef(Platform.SLACK, ref.card_workspace or "", ref.card_channel), ref.card_ts)


async def task_progress(task: Task, uow: UnitOfWork, today: date, zone: ZoneInfo) -> TaskProgress:
    """The task's totals, pace, forecast and verdict over the office week (Mon–Fri, no holidays)."""
    assignments = await uow.assignments.for_task(task.organization_id, task.id)
    reports = await uow.reports.for_assignments([a.id for a in assignments])
    totals = units_by_assignment(reports)
    started = min((a.accepted_at.astimezone(zone).date() for a in assignments), default=None)
    state = progress(
        task.volume.amount if task.volume else None,
        daily_units(reports, zone),
        today,
        task.deadline,
        WorkCalendar(),
        started=started,
    )
    people: list[tuple[str, int, int]] = []
    for assignment in assignments:
        person = await uow.people.get(assignment.person_id)
        name = person.display_name if person and person.display_name else "-"
        people.append((name, totals.get(assignment.id, 0), assignment.units))
    return TaskProgress(task, state, tuple(people))


async def show_status(
    command: ShowStatus, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    """`/yui status <task>`: only the asker sees it; the task by its number in /yui tasks, id or title."""
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        organization = await uow.organizations.get(person.organization_id) if person.organization_id else None
        tasks = await uow.tasks.for_organization(organization.id, active_only=True) if organization else []
        task = find_task(tasks, command.task)
        locale = person.locale
        if task is None or organization is None:
            await uow.commit()
            listed = "\n".join(f"{n}. {t.title}" for n, t in enumerate(tasks[:LIST_LIMIT], start=1))
            text = translate("progress.which_task", locale, tasks=listed or translate("tasks.empty", locale))
            await notifier.send(
                OutgoingMessage(chat=command.chat, text=text, reply=command.reply, ephemeral_to=command.person)
            )
            return []
        zone = ZoneInfo(organization.timezone)
        view = await task_progress(task, uow, clock.now().astimezone(zone).date(), zone)
        waiting = await uow.questions.open_for_tasks(organization.id, [task.id])
        await uow.commit()
    message = status_message(view, command.chat, locale)
    if questions := waiting_block(waiting, clock.now(), locale):  # the task's open questions, no names
        message = dataclasses.replace(message, text=f"{message.text}\n\n{questions}")
    await notifier.send(ephemeral(message, command))
    return []


def find_task(tasks: Sequence[Task], wanted: str) -> Task | None:
    """`3` (its number in /yui tasks), its id, or a word of its title (the first that has it)."""
    wanted = normalize(wanted).strip()
    if not wanted:
        return None
    if wanted.isdigit():
        index = int(wanted) - 1
        return tasks[index] if 0 <= index < len(tasks) else None
    for task in tasks:
        if task.id == wanted:
            return task
    return next((t for t in tasks if wanted in t.title), None)


async def update_task_card(task: Task, uow: UnitOfWork, notifier: Notifier, clock: Clock) -> None:
    """After a report: the client's Slack card for the task shows the progress (chat.update in place),
    with the task's buttons (完了 etc.); nothing when Yui holds no message reference for it."""
    async with uow:
        card = await card_ref(task, uow)
        if card is None:
            return
        current = await uow.tasks.get(task.organization_id, task.id) or task
        author = await uow.people.get(task.created_by)
        organization = await uow.organizations.get(task.organization_id)
        zone = ZoneInfo(organization.timezone if organization else "Asia/Tokyo")
        view = await task_progress(current, uow, clock.now().astimezone(zone).date(), zone)
    locale = author.locale if author else Locale.JA
    message = status_message(view, card.chat, locale)
    await notifier.update(
        card,
        OutgoingMessage(
            chat=card.chat,
            header=message.header,
            text=message.text,
            fields=message.fields,
            actions=card_actions(current, locale),
        ),
    )
