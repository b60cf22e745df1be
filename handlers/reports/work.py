"""What the report flows share: the person's accepted work on tasks still under way (as the parser
and the handlers read it), a report's current value after corrections, units per day, the inbound
message's key, and the one-line reply."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from domain.model import Person, Task, TaskStatus
from domain.ports import UnitOfWork
from domain.progress import units_by_day
from domain.proposals import Assignment, ProgressReport
from domain.reports import AssignmentHint, ReportItem
from handlers.commands import Command
from handlers.ports import Clock, Notifier, OutgoingMessage

OPEN_STATUSES = frozenset({TaskStatus.MATCHED, TaskStatus.IN_PROGRESS, TaskStatus.PAUSED, TaskStatus.OPEN})


@dataclass(frozen=True, slots=True)
class Work:
    """The person's accepted work on tasks still under way, as the parser and the handlers need it."""

    hints: dict[str, AssignmentHint]
    assignments: dict[str, Assignment]
    tasks: dict[str, Task]  # by task id


async def load_work(person: Person, uow: UnitOfWork) -> Work:
    assignments = (await uow.assignments.for_people([person.id]))[person.id]
    reported = await uow.reports.reported_units([a.id for a in assignments])
    hints: dict[str, AssignmentHint] = {}
    kept: dict[str, Assignment] = {}
    tasks: dict[str, Task] = {}
    for assignment in assignments:
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id)
        if task is None or task.status not in OPEN_STATUSES:
            continue
        unit = task.volume.unit if task.volume else "件"
        kept[assignment.id] = assignment
        tasks[task.id] = task
        hints[assignment.id] = AssignmentHint(
            assignment.id, task.title, unit, target=assignment.units, reported=reported[assignment.id]
        )
    return Work(hints, kept, tasks)


def current_values(reports: Iterable[ProgressReport]) -> dict[str, int]:
    """Each report's units as they stand now: its own count plus the corrections made to it."""
    values: dict[str, int] = {}
    for report in reports:
        key = report.corrects_id or report.id
        values[key] = values.get(key, 0) + (report.units_done or 0)
    return values


def units_by_assignment(reports: Iterable[ProgressReport]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for report in reports:
        totals[report.assignment_id] = totals.get(report.assignment_id, 0) + (report.units_done or 0)
    return totals


def daily_units(reports: Iterable[ProgressReport], zone: ZoneInfo) -> dict[date, int]:
    """Units per local day; a correction counts on the day of the report it fixes (progress.units_by_day)."""
    listed = list(reports)
    day_of = {r.id: r.reported_at.astimezone(zone).date() for r in listed}
    return units_by_day(
        (day_of.get(r.corrects_id or r.id, r.reported_at.astimezone(zone).date()), r.units_done or 0) for r in listed
    )


def today_of(person: Person, clock: Clock) -> date:
    return clock.now().astimezone(ZoneInfo(person.timezone)).date()


def source_of(command: Command) -> str | None:
    """The inbound message's key: LINE's reply token is unique per event and the same when redelivered."""
    return f"{command.person.platform.value}:{command.reply.token}"[:64] if command.reply else None


async def say(notifier: Notifier, command: Command, text: str) -> None:
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply))


def has_content(item: ReportItem) -> bool:
    return (
        item.units_done is not None
        or item.units_cumulative is not None
        or item.hours is not None
        or item.done
        or bool(item.blockers)
        or bool(item.questions)
    )
