"""Progress reports in LINE (issue 6): a teleworker's plain message about their accepted work.

The offline rules (domain.reports) read the message against what the person is assigned. When they
are sure, one `ProgressReport` per assignment is stored and Yui confirms what it understood, with a
「訂正する」 quick reply; when they are not (which assignment, which unit, numbers that do not add up),
Yui asks and stores nothing. Blockers and questions reach the person's team leaders at once.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from domain.i18n import translate
from domain.model import Person, TaskStatus
from domain.ports import UnitOfWork
from domain.proposals import ProgressReport
from domain.reports import Ask, AssignmentHint, ParsedReport, ReportItem, confirmation, parse_report
from handlers.absences import team_leaders, tell_each
from handlers.commands import Command
from handlers.events import Event, ReportSubmitted
from handlers.ports import Clock, Notifier, OutgoingMessage, QuickReply

QUICK_LABEL_LIMIT = 20  # LINE quick reply labels
QUICK_TEXT_LIMIT = 300  # LINE quick reply message text
OPEN_STATUSES = frozenset({TaskStatus.MATCHED, TaskStatus.IN_PROGRESS, TaskStatus.PAUSED, TaskStatus.OPEN})


async def report_from_text(
    command: Command, person: Person, text: str, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event] | None:
    """Handle `text` as a progress report if the person has accepted work and it says something about
    it; None leaves the message to the general handler (greetings, help ...)."""
    today = clock.now().astimezone(ZoneInfo(person.timezone)).date()
    async with uow:
        hints, organizations = await _hints(person, uow)
        if not hints:
            return None
        parsed = parse_report(text, list(hints.values()), today)
        if not _worth_answering(parsed):
            return None
        locale = person.locale
        if parsed.ask:
            await notifier.send(
                OutgoingMessage(
                    chat=command.chat,
                    text="\n".join(translate(f"report.ask.{ask}", locale) for ask in parsed.ask),
                    reply=command.reply,
                    quick_replies=_choices(parsed, hints, text),
                )
            )
            return []
        now = clock.now()
        events: list[Event] = []
        for item in parsed.items:
            hint = hints.get(item.assignment_id) if item.assignment_id else None
            if hint is None or not _has_content(item):
                continue
            report = _report(item, hint, organizations[hint.assignment_id], person, text, parsed.parser, now)
            await uow.reports.add(report)
            events.append(ReportSubmitted(report.id, hint.assignment_id, person.id, bool(report.blockers)))
        if not events:
            return None
        await uow.commit()
    correct = translate("report.quick.correct", locale)
    await notifier.send(
        OutgoingMessage(
            chat=command.chat,
            text=confirmation(parsed, list(hints.values()), locale),
            reply=command.reply,
            quick_replies=(QuickReply(correct, correct),),
        )
    )
    return events


async def tell_leaders_of_blockers(event: ReportSubmitted, uow: UnitOfWork, notifier: Notifier) -> list[Event]:
    """A blocker or question in a report reaches the person's team leaders now, not in a digest."""
    if not event.has_blockers:
        return []
    async with uow:
        reporter = await uow.people.get(event.person_id)
        reports = await uow.reports.for_assignment(event.assignment_id)
        report = next((r for r in reports if r.id == event.report_id), None)
        assignments = (await uow.assignments.for_people([event.person_id]))[event.person_id]
        assignment = next((a for a in assignments if a.id == event.assignment_id), None)
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id) if assignment else None
        leaders = await team_leaders(event.person_id, uow)
    if reporter is None or report is None or task is None:
        return []

    def notice(leader: Person) -> str:
        locale = leader.locale
        name = reporter.display_name or translate("person.default_name", locale)
        return translate("report.leader_notice", locale, name=name, title=task.title, blockers=report.blockers)

    await tell_each(leaders, notifier, notice)
    return []


async def _hints(person: Person, uow: UnitOfWork) -> tuple[dict[str, AssignmentHint], dict[str, str]]:
    """The person's accepted assignments on tasks still under way, as the parser needs them, and the
    organisation of each."""
    assignments = (await uow.assignments.for_people([person.id]))[person.id]
    reported = await uow.reports.reported_units([a.id for a in assignments])
    hints: dict[str, AssignmentHint] = {}
    organizations: dict[str, str] = {}
    for assignment in assignments:
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id)
        if task is None or task.status not in OPEN_STATUSES:
            continue
        unit = task.volume.unit if task.volume else "件"
        organizations[assignment.id] = assignment.organization_id
        hints[assignment.id] = AssignmentHint(
            assignment.id, task.title, unit, target=assignment.units, reported=reported[assignment.id]
        )
    return hints, organizations


def _has_content(item: ReportItem) -> bool:
    return (
        item.units_done is not None
        or item.units_cumulative is not None
        or item.hours is not None
        or item.done
        or bool(item.blockers)
        or bool(item.questions)
    )


def _worth_answering(parsed: ParsedReport) -> bool:
    """Something about the work was said (or must be asked about); small talk goes elsewhere."""
    return any(_has_content(item) for item in parsed.items)


def _report(
    item: ReportItem,
    hint: AssignmentHint,
    organization_id: str,
    person: Person,
    text: str,
    parser: str,
    now: datetime,
) -> ProgressReport:
    units_done = item.units_done
    if units_done is None and item.units_cumulative is not None:
        units_done = max(item.units_cumulative - hint.reported, 0)
    cumulative = hint.reported + (units_done or 0)
    lines = [b.text + (f" ({b.count})" if b.count is not None else "") for b in item.blockers]
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
    )


def _choices(parsed: ParsedReport, hints: dict[str, AssignmentHint], text: str) -> tuple[QuickReply, ...]:
    """With the assignment unclear, one quick reply per assignment: tapping it sends the report again,
    led by the assignment's title, so the rules can place it."""
    if Ask.ASSIGNMENT.value not in parsed.ask:
        return ()
    choices: list[QuickReply] = []
    for hint in hints.values():
        again = f"{hint.title} {text}"
        choices.append(
            QuickReply(hint.title[:QUICK_LABEL_LIMIT], again if len(again) <= QUICK_TEXT_LIMIT else hint.title)
        )
    return tuple(choices)
