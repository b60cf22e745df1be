"""The daily reminder (issue 6): one gentle LINE push to a worker who has not reported yet today.

`send_reminders` is a timed job (every few minutes, see bot/handling.py). Each run looks at the
state, not at the time that passed, so a late run still sends today's reminder (until
domain.reminders.LATEST) and a run that comes twice sends nothing twice: the send is recorded
under the unique key (person, local date) and committed BEFORE the push, so of several worker
processes exactly one pushes. If the push then fails the reminder is lost for that day; a missed
reminder is better than a second one (nagging makes people block bots).

Every LINE push (reminders, digests, a leader told of a blocker, an offer, a reply token that came
too late) is counted per person and local day in `line_pushes` by the LINE notifier, which alone
knows whether a message went out as a free reply or as a push (`count_line_push` below): a worker
who reports on their own is answered with the free reply token and costs no push that day.

In the chat: 「リマインド 20時」「リマインド 20:30」「リマインド停止」「リマインド再開」, and 「リマインド」 alone
says what is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from domain.i18n import translate
from domain.model import Person, TaskStatus
from domain.ports import UnitOfWork
from domain.proposals import Assignment
from domain.refs import ChatRef, PersonRef, Platform
from domain.reminders import (
    ReminderChange,
    ReminderSetting,
    calendar_of,
    format_time,
    is_due,
    parse_reminder,
)
from handlers.commands import Command
from handlers.events import Event
from handlers.ports import Clock, Notifier, OutgoingMessage, QuickReply

ACTIVE_STATUSES = frozenset({TaskStatus.MATCHED, TaskStatus.IN_PROGRESS})  # paused work is not nagged about


async def handle_text(
    command: Command, person: Person, text: str, uow: UnitOfWork, notifier: Notifier
) -> list[Event] | None:
    """「リマインド …」 changes, stops, resumes or shows the person's reminder; None for anything else."""
    asked = parse_reminder(text)
    if asked is None:
        return None
    locale = person.locale
    async with uow:
        setting = await uow.reminders.setting(person.id)
        if asked.invalid:
            key, changed = "reminder.invalid", None
        elif asked.change is ReminderChange.SET:
            assert asked.at is not None
            key, changed = "reminder.set", ReminderSetting(person.id, asked.at, True)
        elif asked.change is ReminderChange.STOP:
            key, changed = "reminder.stopped", ReminderSetting(person.id, setting.remind_at, False)
        elif asked.change is ReminderChange.RESUME:
            key, changed = "reminder.resumed", ReminderSetting(person.id, setting.remind_at, True)
        else:
            key, changed = ("reminder.show_on" if setting.enabled else "reminder.show_off"), None
        if changed is not None:
            await uow.reminders.save_setting(changed)
            setting = changed
        await uow.commit()
    text = translate(key, locale, time=format_time(setting.remind_at))
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply))
    return []


async def send_reminders(uow: UnitOfWork, notifier: Notifier, clock: Clock) -> list[str]:
    """Push today's reminder to everyone due now; the ids of the people reminded."""
    now = clock.now()
    due: list[tuple[Person, ChatRef, list[str]]] = []
    async with uow:
        people = [p for p in await uow.people.all() if _line_chat(p) is not None]
        assignments = await uow.assignments.for_people([p.id for p in people])
        for person in people:
            zone = ZoneInfo(person.timezone)
            local_now = now.astimezone(zone)
            if not assignments[person.id]:
                continue
            setting = await uow.reminders.setting(person.id)
            if not setting.enabled or local_now.time() < setting.remind_at:
                continue  # the cheap checks first: most runs of the day stop here
            if await uow.reminders.sent_on(person.id, local_now.date()):
                continue
            titles = await _active_titles(assignments[person.id], uow)
            if not titles:
                continue
            midnight = datetime.combine(local_now.date(), time(0, 0), tzinfo=zone).astimezone(UTC)
            reported = person.id in await uow.reports.reported_since([person.id], midnight)
            profile = await uow.profiles.get(person.id)
            calendar = calendar_of(profile.time_windows if profile else ())
            absences = await uow.absences.for_person(person.id)
            if is_due(setting, local_now, calendar, absences, has_active_work=True, reported_today=reported):
                chat = _line_chat(person)
                assert chat is not None
                due.append((person, chat, titles))
    reminded: list[str] = []
    for person, chat, titles in due:
        day = now.astimezone(ZoneInfo(person.timezone)).date()
        async with uow:  # the record first, in its own transaction: the unique key decides who sends
            claimed = await uow.reminders.claim(person.id, day, now)
            await uow.commit()
        if not claimed:
            continue
        await notifier.send(_reminder(person, chat, titles))  # the LINE notifier counts the push
        reminded.append(person.id)
    return reminded


async def count_line_push(chat: ChatRef, at: datetime, uow: UnitOfWork) -> str | None:
    """Count one LINE push to `chat` on the recipient's local day; the person's id, or None when the
    chat is no person's 1:1 chat (a group or room, an account nobody registered)."""
    if chat.platform is not Platform.LINE:
        return None
    async with uow:
        person = await uow.people.by_identity(PersonRef(Platform.LINE, chat.workspace, chat.channel_id))
        if person is None:
            return None
        await uow.reminders.count_push(person.id, at.astimezone(ZoneInfo(person.timezone)).date())
        await uow.commit()
    return person.id


async def _active_titles(assignments: Sequence[Assignment], uow: UnitOfWork) -> list[str]:
    """Titles of the person's work under way whose share is not yet reported finished."""
    if not assignments:
        return []
    reports = await uow.reports.for_assignments([a.id for a in assignments])
    finished = {r.assignment_id for r in reports if r.done}
    totals: dict[str, int] = {}
    for report in reports:
        totals[report.assignment_id] = totals.get(report.assignment_id, 0) + (report.units_done or 0)
    titles: list[str] = []
    for assignment in assignments:
        if assignment.id in finished or totals.get(assignment.id, 0) >= assignment.units:
            continue
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id)
        if task is not None and task.status in ACTIVE_STATUSES and task.title not in titles:
            titles.append(task.title)
    return titles


def _line_chat(person: Person) -> ChatRef | None:
    """Reminders go to LINE only (the worker's chat), never to a blocked account."""
    identity = person.identity_on(Platform.LINE)
    if identity is None or identity.blocked or person.withdrawn:
        return None
    return ChatRef(Platform.LINE, identity.ref.workspace, identity.ref.user_id)


def _reminder(person: Person, chat: ChatRef, titles: list[str]) -> OutgoingMessage:
    locale = person.locale
    name = person.display_name or translate("person.default_name", locale)
    tasks = translate("list.separator", locale).join(titles)
    report = translate("menu.report", locale)
    return OutgoingMessage(
        chat=chat,
        text=translate("reminder.text", locale, name=name, tasks=tasks),
        quick_replies=(QuickReply(report, report),),
    )
