"""Storing what a report says, and what follows it: one `ProgressReport` per assignment, corrections
as their own rows pointing at the report they fix, the task moved along (MATCHED → IN_PROGRESS), the
confirmation with its 「訂正する」 quick reply, the client's card updated, and the client told with a
完了にする button when every share is reported finished.

The same inbound message never stores twice: each report keeps its message's key (`source`)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.i18n import translate
from domain.model import Person, Task, TaskStatus
from domain.ports import UnitOfWork
from domain.proposals import ProgressReport
from domain.refs import ChatRef, Platform
from domain.reports import (
    AssignmentHint,
    Correction,
    ParsedReport,
    ReportItem,
    SharedWith,
    blocker_with_count,
    confirmation,
)
from handlers import buttons
from handlers.commands import Command
from handlers.events import Event, ReportSubmitted, TaskChanged
from handlers.ports import Action, ActionStyle, Clock, Notifier, OutgoingMessage, QuickReply
from handlers.reports.blockers import blocker_audience
from handlers.reports.messages import total_line
from handlers.reports.status import card_ref, update_task_card
from handlers.reports.work import Work, current_values, has_content


async def store(
    command: Command,
    person: Person,
    parsed: ParsedReport,
    work: Work,
    text: str,
    source: str | None,
    uow: UnitOfWork,
    notifier: Notifier,
    clock: Clock,
) -> list[Event] | None:
    """Store what `parsed` says (reports and a correction), move the tasks along, confirm, and tell
    the client and the leaders what they need to hear."""
    now = clock.now()
    locale = person.locale
    async with uow:
        touched = {work.assignments[i.assignment_id].task_id for i in parsed.items if i.assignment_id in work.hints}
        finished_before = {task_id: await _task_finished(work.tasks[task_id], uow) for task_id in touched}
        events: list[Event] = []
        stored: list[ProgressReport] = []
        for item in parsed.items:
            hint = work.hints.get(item.assignment_id) if item.assignment_id else None
            if hint is None or not has_content(item):
                continue
            assignment = work.assignments[hint.assignment_id]
            report = _report(item, hint, assignment.organization_id, person, text, parsed.parser, now, source)
            await uow.reports.add(report)
            stored.append(report)
            events.append(ReportSubmitted(report.id, hint.assignment_id, person.id, bool(report.blockers)))
        extra: list[str] = []
        asked = parsed.correction
        if asked is not None:
            fixed = await _apply_correction(asked, person, work, text, parsed.parser, now, source, uow)
            if fixed is None:  # nothing to fix: say so, and do not confirm a correction
                parsed = dataclasses.replace(parsed, correction=None)
                extra.append(translate("report.correction_not_found", locale))
            else:
                stored.append(fixed)
                touched.add(work.assignments[fixed.assignment_id].task_id)
                # name the assignment the correction was placed on, for the confirmation
                placed = dataclasses.replace(asked, assignment_id=fixed.assignment_id)
                parsed = dataclasses.replace(parsed, correction=placed)
                extra.append(total_line(work.hints[fixed.assignment_id], fixed.units_cumulative, locale))
        if not stored and not extra:
            return None
        shared_with: dict[str, SharedWith] = {}  # so the reply names who really heard the blockers
        for item in parsed.items:
            aid = item.assignment_id
            if aid is not None and aid in work.hints and (item.blockers or item.questions):
                task = work.tasks[work.assignments[aid].task_id]
                shared_with[aid], _ = await blocker_audience(person.id, task, uow)
        complete: list[Task] = []
        for task_id in sorted(touched):
            task = work.tasks[task_id]
            if task.status is TaskStatus.MATCHED and any(r.corrects_id is None for r in stored):
                task.start(now)
                await uow.tasks.save(task)
                events.append(TaskChanged(task.id, task.organization_id, "started"))
            if not finished_before.get(task_id, True) and await _task_finished(task, uow):
                complete.append(task)
        await uow.commit()
    hints = list(work.hints.values())
    body = confirmation(parsed, hints, locale, shared_with) if parsed.items or parsed.correction else ""
    correct = translate("report.quick.correct", locale)
    await notifier.send(
        OutgoingMessage(
            chat=command.chat,
            text="\n".join(part for part in (body, *extra) if part),
            reply=command.reply,
            quick_replies=(QuickReply(correct, correct),),
        )
    )
    for task_id in sorted(touched):
        await update_task_card(work.tasks[task_id], uow, notifier, clock)
    for task in complete:
        await _tell_client_complete(task, uow, notifier)
    return events


async def _apply_correction(
    correction: Correction,
    person: Person,
    work: Work,
    text: str,
    parser: str,
    now: datetime,
    source: str | None,
    uow: UnitOfWork,
) -> ProgressReport | None:
    """Find the report `correction` is about (its assignment, its day, its number when said) and
    store the correction row; None when there is no such report."""
    zone = ZoneInfo(person.timezone)
    wanted = [correction.assignment_id] if correction.assignment_id else list(work.hints)
    reports = await uow.reports.for_assignments([a for a in wanted if a in work.hints])
    current = current_values(reports)
    candidates = [
        r
        for r in reports
        if r.corrects_id is None
        and (correction.report_date is None or r.reported_at.astimezone(zone).date() == correction.report_date)
    ]
    if correction.previous is not None:
        # 「10件じゃなくて12件」 names what was stored: a report with another number is not the one meant
        candidates = [r for r in candidates if current[r.id] == correction.previous]
    if not candidates:
        return None
    target = candidates[-1]  # the latest of the ones that fit
    return await store_correction(target, correction.value, current[target.id], person, text, parser, now, source, uow)


async def store_correction(
    target: ProgressReport,
    value: int,
    was: int,
    person: Person,
    text: str,
    parser: str,
    now: datetime,
    source: str | None,
    uow: UnitOfWork,
) -> ProgressReport:
    total = (await uow.reports.cumulative_by_assignment([target.assignment_id]))[target.assignment_id]
    fixed = ProgressReport(
        organization_id=target.organization_id,
        assignment_id=target.assignment_id,
        person_id=person.id,
        units_done=value - was,
        units_cumulative=total + value - was,
        hours=None,
        done=False,
        blockers="",
        raw_text=text,
        parser=parser,
        reported_at=now,
        corrects_id=target.id,
        source=source,
    )
    await uow.reports.add(fixed)
    return fixed


async def _task_finished(task: Task, uow: UnitOfWork) -> bool:
    """Every share reported finished (「全部終わりました」 or its units reached), or the volume reached."""
    shares = await uow.reports.shares_of_task(task.organization_id, task.id)
    if not shares:
        return False
    if task.volume is not None and sum(s.reported for s in shares) >= task.volume.amount:
        return True
    return all(s.said_done or s.reported >= s.units for s in shares)


async def _tell_client_complete(task: Task, uow: UnitOfWork, notifier: Notifier) -> None:
    """Every share is reported done: the client hears it in Slack and decides DONE with one button."""
    async with uow:
        author = await uow.people.get(task.created_by)
        done = sum((await uow.reports.units_by_task(task.organization_id, [task.id])).values())
        chat = await _client_chat(task, author, uow)
    if author is None or chat is None:
        return
    locale = author.locale
    total = task.volume.amount if task.volume else done
    unit = task.volume.unit if task.volume else ""
    text = translate("report.task_complete", locale, title=task.title, done=done, total=total, unit=unit)
    actions: tuple[Action, ...] = ()
    if task.can_move_to(TaskStatus.DONE):
        actions = (
            Action(translate("report.button.mark_done", locale), buttons.TASK_DONE, task.id, ActionStyle.PRIMARY),
        )
    await notifier.send(OutgoingMessage(chat=chat, text=text, actions=actions))


async def _client_chat(task: Task, author: Person | None, uow: UnitOfWork) -> ChatRef | None:
    """Where the client follows the task: its updates channel, else the channel of its card, else a DM."""
    slack = author.identity_on(Platform.SLACK) if author else None
    if task.updates_channel and slack is not None:
        return ChatRef(Platform.SLACK, slack.ref.workspace, task.updates_channel)
    card = await card_ref(task, uow)
    if card is not None:
        return card.chat
    if slack is not None and not slack.blocked:
        return ChatRef(Platform.SLACK, slack.ref.workspace, slack.ref.user_id)
    return None


def _report(
    item: ReportItem,
    hint: AssignmentHint,
    organization_id: str,
    person: Person,
    text: str,
    parser: str,
    now: datetime,
    source: str | None,
) -> ProgressReport:
    units_done = item.units_done
    if units_done is None and item.units_cumulative is not None:
        units_done = max(item.units_cumulative - hint.reported, 0)
    cumulative = hint.reported + (units_done or 0)
    lines = [blocker_with_count(b, hint, person.locale) for b in item.blockers]
    lines.extend(item.questions)
    return ProgressReport(
        organization_id=organization_id,
        assignment_id=hint.assignment_id,
        person_id=person.id,
        units_done=units_done,
        units_cumulative=cumulative,
        hours=item.hours,
        done=item.done,
        blockers="\n".join(lines),
        raw_text=text,
        parser=parser,
        reported_at=now,
        source=source,
    )
