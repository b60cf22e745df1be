"""「進捗は？」: the worker's own totals, what is left, their pace and forecast, per assignment."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from domain.i18n import translate
from domain.model import Person
from domain.ports import UnitOfWork
from domain.progress import WorkCalendar, progress
from domain.reminders import calendar_of
from handlers.commands import Command
from handlers.events import Event
from handlers.ports import Clock, Notifier
from handlers.reports.messages import pace_line
from handlers.reports.work import daily_units, load_work, say, today_of
from handlers.tasks import format_date


async def own_progress(
    command: Command, person: Person, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event]:
    locale = person.locale
    zone = ZoneInfo(person.timezone)
    today = today_of(person, clock)
    async with uow:
        work = await load_work(person, uow)
        reports = await uow.reports.for_assignments(list(work.hints))
        profile = await uow.profiles.get(person.id)
    if not work.hints:
        await say(notifier, command, translate("report.no_work", locale))
        return []
    calendar = calendar_of(profile.time_windows) if profile else WorkCalendar()
    lines = [translate("own.header", locale, date=format_date(today, locale))]
    for hint in work.hints.values():
        assignment = work.assignments[hint.assignment_id]
        mine = [r for r in reports if r.assignment_id == hint.assignment_id]
        state = progress(
            assignment.units,
            daily_units(mine, zone),
            today,
            assignment.due,
            calendar,
            started=assignment.accepted_at.astimezone(zone).date(),
        )
        lines.append(
            translate(
                "own.line",
                locale,
                title=hint.title,
                done=state.done,
                share=assignment.units,
                unit=hint.unit,
                left=state.remaining or 0,
            )
        )
        lines.append(pace_line(state, hint.unit, locale))
    await say(notifier, command, "\n".join(lines))
    return []
